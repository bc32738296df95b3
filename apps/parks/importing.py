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
from apps.regions.models import Park, Region

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
    duplicate = "与第 {} 行重复：同一区划内园区名称不能重复"
    template_example = {"园区名称": "江岸区示例产业园", "园区级别": "市级", "所在区划代码": "420102",
                        "所在区划": "武汉市江岸区", "管理机构": "示例产业园管理委员会", "入驻企业数": 80,
                        "从业职工数": 5200, "联系人": "张三", "联系电话": "027-12345678"}

    def row(self, number, values, said, clean):
        region = self.region_of(values, said)
        if region is not None and region.level not in (Region.Level.COUNTY, Region.Level.CITY):
            said.append(f"“{region.full_name}”不是县（市、区）或市（州）：园区应归属其所在的县（市、区）")
            region = None
        if region is None or "name" not in values:
            return None
        self.once((region.pk, values["name"]), number, said)
        park = self.existing.get((region.pk, values["name"])) or Park(region=region)
        for name in self.written():
            if name in values:
                setattr(park, name, values[name])
        return park

    def created(self, parks):
        """Every new park is a creating unit at once."""
        bulk.insert(Subject, [Subject(kind=Subject.Kind.PARK, name=p.name, region=p.region, park=p) for p in parks])

    def template_choices(self):
        """The codes of the user's own counties and cities, in a drop-down list."""
        return {"所在区划代码": list(Region.objects.visible_to(self.user).filter(
            level__in=[Region.Level.CITY, Region.Level.COUNTY]).order_by("code").values_list("code", flat=True))}


HEADERS = ParkImporter.headers()
