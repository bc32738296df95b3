"""Station ledger in Excel: template, export of the filtered rows, and an all-or-nothing import.

The import reads every row, checks all of them (a few queries for the whole file, none per row) and
lists every bad row in Chinese; only a file without a single error may be confirmed, and then every row
is written in one transaction. A station is identified by its township and name: a row naming an
existing station updates it, any other row adds one.
"""

import re

from django.db import transaction
from openpyxl import Workbook
from simple_history.utils import bulk_update_with_history

from apps.core import bulk, spreadsheets
from apps.core.cells import column_of
from apps.core.cells import parse_choice as _choice
from apps.core.cells import parse_count as _count
from apps.core.cells import parse_date as _date
from apps.core.imports import ImportPlan
from apps.core.widgets import NO, YES, yes_no  # the one accepted-words table
from apps.regions.cells import regions_named, row_region
from apps.regions.models import Park, Region

from .models import SIX_HAVES, Service, Station
from .resources import StationResource

MAX_ROWS = 20000
BATCH = 500

# (header, attribute) in the template's order, as the resource declares them
_RESOURCE = StationResource()
COLUMNS = [(_RESOURCE.fields[name].column_name, name) for name in StationResource.Meta.fields]
HEADERS = [h for h, _ in COLUMNS]
REQUIRED = set(StationResource.Meta.required)
ACCEPTANCE_FIELDS = ("acceptance_result", "acceptance_date", "acceptance_evaluator", "model_status")


def station_row(s):
    labels = dict(Service.choices)
    return [
        s.name, s.get_kind_display(), s.region.code, s.region.full_name, s.park.name if s.park_id else "",
        s.address, s.phone, s.opening_hours, "、".join(labels.get(x, x) for x in s.services),
        s.staff_count, s.staff_names, s.coordinator_count, s.coordinator_names,
        s.established_on.isoformat() if s.established_on else "",
        *[YES if getattr(s, name) else NO for name, _ in SIX_HAVES],
        s.get_acceptance_result_display(), s.acceptance_date.isoformat() if s.acceptance_date else "",
        s.acceptance_evaluator, "" if s.model_status == Station.ModelStatus.NONE else s.get_model_status_display(),
    ]


def template_response(user=None):
    wb = Workbook()
    ws = wb.active
    ws.title = "服务站点"
    ws.append(HEADERS)
    ws.append(["大智街道劳动关系公共服务站", "街道", "420102002", "武汉市江岸区大智街道", "", "武汉市江岸区大智路 1 号",
               "027-12345678", "周一至周五 9:00-12:00，14:00-17:30", "政策咨询、劳动合同指导、劳动争议调解",
               3, "张三、李四、王五", 2, "赵六、钱七", "2023-06-01", YES, YES, YES, NO, YES, NO,
               "未验收", "", "", ""])
    spreadsheets.set_widths(ws, HEADERS, StationResource.Meta.widths)
    choices = dict(StationResource.Meta.choices)
    if user is not None:  # the codes of the user's own area, in a drop-down list
        choices["所在区划代码"] = list(Region.objects.visible_to(user).filter(
            level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP]).order_by("code").values_list("code", flat=True))
    spreadsheets.add_drop_downs(wb, ws, HEADERS, choices)
    help_ws = wb.create_sheet("填写说明")
    help_ws.append(["列", "说明"])
    for line in [
        ("站点名称", "必填；同一乡镇（街道）内不能重名。与已有站点同名同区划时视为更新该站点。"),
        ("站点类型", "必填：" + "、".join(Station.Kind.labels)),
        ("所在区划代码", "必填：乡镇（街道）的 9 位统计用区划代码；园区站点可填园区所在县（市、区）的 6 位代码"),
        ("服务园区", "园区站点必填：已登记的工业园区名称"),
        ("服务内容", "以顿号分隔，可选：" + "、".join(Service.labels)),
        ("建站日期、验收日期", "格式 2026-11-25"),
        ("有平台…有成效", "六有自查：填 是 或 否"),
        ("验收结果", "、".join(Station.Acceptance.labels) + "；已验收须填验收日期和验收单位（人）"),
        ("样板站点", "留空，或：" + "、".join(label for v, label in Station.ModelStatus.choices if v != "none")),
    ]:
        help_ws.append(list(line))
    return spreadsheets.download(wb, "服务站点导入模板.xlsx")


