"""Issue 20: one importer machinery for every ledger. Every Resource spells its template's example row
`Meta.example` ({header: value}) and its preview's columns `Meta.preview` (declared names); no importer keeps a
second spelling of either, and every importer of a file reads its rows by the engine's `read_rows`."""

import pytest

from apps.core import imports

UPLOADED = sorted(n for n, cls in imports.IMPORTERS.items() if cls.uploads)


@pytest.mark.parametrize("name", sorted(imports.IMPORTERS))
def test_the_example_row_and_the_preview_columns_are_the_resources(name):
    importer = imports.IMPORTERS[name]
    meta, declared = importer.resource_class.Meta, importer.declared()
    example = getattr(meta, "example", {})
    assert isinstance(example, dict) and set(example) <= {c.header for c in declared}, "Meta.example: {header: value}"
    assert set(getattr(meta, "preview", ())) <= {c.name for c in declared}, "Meta.preview names declared columns"
    for second in ("template_example", "preview_columns", "example"):
        assert not hasattr(importer, second), f"{name} spells {second} on the importer"


@pytest.mark.parametrize("name", UPLOADED)
def test_every_uploaded_ledger_is_previewed_by_its_resource(name):
    importer = imports.IMPORTERS[name]
    if importer.preview is imports.ObjectImporter.preview and not importer.preview_headers:
        assert getattr(importer.resource_class.Meta, "preview", ()), f"{name}: Meta.preview names no column"


def test_the_template_writes_the_resources_example_row(db):
    from io import BytesIO

    from openpyxl import load_workbook

    from apps.accounts.models import User
    from apps.parks.importing import ParkImporter
    from apps.parks.resources import ParkResource

    sheet = load_workbook(BytesIO(ParkImporter(User(is_superuser=True)).template())).worksheets[0]
    headers, example = ([c.value for c in row] for row in sheet.iter_rows(max_row=2))
    assert dict(zip([h.rstrip("*") for h in headers], example, strict=True)) == {
        h: ParkResource.Meta.example.get(h) for h in (h.rstrip("*") for h in headers)}
