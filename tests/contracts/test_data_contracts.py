"""Every registered importer, exporter and job kind, tried the same way.

Importers and exporters are enumerated from their registries (apps/core/imports.py, apps/core/exports.py) and
job kinds from the job runner's (apps/core/jobs.py), so one added later is covered the day it is registered:
its app must ship `build_import_cases(world)` / `build_export_cases(world)` in its testing.py or this test fails.

For each importer, as a county user: the template's header row is the importer's columns; a file of good rows
written on that template is previewed and then written whole, with 变更记录 rows, and comes back out of the
same ledger's export (the round trip); a second confirmation writes nothing more; one bad row, or one row of
another county, writes nothing. For each exporter: exactly the user's area's rows, personal data masked.
For each job kind: a task that raises ends failed with a Chinese message and its owner notified.
"""

import dataclasses
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from apps.core import imports, jobs
from apps.core.apps import portal_modules
from apps.core.exports import EXPORTERS
from apps.core.models import BackgroundJob
from tests.conftest import make_staff
from tests.contracts.sweep import SweepWorld

pytestmark = pytest.mark.django_db


def collect(function_name, world):
    found = {}
    for module in portal_modules("testing"):
        if hasattr(module, function_name):
            found.update(getattr(module, function_name)(world))
    return found


@pytest.fixture
def world(media):
    return SweepWorld(make_staff)


def upload_of(importer_cls, rows, name="contract.xlsx"):
    headers = importer_cls.headers()
    book = Workbook()
    sheet = book.active
    sheet.title = importer_cls.sheet or sheet.title
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def import_rows(importer_name, case, rows, user):
    importer_cls = imports.IMPORTERS[importer_name]
    return imports.accept_upload(importer_cls, user, upload_of(importer_cls, rows), context=case.context)


def apply_batch(importer_cls, case, rows, user):
    """A JSON batch (an importer without uploads, e.g. the API's signals) through the engine's apply_rows."""
    from apps.core.uploads import Table

    headers = importer_cls.headers()
    table = Table(headers, ((n, [row.get(h) for h in headers]) for n, row in enumerate(rows, start=1)))
    return imports.apply_rows(importer_cls(user, **case.context), table)


def exported_text(exporter_cls, user, query=""):
    book = load_workbook(io.BytesIO(exporter_cls(user, query).content("xlsx")), read_only=True)
    return "\n".join("\t".join("" if v is None else str(v) for v in row)
                     for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))


def test_every_importer_and_exporter_has_cases(world):
    missing_imports = sorted(set(imports.IMPORTERS) - set(collect("build_import_cases", world)))
    missing_exports = sorted(set(EXPORTERS) - set(collect("build_export_cases", world)))
    assert not missing_imports, f"importers without build_import_cases in their app's testing.py: {missing_imports}"
    assert not missing_exports, f"exporters without build_export_cases in their app's testing.py: {missing_exports}"


@pytest.mark.parametrize("name", sorted(imports.IMPORTERS))
def test_an_import_round_trips_from_template_to_export_once_with_history(name, world):
    case = collect("build_import_cases", world)[name]
    user = case.user or world.user_a
    importer_cls = imports.IMPORTERS[name]
    if not importer_cls.uploads:
        before = case.written().count()
        plan, result = apply_batch(importer_cls, case, case.rows, user)
        assert result is not None, plan.errors
        written = list(case.written())
        assert len(written) == before + len(case.rows)
        # the same batch again (a replay) writes nothing more
        plan, result = apply_batch(importer_cls, case, case.rows, user)
        assert result is not None and case.written().count() == before + len(case.rows)
        return
    template = load_workbook(io.BytesIO(importer_cls(user, **case.context).template()), read_only=True)
    sheet = template[importer_cls.sheet] if importer_cls.sheet in template.sheetnames else template.worksheets[0]
    header_row = [str(v).rstrip("*") for v in next(sheet.iter_rows(max_row=1, values_only=True)) if v]
    assert header_row[:len(importer_cls.headers())] == importer_cls.headers()

    before = case.written().count()
    job = import_rows(name, case, case.rows, user)
    assert job.params["stage"] == "validated", job.params.get("errors")
    assert case.written().count() == before, "a preview must write nothing"
    assert imports.confirm(job) is True
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.params["stage"] == "applied", job.message
    written = list(case.written())
    assert len(written) == before + len(case.rows)
    # a second click on 确认导入 writes nothing more
    assert imports.confirm(job) is False
    assert case.written().count() == before + len(case.rows)
    if hasattr(type(written[0]), "history"):
        for obj in written:
            assert obj.history.filter(history_type="+").exists(), f"{name}: {obj} has no 变更记录 row"
    exporters = [e for e in EXPORTERS.values() if e.model is importer_cls.model]
    for exporter_cls in exporters:
        query = "&".join(f"{k}={v}" for k, v in case.context.items())
        text = exported_text(exporter_cls, user, query)
        for row in case.rows:
            assert str(row[case.key]) in text, f"{exporter_cls.name} does not export imported {row[case.key]}"


@pytest.mark.parametrize("name", sorted(imports.IMPORTERS))
@pytest.mark.parametrize("spoiler", ["bad", "foreign"])
def test_one_bad_or_foreign_row_writes_nothing_and_is_named(name, spoiler, world):
    case = collect("build_import_cases", world)[name]
    user = case.user or world.user_a
    before = case.written().count()
    importer_cls = imports.IMPORTERS[name]
    rows = [*case.rows, getattr(case, spoiler)]
    if importer_cls.uploads:
        job = import_rows(name, case, rows, user)
        assert job.params["stage"] == "invalid"
        errors = job.params["errors"]
        bad_row_number = len(case.rows) + 2  # the header is row 1
        assert imports.confirm(job) is False
    else:
        plan, result = apply_batch(importer_cls, case, rows, user)
        assert result is None
        errors = plan.errors
        bad_row_number = len(case.rows) + 1  # a batch's rows count from 1
    assert bad_row_number in {e[0] for e in errors}, errors
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e[2]) for e in errors)
    assert case.written().count() == before


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_an_export_holds_exactly_the_visible_rows_masked(name, world):
    case = collect("build_export_cases", world)[name]
    text = exported_text(EXPORTERS[name], world.user_a, case.query)
    for visible in case.visible:
        assert visible in text
    for hidden in case.hidden:
        assert hidden not in text
    for secret in case.secrets:
        assert secret not in text, f"{name} exports personal data unmasked"


@pytest.mark.parametrize("kind", sorted(jobs.JOB_KINDS))
def test_a_job_of_every_kind_that_raises_ends_failed_and_tells_its_owner(kind, world, monkeypatch):
    from apps.documents.models import Notification

    def broken(job):
        raise RuntimeError("disk full")

    monkeypatch.setitem(jobs.JOB_KINDS, kind, dataclasses.replace(jobs.JOB_KINDS[kind], run=broken))
    job = BackgroundJob.objects.create(owner=world.user_a, kind=kind, title="契约任务", params={"stage": "applying"})
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED
    assert "失败" in job.message and "disk full" not in job.message
    assert Notification.objects.filter(recipient=world.user_a, title__contains="契约任务").exists()
