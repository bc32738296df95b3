"""The park ledger's import on the one import engine: what a row means and the bulk write; the columns, each
cell's parse and the template come from the resource (apps.parks.resources).

A park is identified by its county (or city) and name: a row naming an existing park updates it; an empty
optional cell leaves the stored value as it is.
"""

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from apps.core import bulk, widgets
from apps.core.cells import column_of
from apps.core.imports import ImportPlan, RowsImporter, register
from apps.enterprises.models import Subject
from apps.regions.cells import regions_named, row_region
from apps.regions.models import Region

from .models import Park
from .resources import ParkResource

HEADERS = [c.header for c in widgets.columns(ParkResource)]
FIELDS = ["name", "level", "managing_body", "enterprise_count", "worker_count", "contact_person", "contact_phone"]
BATCH = 500


def validate(data, user, progress=None):
    """Check every row ([(row number, {header: value})]) for this user; nothing is written."""
    result = ImportPlan(total=len(data))
    declared = widgets.columns(ParkResource)
    parsed = widgets.parse_rows(declared, data)
    codes = {v["region_code"] for _, v, _ in parsed if "region_code" in v}
    regions, visible = regions_named(codes, user)
    existing = {(p.region_id, p.name): p for p in Park.objects.visible_to(user).filter(
        name__in={v.get("name") for _, v, _ in parsed}, region__code__in=codes).select_related("region")}
    seen = {}
    for done, (number, values, errors) in enumerate(parsed, start=1):
        if progress and done % 500 == 0:
            progress(done)
        said = []
        region = row_region(values.pop("region_code", ""), regions, visible, user, said)
        if region is not None and region.level not in (Region.Level.COUNTY, Region.Level.CITY):
            said.append(f"“{region.full_name}”不是县（市、区）或市（州）：园区应归属其所在的县（市、区）")
            region = None
        if region is not None and values.get("name"):
            key = (region.pk, values["name"])
            if key in seen:
                said.append(f"与第 {seen[key]} 行重复：同一区划内园区名称不能重复")
            seen.setdefault(key, number)
        errors += [(column_of(message, HEADERS), message) for message in said]
        for column, message in errors:
            result.error(number, column, message)
        if errors or region is None:
            continue
        park = existing.get((region.pk, values["name"])) or Park(region=region)
        for key, value in values.items():
            setattr(park, key, value)
        park.import_row = number
        (result.updates if park.pk else result.creates).append(park)
    return result


def write(result, user, progress=None):
    """Every row in one transaction, or none. `progress(done)` after each batch."""
    assert result.ok
    done = 0
    ids = []
    with transaction.atomic():
        for start in range(0, len(result.creates), BATCH):
            chunk = result.creates[start:start + BATCH]
            created = bulk.insert_with_history(Park, chunk, user=user, reason="Excel 导入")
            # every new park is a creating unit at once
            bulk.insert(Subject, [Subject(kind=Subject.Kind.PARK, name=p.name, region=p.region, park=p)
                                  for p in created])
            ids.extend(p.pk for p in created)
            done += len(chunk)
            if progress:
                progress(done)
        for start in range(0, len(result.updates), BATCH):
            chunk = result.updates[start:start + BATCH]
            bulk_update_with_history(chunk, Park, FIELDS, batch_size=BATCH, default_user=user,
                                     default_change_reason="Excel 导入")
            ids.extend(p.pk for p in chunk)
            done += len(chunk)
            if progress:
                progress(done)
    return {"created": len(result.creates), "updated": len(result.updates), "ids": ids}


@register
class ParkImporter(RowsImporter):
    name = "parks.industrial"
    job_kind = "park_import"
    label = "工业园区导入"
    noun = "个园区"
    model = Park
    also_writes = ("enterprises.Subject",)
    resource_class = ParkResource
    page_url_name = "parks:park_import_job"
    validate_rows = staticmethod(validate)
    write_rows = staticmethod(write)
    preview_row = staticmethod(lambda park: [park.name, park.get_level_display(), park.region.full_name,
                                             park.managing_body])
    preview_headers = ["园区名称", "园区级别", "所在区划", "管理机构"]
    template_example = {"园区名称": "江岸区示例产业园", "园区级别": "市级", "所在区划代码": "420102",
                        "管理机构": "示例产业园管理委员会", "入驻企业数": 80, "从业职工数": 5200, "联系人": "张三",
                        "联系电话": "027-12345678"}

    def template_choices(self):
        """The codes of the user's own counties and cities, in a drop-down list."""
        return {"所在区划代码": list(Region.objects.visible_to(self.user).filter(
            level__in=[Region.Level.CITY, Region.Level.COUNTY]).order_by("code").values_list("code", flat=True))}
