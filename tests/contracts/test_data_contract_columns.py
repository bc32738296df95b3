"""The data contract, column by column: every declared column of every importer comes back out of the same
ledger's export with the value it went in with (template → import → export), read by the column's name.

A column that an export writes only masked (personal data) is named in MASKED with the header it is exported
under; the masked value must still be the mask of what went in.
"""

import datetime
import io

import pytest
from openpyxl import load_workbook

from apps.core import imports, widgets
from apps.core.exports import EXPORTERS
from apps.core.masking import mask_id_number, mask_phone
from apps.core.spreadsheets import text
from tests.contracts.test_data_contracts import collect, import_rows, world  # noqa: F401 - the contract's world fixture

pytestmark = pytest.mark.django_db

# importer → {declared header: (exported header, mask)} for personal data the export writes masked only
MASKED = {
    "coordinators.ledger": {"身份证号": ("身份证号（脱敏）", mask_id_number), "手机号码": ("手机号码（脱敏）", mask_phone)},
    "coordinators.attendance": {"身份证号": ("身份证号（脱敏）", mask_id_number)},
    "enterprises.ledger": {"联系电话": ("联系电话", mask_phone)},
    "parks.industrial": {"联系电话": ("联系电话", mask_phone)},
}


def exported_rows(exporter_cls, user, query=""):
    book = load_workbook(io.BytesIO(exporter_cls(user, query).content("xlsx")), read_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    headers = [text(h) for h in next(rows)]
    return [dict(zip(headers, row, strict=False)) for row in rows]


def normal(field, value):
    """A cell as its column's widget reads it (so 2 and "2", 是 and True, a date and its text compare equal)."""
    widget = field.widget if field is not None else None
    if isinstance(widget, widgets.YesNoWidget | widgets.DateWidget | widgets.CountWidget | widgets.ChoiceLabelWidget):
        try:
            value = widget.clean(value)
        except ValueError:
            pass
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value if isinstance(value, bool | datetime.date) else (text(value) or None)


@pytest.mark.parametrize("name", sorted(n for n, cls in imports.IMPORTERS.items() if cls.uploads))
def test_every_declared_column_round_trips_by_name(name, world):  # noqa: F811
    from apps.core import imports as engine

    case = collect("build_import_cases", world)[name]
    user = case.user or world.user_a
    importer_cls = imports.IMPORTERS[name]
    job = import_rows(name, case, case.rows, user)
    assert job.params["stage"] == "validated", job.params.get("errors")
    assert engine.confirm(job) is True
    exporters = [e for e in EXPORTERS.values() if e.model is importer_cls.model]
    assert exporters, f"{name}: no export of the same ledger to read the import back"
    resource = importer_cls.resource_class()
    by_header = {f.column_name: f for f in resource.fields.values()}
    masked = MASKED.get(name, {})
    query = "&".join(f"{k}={v}" for k, v in case.context.items())
    for exporter_cls in exporters:
        out = {text(r.get(case.key)): r for r in exported_rows(exporter_cls, user, query)}
        missing = [h for h in importer_cls.headers() if h not in exporter_cls(user, query).headers
                   and masked.get(h, ("",))[0] not in exporter_cls(user, query).headers]
        assert not missing, f"{exporter_cls.name} does not export the declared columns {missing}"
        for row in case.rows:
            exported = out.get(text(row[case.key]))
            assert exported is not None, f"{exporter_cls.name} does not export {row[case.key]}"
            for header in importer_cls.headers():
                if row.get(header, "") in ("", None):
                    continue  # left blank: the ledger's default, not a value that went in
                if header in masked:
                    label, mask = masked[header]
                    assert exported[label] == mask(str(row[header])), (exporter_cls.name, header)
                    continue
                sent = row[header]
                field = by_header.get(header)
                assert normal(field, exported[header]) == normal(field, sent), (
                    f"{exporter_cls.name}: {header} went in as {sent!r} and came out as {exported[header]!r}")


def test_a_park_export_imported_again_keeps_the_real_phone(world):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.parks.exporting import ParkExporter
    from apps.parks.models import Park

    park = Park.objects.create(name="回读园", level=Park.Level.OTHER, region=world.region_a,
                               contact_phone="13800001234", contact_person="张三")
    content = ParkExporter(world.user_a).content("xlsx")
    job = imports.accept_upload(imports.IMPORTERS["parks.industrial"], world.user_a,
                                SimpleUploadedFile("园区台账.xlsx", content))
    assert job.params["stage"] == "validated", job.params.get("errors")
    assert imports.confirm(job) is True
    park.refresh_from_db()
    assert park.contact_phone == "13800001234" and park.contact_person == "张三"


@pytest.mark.parametrize("name", sorted(n for n, cls in imports.IMPORTERS.items() if cls.uploads))
def test_the_round_trip_fills_every_column_an_import_writes(name, world):  # noqa: F811
    """The round trip above checks the columns its rows fill: they fill every declared column that an import
    writes, so a column dropped or shifted by the import or by the export fails it."""
    importer_cls = imports.IMPORTERS[name]
    case = collect("build_import_cases", world)[name]
    unwritten = set(getattr(importer_cls, "unwritten", ())) - {"region_code"}  # e.g. a station's acceptance
    blank = [c.header for c in importer_cls.declared() if c.name not in unwritten
             and all(row.get(c.header) in ("", None) for row in case.rows)]
    assert not blank, f"{name}: the contract's rows leave {blank} blank"
