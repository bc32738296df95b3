"""The park ledger's import on the one import engine (apps/core/ledger.py): what a row means; the columns, each
cell's parse, the template and the preview come from the resource (apps.parks.resources).

A park is identified by its county (or city) and name: a row naming an existing park updates it; an empty
optional cell leaves the stored value as it is.
"""

from apps.core import bulk
from apps.core.imports import register
from apps.core.ledger import LedgerImporter
from apps.enterprises.models import Subject
from apps.regions.cells import RegionKeyedRows
from apps.regions.models import Region

from .models import Park
from .resources import ParkResource


@register
class ParkImporter(RegionKeyedRows, LedgerImporter):
    name = "parks.industrial"
    job_kind = "park_import"
    label = "工业园区导入"
    noun = "个园区"
    model = Park
    also_writes = ("enterprises.Subject",)
    resource_class = ParkResource
    page_url_name = "parks:park_import_job"
    unwritten = ("region_code",)
    code_levels = (Region.Level.CITY, Region.Level.COUNTY)   # the template's drop-down of area codes
    duplicate = "与第 {} 行重复：同一区划内园区名称不能重复"

    def row(self, number, values, said, clean):
        region = self.region_of(values, said)
        if region is not None and region.level not in self.code_levels:
            said.append(f"“{region.full_name}”不是县（市、区）或市（州）：园区应归属其所在的县（市、区）")
            region = None
        if region is None or "name" not in values:
            return None
        self.once((region.pk, values["name"]), number, said)
        park = self.existing.get((region.pk, values["name"])) or Park(region=region)
        for name in self.written:
            if name in values:
                setattr(park, name, values[name])
        return park

    def created(self, parks):
        """Every new park is a creating unit at once."""
        bulk.insert(Subject, [Subject(kind=Subject.Kind.PARK, name=p.name, region=p.region, park=p) for p in parks])


HEADERS = ParkImporter.headers()
