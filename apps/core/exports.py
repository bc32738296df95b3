"""The one export engine: exactly the filtered rows a user may see, masked and formula-safe, as xlsx or csv.

An app declares an `Exporter` subclass (registered by name) in its exporting.py:

    @register
    class EnterpriseExporter(Exporter):
        name = "enterprises.ledger"
        job_kind = "enterprise_export"            # BackgroundJob.kind of a large export
        label = "企业台账导出"
        model = Enterprise
        filterset_class = EnterpriseFilter        # the list's own FilterSet (apps/<app>/filters.py)
        headers = [...]                           # usually the resource's column names
        masked = {"联系电话": mask_phone}           # personal data, masked by the engine whatever rows() gives
        def rows(self, queryset): ...             # lists of cells, in the headers' order

The engine reads rows through `model.objects.visible_to(user)` and the list's FilterSet only, masks the
declared columns, neutralises every text cell that a spreadsheet would run as a formula
(apps/core/spreadsheets.py), and writes xlsx in write-only mode (constant memory) or UTF-8 csv with a BOM.
Up to `sync_limit` rows the file is the response; above, a job of the job runner writes it and the user
downloads it from 我的任务.
"""

import csv
import io
from types import SimpleNamespace

from django.contrib import messages
from django.core.files.base import ContentFile
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.utils import timezone

from . import spreadsheets
from .jobs import JobFailed, job_kind, start_job

EXPORTERS: dict[str, type["Exporter"]] = {}
CHUNK = 2000
CONTENT_TYPES = {"xlsx": spreadsheets.XLSX, "csv": "text/csv; charset=utf-8"}


class Exporter:
    name = ""
    job_kind = ""
    label = ""
    model = None
    filterset_class = None
    headers = ()
    sheet = ""
    filename = ""           # without the date and extension
    masked = {}             # header → masking function (apps/core/masking.py)
    formats = ("xlsx",)
    sync_limit = 5000
    note = ""               # added to the job's message, e.g. （身份证号、手机号码已脱敏）
    widths = {}             # header → column width; others from the header's length

    def __init__(self, user, query=None):
        self.user = user
        self.query = query if isinstance(query, QueryDict) else QueryDict(query or "")

    def base_queryset(self):
        return self.model.objects.visible_to(self.user)

    def queryset(self):
        """The visible rows, filtered as the list filters them, in a stable order."""
        base = self.base_queryset()
        if self.filterset_class is None:
            return self.order(base)
        filterset = self.filterset_class(self.query, queryset=base,
                                         request=SimpleNamespace(user=self.user, GET=self.query))
        self.filterset = filterset
        return self.order(filterset.qs if filterset.is_valid() else base.none())

    def order(self, queryset):
        return queryset.order_by("pk")

    def rows(self, queryset):
        raise NotImplementedError

    def file_name(self, fmt):
        return f"{self.filename or self.label}_{timezone.localtime():%Y%m%d_%H%M}.{fmt}"

    # ---- what the engine writes
    def cells(self, queryset, progress=None):
        masks = [(self.headers.index(h), mask) for h, mask in self.masked.items()]
        for count, row in enumerate(self.rows(queryset), start=1):
            row = list(row)
            for index, mask in masks:
                if row[index]:
                    row[index] = mask(str(row[index]))
            yield [_clean(v) for v in row]
            if progress and count % CHUNK == 0:
                progress(count)

    def write(self, fmt, out, progress=None):
        queryset = self.queryset()
        if fmt == "csv":
            text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
            writer = csv.writer(text)
            writer.writerow([_clean(h) for h in self.headers])
            writer.writerows(self.cells(queryset, progress))
            text.flush()
            text.detach()
        else:
            spreadsheets.write_workbook([(self.sheet or self.label, list(self.headers), self.cells(queryset, progress))],
                                        out, cell=None, widths=self.widths)

    def content(self, fmt="xlsx", progress=None):
        out = io.BytesIO()
        self.write(fmt, out, progress)
        return out.getvalue()


def _clean(value):
    """A cell as written: None empty, text neutralised (no formula ever runs)."""
    if value is None:
        return ""
    return spreadsheets.neutralise(value)


def register(cls):
    if cls.name in EXPORTERS and EXPORTERS[cls.name] is not cls:
        raise RuntimeError(f"exporter {cls.name!r} registered twice")
    EXPORTERS[cls.name] = cls
    if cls.job_kind not in _KINDS:
        _KINDS.add(cls.job_kind)
        job_kind(cls.job_kind, cls.label)(run_export)
    return cls


_KINDS = set()
EXPORT_KINDS = _KINDS  # the job kinds of exports (they change no data)


def export_response(exporter_cls, request, fmt=None, query=None):
    """The download of the filtered visible rows, or — above the exporter's sync limit — a job (its page)."""
    query = (request.GET if query is None else query).copy()
    fmt = fmt or query.get("format") or exporter_cls.formats[0]
    if fmt not in exporter_cls.formats:
        raise Http404("不支持的导出格式")
    for key in ("format", "page"):
        query.pop(key, None)
    exporter = exporter_cls(request.user, query)
    total = exporter.queryset().count()
    if total > exporter.sync_limit:
        job = start_job(exporter_cls.job_kind, request.user, f"{exporter_cls.label}（{total:,} 条，{fmt}）",
                        params={"exporter": exporter_cls.name, "query": query.urlencode(), "format": fmt,
                                "filename": exporter.file_name(fmt)}, total=total)
        messages.info(request, f"共 {total:,} 条，已转为后台导出，完成后可在此页下载。")
        return redirect("core:job_detail", job.pk)
    return spreadsheets.download(exporter.content(fmt), exporter.file_name(fmt), CONTENT_TYPES[fmt])


def run_export(job):
    """The job function of every exporter: write the file for the job's owner, with progress."""
    exporter_cls = EXPORTERS.get(job.params.get("exporter"))
    if exporter_cls is None:
        raise JobFailed("该类型的导出已不再支持，请重新导出。")
    exporter = exporter_cls(job.owner, job.params.get("query", ""))
    fmt = job.params.get("format", "xlsx")
    total = exporter.queryset().count()
    job.update_progress(0, total=total)
    data = exporter.content(fmt, progress=lambda n: job.update_progress(n))
    job.result_file.save(job.params.get("filename") or exporter.file_name(fmt), ContentFile(data), save=False)
    job.progress = job.total = total
    job.save(update_fields=["result_file", "progress", "total"])
    return f"已导出 {total:,} 条记录{exporter.note}。"
