"""The park ledger's import on the one import engine: template, what a row means, the bulk write.

A park is identified by its county (or city) and name: a row naming an existing park updates it.
"""

from django.db import transaction
from openpyxl import Workbook
from simple_history.utils import bulk_update_with_history

from apps.core import bulk, spreadsheets
from apps.core.cells import column_of
from apps.core.cells import parse_choice as _choice
from apps.core.cells import parse_count as _count
from apps.core.imports import ImportPlan, RowsImporter, register
from apps.enterprises.models import Subject
from apps.regions.cells import regions_named, row_region
from apps.regions.models import Park, Region

from .resources import ParkResource

_text = spreadsheets.text
HEADERS = [ParkResource().fields[name].column_name for name in ParkResource.Meta.fields]
REQUIRED = tuple(ParkResource.Meta.required)
PREVIEW_HEADERS = ["园区名称", "园区级别", "所在区划", "管理机构"]
FIELDS = ["name", "level", "managing_body", "enterprise_count", "worker_count", "contact_person", "contact_phone"]
MAX_ROWS = 20000
BATCH = 500


def preview_row(park):
    return [park.name, park.get_level_display(), park.region.full_name, park.managing_body]


def template_response(user=None):
    wb = Workbook()
    ws = wb.active
    ws.title = "工业园区"
    ws.append(HEADERS)
    spreadsheets.set_widths(ws, HEADERS, ParkResource.Meta.widths)
    choices = dict(ParkResource.Meta.choices)
    if user is not None:  # the codes of the user's own counties and cities, in a drop-down list
        choices["所在区划代码"] = list(Region.objects.visible_to(user).filter(
            level__in=[Region.Level.CITY, Region.Level.COUNTY]).order_by("code").values_list("code", flat=True))
    spreadsheets.add_drop_downs(wb, ws, HEADERS, choices)
    ws.append(["江岸区示例产业园", "市级", "420102", "示例产业园管理委员会", 80, 5200, "张三", "027-12345678"])
    help_ws = wb.create_sheet("填写说明")
    help_ws.append(["列", "说明"])
    help_ws.append(["园区名称", "必填；同一县（市、区）内不能重名，与已有园区同名时视为更新"])
    help_ws.append(["园区级别", "必填：" + "、".join(Park.Level.labels)])
    help_ws.append(["所在区划代码", "必填：园区所属县（市、区）的 6 位代码；市属园区填市（州）的 4 位代码"])
    return spreadsheets.download(wb, "工业园区导入模板.xlsx")


def validate(data, user, progress=None):
    """Check every row ([(row number, {header: value})]) for this user; nothing is written.

    Returns an ImportPlan; `progress(done, total)` every 500 rows."""
    result = ImportPlan(total=len(data))
    codes = {_text(r["所在区划代码"]) for _, r in data}
    regions, visible = regions_named(codes, user)
    names = {_text(r["园区名称"]) for _, r in data}
    existing = {(p.region_id, p.name): p for p in Park.objects.visible_to(user).filter(
        name__in=names, region__code__in=codes).select_related("region")}
    seen = {}
    if progress:
        progress(0, len(data))
    for done, (number, r) in enumerate(data, start=1):
        if progress and done % 500 == 0:
            progress(done)
        errors = [f"{h}不能为空" for h in REQUIRED if not _text(r[h])]
        name = _text(r["园区名称"])
        if len(name) > 100:
            errors.append("园区名称不能超过 100 个字")
        level = _choice(r["园区级别"], Park.Level.choices, "园区级别", errors)
        code = _text(r["所在区划代码"])
        region = row_region(code, regions, visible, user, errors)
        if region is not None and region.level not in (Region.Level.COUNTY, Region.Level.CITY):
            errors.append(f"“{region.full_name}”不是县（市、区）或市（州）：园区应归属其所在的县（市、区）")
            region = None
        values = {"name": name, "level": level, "managing_body": _text(r["管理机构"])[:100],
                  "enterprise_count": _count(r["入驻企业数"], "入驻企业数", errors),
                  "worker_count": _count(r["从业职工数"], "从业职工数", errors, limit=10_000_000),
                  "contact_person": _text(r["联系人"])[:50], "contact_phone": _text(r["联系电话"])[:30]}
        if "*" in values["contact_phone"]:  # a masked phone from an export never overwrites the real one
            del values["contact_phone"]
        if region is not None and name:
            key = (region.pk, name)
            if key in seen:
                errors.append(f"与第 {seen[key]} 行重复：同一区划内园区名称不能重复")
            seen.setdefault(key, number)
        if errors:
            for message in errors:
                result.error(number, column_of(message, HEADERS), message)
            continue
        park = existing.get((region.pk, name)) or Park(region=region)
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
    resource_class = ParkResource
    max_rows = MAX_ROWS
    page_url_name = "parks:park_import_job"
    validate_rows = staticmethod(validate)
    write_rows = staticmethod(write)
    preview_row = staticmethod(preview_row)
    preview_headers = PREVIEW_HEADERS

    def template(self):
        return template_response(self.user).content
