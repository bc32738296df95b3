"""The station ledger's import on the one import engine (apps/core/imports.py): what a row means, checked
for the whole file at once (a few queries, none per row), and the bulk write. The columns, each cell's parse
and the template come from the resource (apps.stations.resources). A station is identified by its township
and name: a row naming an existing station updates it, any other row adds one.
"""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from apps.core import bulk, widgets
from apps.core.cells import column_of
from apps.core.imports import ImportPlan, RowsImporter, register
from apps.parks.models import Park
from apps.regions.cells import regions_named, row_region
from apps.regions.models import Region

from .models import Station
from .resources import StationResource

BATCH = 500
ACCEPTANCE_FIELDS = ("acceptance_result", "acceptance_date", "acceptance_evaluator", "model_status")
READ_ONLY = ("region_code", "region_name", *ACCEPTANCE_FIELDS)   # never written by an import
ACCEPTANCE_DEFAULTS = {"acceptance_result": Station.Acceptance.PENDING, "acceptance_date": None,
                       "acceptance_evaluator": "", "model_status": Station.ModelStatus.NONE}


def _park(name, region, parks, errors):
    candidates = parks.get(name, [])
    if region is not None and len(candidates) > 1:
        candidates = [p for p in candidates if p.region.contains(region) or region.contains(p.region)]
    if not candidates:
        errors.append(f"服务园区“{name}”不存在或不在您的管辖区域内")
    elif len(candidates) > 1:
        errors.append(f"服务园区“{name}”有多个同名园区，请核对所在区划代码")
    else:
        return candidates[0]
    return None


def _changes_acceptance(accepted, station):
    # the acceptance columns are exported for reading; acceptance itself is a workflow step on the station's
    # page (apps/stations/workflow.py): left blank or as exported they are ignored, anything else refuses the row
    if not accepted:
        return False
    accepted = ACCEPTANCE_DEFAULTS | accepted
    if station is not None:
        return any(getattr(station, f) != accepted[f] for f in ACCEPTANCE_FIELDS)
    return (accepted["acceptance_result"] != Station.Acceptance.PENDING
            or accepted["model_status"] != Station.ModelStatus.NONE)


def validate(data, user, progress=None):
    """Check every row ([(row number, {header: value})]) for this user; nothing is written."""
    result = ImportPlan(total=len(data))
    declared = widgets.columns(StationResource)
    headers = [c.header for c in declared]
    written = [c.name for c in declared if c.name not in READ_ONLY]
    parsed = widgets.parse_rows(declared, data)
    codes = {v["region_code"] for _, v, _ in parsed if "region_code" in v}
    all_regions, visible = regions_named(codes, user)
    parks = {}
    for park in Park.objects.visible_to(user).select_related("region"):
        parks.setdefault(park.name, []).append(park)
    existing = {(s.region_id, s.name): s for s in Station.objects.visible_to(user).filter(
        name__in={v.get("name") for _, v, _ in parsed}, region__code__in=codes).select_related("region", "park")}
    may_accept = user.has_perm("stations.accept_station")
    seen = {}
    if progress:
        progress(0, len(data))
    for done, (number, values, errors) in enumerate(parsed, start=1):
        if progress and done % 500 == 0:
            progress(done)
        said = []
        region = row_region(values.get("region_code", ""), all_regions, visible, user, said)
        name = values.get("name", "")
        values["park"] = _park(values["park"], region, parks, said) if "park" in values else None
        station = existing.get((region.pk, name)) if region is not None else None
        if _changes_acceptance({f: values[f] for f in ACCEPTANCE_FIELDS if f in values}, station):
            said.append(("" if may_accept else "您没有登记验收评估和样板站点的权限，")
                        + "验收结果只能在站点页面的“验收评估”中登记，导入不能修改验收相关列，请保持原值或留空")
        if region is not None and name:
            if (region.pk, name) in seen:
                said.append(f"与第 {seen[(region.pk, name)]} 行重复：同一乡镇（街道）内站点名称不能重复")
            else:
                seen[(region.pk, name)] = number
        if not errors and not said and region is not None and "kind" in values:
            target = station or Station()
            for field_name in written:  # an empty cell clears the column (the model's default)
                setattr(target, field_name, values.get(field_name, Station._meta.get_field(field_name).get_default()))
            target.region = region
            said.extend(target.rule_errors().values())
            target.import_row = number
            if not said:
                (result.updates if station is not None else result.creates).append(target)
        for column, message in errors + [(column_of(m, headers), m) for m in said]:
            result.error(number, column, message)
    return result


def write(result, user, progress=None):
    """Write a checked file's rows: all of them in one transaction, or none. `progress(done)` after each batch."""
    assert result.ok
    reason = "Excel 导入"
    ids = []
    done = 0
    fields = [c.name for c in widgets.columns(StationResource) if c.name not in READ_ONLY]
    with transaction.atomic():
        for start in range(0, len(result.creates), BATCH):
            chunk = result.creates[start:start + BATCH]
            bulk.insert_with_history(Station, chunk, user=user, reason=reason)
            ids.extend(station.pk for station in chunk)
            done += len(chunk)
            if progress:
                progress(done)
        now = timezone.now()
        for start in range(0, len(result.updates), BATCH):
            chunk = result.updates[start:start + BATCH]
            for station in chunk:
                station.updated_at = now
            bulk_update_with_history(chunk, Station, fields + ["updated_at"], batch_size=BATCH,
                                     default_user=user, default_change_reason=reason)
            ids.extend(station.pk for station in chunk)
            done += len(chunk)
            if progress:
                progress(done)
    return {"created": len(result.creates), "updated": len(result.updates), "ids": ids}


@register
class StationImporter(RowsImporter):
    name = "stations.ledger"
    job_kind = "station_import"
    label = "服务站点导入"
    noun = "个站点"
    model = Station
    resource_class = StationResource
    sheet = None
    page_url_name = "stations:station_import_job"
    validate_rows = staticmethod(validate)
    write_rows = staticmethod(write)
    preview_row = staticmethod(lambda s: [s.name, s.get_kind_display(), s.region.full_name, s.address])
    preview_headers = ["站点名称", "站点类型", "所在区划", "地址"]
    mark_required = False   # the template's header row is the export's (an export is imported as it is)
    template_sheet = "服务站点"
    template_example = {
        "站点名称": "大智街道劳动关系公共服务站", "站点类型": "街道", "所在区划代码": "420102002",
        "所在区划": "武汉市江岸区大智街道", "地址": "武汉市江岸区大智路 1 号", "咨询电话": "027-12345678",
        "开放时间": "周一至周五 9:00-12:00，14:00-17:30", "服务内容": "政策咨询、劳动合同指导、劳动争议调解",
        "工作人员数": 3, "工作人员": "张三、李四、王五", "驻站协调员数": 2, "驻站协调员": "赵六、钱七",
        "建站日期": "2023-06-01", "有平台": "是", "有队伍": "是", "有制度": "是", "有保障": "否", "有标准": "是",
        "有成效": "否", "验收结果": "未验收"}

    def template_choices(self):
        """The codes of the user's own area, in a drop-down list."""
        return {"所在区划代码": list(Region.objects.visible_to(self.user).filter(
            level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP]).order_by("code").values_list("code", flat=True))}