PREVIEW_HEADERS = ["站点名称", "站点类型", "所在区划", "地址"]


def preview_row(station):
    return [station.name, station.get_kind_display(), station.region.full_name, station.address]


_text = spreadsheets.text


def validate(data, user, progress=None):
    """Check every row ([(row number, {header: value})]) for this user; nothing is written.

    Returns an ImportPlan; `progress(done, total)` is told every 500 rows.
    """
    result = ImportPlan(total=len(data))

    codes = {_text(r["所在区划代码"]) for _, r in data}
    all_regions, visible = regions_named(codes, user)
    parks = {}
    for park in Park.objects.visible_to(user).select_related("region"):
        parks.setdefault(park.name, []).append(park)
    names = {_text(r["站点名称"]) for _, r in data}
    existing = {(s.region_id, s.name): s for s in Station.objects.visible_to(user).filter(
        name__in=names, region__code__in=codes).select_related("region", "park")}
    may_accept = user.has_perm("stations.accept_station")
    service_choices = {str(label): value for value, label in Service.choices}
    seen = {}
    if progress:
        progress(0, len(data))

    for done, (number, r) in enumerate(data, start=1):
        if progress and done % 500 == 0:
            progress(done)
        errors = []
        name = _text(r["站点名称"])
        for header in REQUIRED:
            if not _text(r[header]):
                errors.append(f"{header}不能为空")
        if len(name) > 100:
            errors.append("站点名称不能超过 100 个字")
        kind = _choice(r["站点类型"], Station.Kind.choices, "站点类型", errors)
        code = _text(r["所在区划代码"])
        region = row_region(code, all_regions, visible, user, errors)
        park = None
        park_name = _text(r["服务园区"])
        if park_name:
            candidates = parks.get(park_name, [])
            if region is not None and len(candidates) > 1:
                candidates = [p for p in candidates if p.region.contains(region) or region.contains(p.region)]
            if not candidates:
                errors.append(f"服务园区“{park_name}”不存在或不在您的管辖区域内")
            elif len(candidates) > 1:
                errors.append(f"服务园区“{park_name}”有多个同名园区，请核对所在区划代码")
            else:
                park = candidates[0]
        services = []
        for part in re.split(r"[、，,；;\s]+", _text(r["服务内容"])):
            if part:
                if part in service_choices:
                    services.append(service_choices[part])
                else:
                    errors.append(f"服务内容“{part}”无效，应为：{'、'.join(Service.labels)}")
        values = {
            "name": name, "kind": kind, "park": park, "address": _text(r["地址"]), "phone": _text(r["咨询电话"]),
            "opening_hours": _text(r["开放时间"]), "services": list(dict.fromkeys(services)),
            "staff_count": _count(r["工作人员数"], "工作人员数", errors), "staff_names": _text(r["工作人员"]),
            "coordinator_count": _count(r["驻站协调员数"], "驻站协调员数", errors),
            "coordinator_names": _text(r["驻站协调员"]),
            "established_on": _date(r["建站日期"], "建站日期", errors),
        }
        # the acceptance columns are exported for reading; acceptance itself is a workflow step on the
        # station's page (apps/stations/workflow.py), so an import never writes them: left blank or as
        # exported they are ignored, anything else refuses the row
        accepted = {
            "acceptance_result": _choice(r["验收结果"], Station.Acceptance.choices, "验收结果", errors,
                                         default=Station.Acceptance.PENDING),
            "acceptance_date": _date(r["验收日期"], "验收日期", errors),
            "acceptance_evaluator": _text(r["验收单位（人）"]),
            "model_status": _choice(r["样板站点"], Station.ModelStatus.choices, "样板站点", errors,
                                    default=Station.ModelStatus.NONE),
        }
        for field_name, label in SIX_HAVES:
            try:
                values[field_name] = bool(yes_no(r[label]))
            except ValueError:
                errors.append(f"{label}“{spreadsheets.text(r[label])}”无效，应为：{YES}、{NO}")
                values[field_name] = False
        for field_name, limit in (("address", 200), ("phone", 30), ("opening_hours", 100), ("staff_names", 300),
                                  ("coordinator_names", 300)):
            if len(values[field_name]) > limit:
                errors.append(f"{Station._meta.get_field(field_name).verbose_name}不能超过 {limit} 个字")

        station = existing.get((region.pk, name)) if region is not None else None
        blank = not any(_text(r[h]) for h in ("验收结果", "验收日期", "验收单位（人）", "样板站点"))
        if blank:
            changes_acceptance = False
        elif station is not None:
            changes_acceptance = any(getattr(station, f) != accepted[f] for f in ACCEPTANCE_FIELDS)
        else:
            changes_acceptance = (accepted["acceptance_result"] != Station.Acceptance.PENDING
                                  or accepted["model_status"] != Station.ModelStatus.NONE)
        if changes_acceptance:
            errors.append(("" if may_accept else "您没有登记验收评估和样板站点的权限，")
                          + "验收结果只能在站点页面的“验收评估”中登记，导入不能修改验收相关列，请保持原值或留空")
        if region is not None and name:
            if (region.pk, name) in seen:
                errors.append(f"与第 {seen[(region.pk, name)]} 行重复：同一乡镇（街道）内站点名称不能重复")
            else:
                seen[(region.pk, name)] = number
        if not errors and region is not None and kind:
            target = station or Station()
            for key, value in values.items():
                setattr(target, key, value)
            target.region = region
            errors.extend(target.rule_errors().values())
            target.import_row = number
            if not errors:
                (result.updates if station is not None else result.creates).append(target)
        for message in errors:
            result.error(number, column_of(message, HEADERS), message)
    return result


