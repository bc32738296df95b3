"""The park ledger's import on the one import engine (apps/core/imports.py, ObjectImporter): what a row means;
the columns, each cell's parse (the region found for the whole file), the template and the preview come from the
resource (apps.parks.resources).

A park is identified by its county (or city) and name: a row naming an existing park updates it; an empty
optional cell leaves the stored value as it is.
"""

from apps.core import bulk
from apps.core.imports import ObjectImporter, register
from apps.enterprises.models import Subject

from .models import Park
from .resources import ParkResource


@register
class ParkImporter(ObjectImporter):
    name = "parks.industrial"
    job_kind = "park_import"
    label = "工业园区导入"
    noun = "个园区"
    model = Park
    also_writes = ("enterprises.Subject",)
    resource_class = ParkResource
    page_url_name = "parks:park_import_job"
    key_fields = ("region_code", "name")
    required_message = "{}不能为空"
    integrity_text = "导入期间有同名园区被他人录入，本次未导入任何数据，请重新上传检查。"

    def check(self, parsed, plan):
        self.once(parsed, "name", "与{row}重复：同一区划内园区名称不能重复", key=self.key_of)
        super().check(parsed, plan)

    def new_row(self, values):
        park = self.stored.get(self.key_of(values)) or Park(region=values["region_code"])
        for name in self.updated_fields:
            if name in values:
                setattr(park, name, values[name])
        return park

    def created(self, parks):
        """Every new park is a creating unit at once."""
        bulk.insert(Subject, [Subject(kind=Subject.Kind.PARK, name=p.name, region=p.region, park=p) for p in parks])


HEADERS = ParkImporter.headers()
