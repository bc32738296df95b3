"""The enterprise ledger's export on the one export engine (apps/core/exports.py).

The columns are the import template's (so an exported file can be corrected and imported again) plus the
region's name. Phones are masked by the engine; every text cell is neutralised against formula injection.
"""

from apps.core import exports
from apps.core.masking import mask_phone
from apps.core.spreadsheets import neutralise  # noqa: F401 - the one neutraliser, re-exported for callers

from .filters import EnterpriseFilter
from .importing import COLUMNS, INFO_HEADERS
from .models import CreationRecord, Enterprise, Industry, Ownership
from .resources import EnterpriseResource

EXPORT_HEADERS = [header for _, header, _ in COLUMNS] + INFO_HEADERS[:1]
SYNC_LIMIT = 5000  # more rows than this → a background job
CHUNK = 2000


def export_rows(queryset, year):
    """Rows (lists of cells) for the export of `queryset` (already scoped and filtered), in its order."""
    industries = dict(Industry.choices)
    ownerships = dict(Ownership.choices)
    statuses = dict(CreationRecord.Status.choices)
    fields = ("name", "uscc", "region__code", "park__name", "industry", "ownership", "employee_count",
              "has_union", "has_collective_contract", "contact_person", "contact_phone", "year_status",
              "region__full_name")
    rows = queryset.with_status(year).values_list(*fields)
    for (name, uscc, region_code, park, industry, ownership, employees, union, contract, person, phone,
         status, region_name) in rows.iterator(chunk_size=CHUNK):
        yield [name, uscc, region_code, park or "", industries.get(industry, industry),
               ownerships.get(ownership, ownership), employees, "是" if union else "否", "是" if contract else "否",
               person, phone or "", year if status else "", statuses.get(status, ""), region_name]


@exports.register
class EnterpriseExporter(exports.Exporter):
    name = "enterprises.ledger"
    job_kind = "enterprise_export"
    label = "企业导出"
    model = Enterprise
    filterset_class = EnterpriseFilter
    headers = EXPORT_HEADERS
    sheet = "企业"
    filename = "企业创建台账"
    masked = {"联系电话": mask_phone}
    formats = ("xlsx", "csv")
    widths = {**EnterpriseResource.Meta.widths, "所在区划名称": 30}

    @property
    def sync_limit(self):
        return SYNC_LIMIT  # read at call time: tests and deployments may lower it

    def order(self, queryset):
        return queryset.order_by("region__code", "name", "pk")

    def rows(self, queryset):
        return export_rows(queryset, self.filterset.selected_year)