def write(result, user, progress=None):
    """Write a checked file's rows: all of them in one transaction, or none. `progress(done)` after each batch."""
    from django.utils import timezone

    assert result.ok
    reason = "Excel 导入"
    ids = []
    done = 0
    with transaction.atomic():
        for start in range(0, len(result.creates), BATCH):
            chunk = result.creates[start:start + BATCH]
            bulk.insert_with_history(Station, chunk, user=user, reason=reason)
            ids.extend(station.pk for station in chunk)
            done += len(chunk)
            if progress:
                progress(done)
        now = timezone.now()
        # the acceptance columns are never written by an import (a workflow step, apps/stations/workflow.py)
        fields = [f for _, f in COLUMNS if f not in ("region_code", "region_name", *ACCEPTANCE_FIELDS)]
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


def coverage_response(coverage, unit_rows):
    t = coverage.total
    summary = [[level, r.name, r.parks, r.parks_covered, r.townships, r.townships_covered, r.units, r.covered,
                r.ratio, r.stations]
               for level, rows in (("市（州）", coverage.by_city), ("县（市、区）", coverage.by_county)) for r in rows]
    summary += [
        ["合计", t.name, t.parks, t.parks_covered, t.townships, t.townships_covered, t.units, t.covered, t.ratio,
         t.stations],
        [],
        [f"乡镇（街道）建站标准：台账企业职工 ≥ {coverage.threshold} 人；2023 年全省目标约 "
         f"{coverage.target_2023} 个站点，本区域 2023 年底前建成 {coverage.stations_by_2023} 个；"
         "2027 年底目标：每个工业园区和达标乡镇（街道）至少 1 个站点。"],
    ]
    detail = ([("工业园区" if u["unit_kind"] == "park" else "乡镇（街道）"), u["unit_name"], u["area_name"],
               u["unit_employees"], u["unit_stations"], YES if u["unit_stations"] else NO] for u in unit_rows)
    return spreadsheets.xlsx_response("服务站点覆盖情况.xlsx", [
        ("按区划汇总", ["层级", "区划", "工业园区", "已建站园区", "达标乡镇（街道）", "已建站乡镇（街道）", "应覆盖合计",
                   "已覆盖合计", "覆盖率（%）", "站点数"], summary),
        ("园区和乡镇明细", ["类型", "名称", "所在区划", "职工人数", "站点数", "是否已覆盖"], detail),
    ])
