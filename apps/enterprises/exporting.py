"""The enterprise ledger's export on the one export engine (apps/core/exports.py).

The columns are the resource's (so an exported file can be corrected and imported again), each cell taken by
its column's name and written by its widget, plus the region's name. Phones are masked by the engine; every
text cell is neutralised against formula injection.
"""

from apps.core import exports, widgets
from apps.core.masking import mask_phone
from apps.core.spreadsheets import neutralise  # noqa: F401 - the one neutraliser, re-exported for callers

from .filters import EnterpriseFilter
from .models import CreationRecord, Enterprise
from .resources import EnterpriseResource

REGION_NAME = widgets.extra_column("所在区划名称")
SYNC_LIMIT = 5000  # more rows than this → a background job
CHUNK = 2000


def export_columns():
    return [*widgets.columns(EnterpriseResource), REGION_NAME]


EXPORT_HEADERS = [c.header for c in export_columns()]


def export_rows(queryset, year):
    """Rows (lists of cells) for the export of `queryset` (already scoped and filtered), in its order."""
    statuses = dict(CreationRecord.Status.choices)
    return widgets.export_rows(export_columns(), queryset.with_status(year), chunk=CHUNK, extra={
        "year": ("year_status", lambda status: year if status else ""),
        "status": ("year_status", lambda status: statuses.get(status, "")),
        "所在区划名称": ("region__full_name", lambda name: name)})


@exports.register
class EnterpriseExporter(exports.Exporter):
    name = "enterprises.ledger"
    job_kind = "enterprise_export"
    label = "企业导出"
    model = Enterprise
    filterset_class = EnterpriseFilter
    sheet = "企业"
    filename = "企业创建台账"
    masked = {"联系电话": mask_phone}
    formats = ("xlsx", "csv")

    @property
    def headers(self):
        return [c.header for c in export_columns()]

    @property
    def widths(self):
        return {**EnterpriseResource.Meta.widths, "所在区划名称": 30}

    @property
    def sync_limit(self):
        return SYNC_LIMIT  # read at call time: tests and deployments may lower it

    def order(self, queryset):
        return queryset.order_by("region__code", "name", "pk")

    def rows(self, queryset):
        return export_rows(queryset, self.filterset.selected_year)
