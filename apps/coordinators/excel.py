"""Excel export (masked, formula cells neutralised) and import (preview → errors per row → all-or-nothing)."""

from decimal import Decimal, InvalidOperation

from django.contrib.postgres.aggregates import StringAgg
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font

from apps.core import bulk, spreadsheets, widgets
from apps.core.fields import blind_index
from apps.core.imports import template_headers
from apps.core.masking import mask_id_number, mask_phone
from apps.core.validators import NotInFuture
from apps.enterprises.models import Enterprise
from apps.regions.models import Park, Region

from . import coverage
from .forms import clean_id_number, clean_phone, compact, duplicate_message
from .models import Coordinator, Education, PayBand, SkillLevel, Training, TrainingAttendance, WorkplaceType
from .resources import AttendanceResource, CoordinatorResource, TrainingResource

MAX_IMPORT_ROWS = 20000
PROGRESS_EVERY = 500  # rows between two progress reports while validating


def safe(value):
    """A cell value that Excel will never evaluate as a formula; None is an empty cell."""
    return "" if value is None else spreadsheets.neutralise(value)


def workbook(sheets):
    """sheets: [(title, headers, rows)] -> xlsx bytes (write-only, so large exports stay small in memory)."""
    return spreadsheets.workbook_bytes(sheets, cell=safe)


def xlsx_response(filename, sheets):
    return spreadsheets.download(workbook(sheets), filename)


def template_response(filename, headers, example, choices=None, widths=None):
    """The import template: starred headers, an example row, drop-down lists for the columns with choices."""
    wb = Workbook()
    ws = wb.active
    ws.title = "导入模板"
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(example)
    bare = [h.rstrip("*") for h in headers]
    spreadsheets.set_widths(ws, bare, widths, default=18)
    spreadsheets.add_drop_downs(wb, ws, bare, choices or {})
    return spreadsheets.download(wb, filename)


# ----------------------------------------------------------------------------------------------- exports

LEDGER_HEADERS = ["姓名", "身份证号（脱敏）", "性别", "出生日期", "手机号码（脱敏）", "学历", "工作单位类型", "工作单位",
                  "所在区划代码", "所在区划", "服务企业统一社会信用代码", "职业技能等级", "证书编号", "薪酬档次",
                  "在岗状态", "列入公示名单"]


def ledger_rows(queryset):
    labels = {f: dict(Coordinator._meta.get_field(f).flatchoices) for f in
              ("gender", "education", "workplace_type", "skill_level", "pay_band", "status")}
    rows = (queryset.select_related("region").annotate(usccs=StringAgg("enterprises__uscc", delimiter=";"))
            .order_by("region__code", "name", "pk"))
    for c in rows.iterator(chunk_size=2000):
        yield [c.name, mask_id_number(c.id_number), labels["gender"].get(c.gender, ""), c.birth_date,
               mask_phone(c.phone), labels["education"].get(c.education, ""),
               labels["workplace_type"].get(c.workplace_type, ""), c.workplace_name, c.region.code,
               c.region.full_name, c.usccs or "", labels["skill_level"].get(c.skill_level, ""), c.certificate_no,
               labels["pay_band"].get(c.pay_band, ""), labels["status"].get(c.status, ""),
               "是" if c.on_public_list else "否"]


TRAINING_HEADERS = ["培训日期", "培训主题", "学时", "主办单位", "举办区划代码", "举办区划", "举办园区", "地点", "参训人数"]


def training_rows(queryset):
    from django.db.models import Count

    rows = (queryset.select_related("organiser__region", "region", "park").annotate(n=Count("attendance"))
            .order_by("-date", "pk"))
    for t in rows.iterator(chunk_size=2000):
        yield [t.date, t.topic, float(t.hours), str(t.organiser), t.region.code, t.region.full_name,
               t.park.name if t.park else "", t.location, t.n]


ATTENDANCE_HEADERS = ["姓名", "身份证号（脱敏）", "所在区划", "工作单位", "考核合格"]


def attendance_rows(queryset):
    for a in queryset.select_related("coordinator__region").order_by("coordinator__name").iterator(chunk_size=2000):
        c = a.coordinator
        yield [c.name, mask_id_number(c.id_number), c.region.full_name, c.workplace_name, "是" if a.passed else "否"]


# ----------------------------------------------------------------------------------------------- imports


_text = spreadsheets.text


def _choice(value, choices, label, errors, required=True):
    text = _text(value)
    if not text:
        if required:
            errors.append(f"“{label}”不能为空")
        return ""
    by_label = {str(lab): val for val, lab in choices}
    by_label.update({str(lab).split(" ")[0]: val for val, lab in choices if " " in str(lab)})
    if text in by_label:
        return by_label[text]
    errors.append(f"“{label}”的值“{text}”无效，应为：" + "、".join(str(lab) for _v, lab in choices if lab))
    return ""


def _date(value, label, errors):
    try:
        date = widgets.date_value(value)
    except ValueError:
        date = None
    if date is None:
        errors.append(f"“{label}”应为日期，如 2026-03-15" if _text(value) else f"“{label}”不能为空")
    return date


def _report(progress, done):
    if progress is not None and done % PROGRESS_EVERY == 0:
        progress(done)


def _yes(value, label, errors):
    """是/否 by the one accepted-words table (apps.core.widgets); blank is 是 (the column's default)."""
    try:
        answer = widgets.yes_no(value)
    except ValueError:
        errors.append(f"“{label}”的值“{_text(value)}”无效，应为：是、否")
        return True
    return True if answer is None else answer


class CoordinatorImport:
    kind = "ledger"
    title = "协调员台账"
    headers = template_headers(CoordinatorResource)
    example = ["张三", "420102199001011234", "13912345678", "本科", "企业", "某某科技有限公司", "420102",
               "91420102MA4K00017C", "四级 中级工", "HB2024000123", "5000–8000元", "在岗", "是"]

    def __init__(self, user):
        self.user = user

    def validate(self, rows, progress=None):
        """Return (objects, errors) where errors is [(row number, message)]; progress(n) every few hundred rows."""
        regions = {r.code: r for r in Region.objects.visible_to(self.user).filter(level__in=["county", "township"])}
        usccs = {u for _n, r in rows for u in _text(r.get("服务企业统一社会信用代码")).replace("；", ";").split(";") if u}
        firms = {e.uscc: e.pk for e in Enterprise.objects.visible_to(self.user).filter(uscc__in=usccs).only("uscc")}
        seen, prepared, failed, by_digest = {}, [], {}, {}
        # an enum's .choices is built anew on each read: read each once, not once per row
        educations, workplace_types, skill_levels = Education.choices, WorkplaceType.choices, SkillLevel.choices
        pay_bands, statuses = PayBand.choices, Coordinator.Status.choices
        for done, (number, r) in enumerate(rows, start=1):
            _report(progress, done)
            problems = []
            name = _text(r.get("姓名"))
            if not name:
                problems.append("“姓名”不能为空")
            id_number = ""
            try:
                id_number = clean_id_number(_text(r.get("身份证号")))
            except Exception as exc:  # forms.ValidationError
                problems.append(getattr(exc, "messages", [str(exc)])[0])
            phone = ""
            try:
                phone = clean_phone(_text(r.get("手机号码")))
            except Exception as exc:  # noqa: BLE001
                problems.append(exc.messages[0])
            education = _choice(r.get("学历"), educations, "学历", problems)
            workplace_type = _choice(r.get("工作单位类型"), workplace_types, "工作单位类型", problems)
            workplace = _text(r.get("工作单位"))
            if not workplace:
                problems.append("“工作单位”不能为空")
            code = _text(r.get("所在区划代码"))
            region = regions.get(code)
            if region is None:
                problems.append(f"所在区划代码“{code}”不是本辖区的县（市、区）或乡镇（街道）代码" if code
                                else "“所在区划代码”不能为空")
            firm_ids = []
            for uscc in _text(r.get("服务企业统一社会信用代码")).replace("；", ";").split(";"):
                uscc = uscc.strip()
                if uscc and uscc not in firms:
                    problems.append(f"服务企业“{uscc}”不在本辖区企业台账中")
                elif uscc:
                    firm_ids.append(firms[uscc])
            level = _choice(r.get("职业技能等级"), skill_levels, "职业技能等级", problems, required=False)
            certificate = _text(r.get("证书编号"))
            if level and not certificate:
                problems.append("填写了职业技能等级，请同时填写证书编号")
            pay_band = _choice(r.get("薪酬档次"), pay_bands, "薪酬档次", problems, required=False)
            status = _choice(r.get("在岗状态"), statuses, "在岗状态", problems,
                             required=False) or Coordinator.Status.ON_DUTY
            public = _yes(r.get("列入公示名单"), "列入公示名单", problems)
            if id_number:
                by_digest[blind_index(id_number)] = number
                if id_number in seen:
                    problems.append(f"身份证号与第{seen[id_number]}行重复")
                seen.setdefault(id_number, number)
            if problems:
                failed[number] = problems
                continue
            c = Coordinator(name=name, phone=phone, education=education, workplace_type=workplace_type,
                            workplace_name=workplace, region=region, skill_level=level, certificate_no=certificate,
                            pay_band=pay_band, status=status, on_public_list=public, region_path=region.path)
            c.set_id_number(id_number)
            prepared.append((number, c, firm_ids))
        taken = list(Coordinator.objects.filter(id_digest__in=by_digest).select_related("region"))
        named = set(Coordinator.objects.visible_to(self.user).filter(pk__in=[c.pk for c in taken])
                    .values_list("pk", flat=True)) if taken else set()
        for existing in taken:
            failed.setdefault(by_digest[existing.id_digest], []).insert(0, duplicate_message(existing,
                                                                                           existing.pk in named))
        errors = [(number, "；".join(problems)) for number, problems in sorted(failed.items())]
        return prepared, errors

    def preview_row(self, item):
        _number, c, firm_ids = item
        return [c.name, c.masked_id_number, c.get_gender_display(), c.region.full_name, c.workplace_name,
                c.get_skill_level_display(), len(firm_ids)]

    preview_headers = ["姓名", "身份证号", "性别", "所在区划", "工作单位", "技能等级", "服务企业数"]

    def write(self, prepared, reason="Excel 导入"):
        """Every row with its history row (变更记录); the engine re-checks the area inside the transaction."""
        with transaction.atomic():
            objects = bulk.insert_with_history(Coordinator, [c for _n, c, _f in prepared], user=self.user,
                                               reason=reason)
            through = Coordinator.enterprises.through
            bulk.insert(through, [through(coordinator_id=c.pk, enterprise_id=e)
                                  for c, (_n, _c, firms) in zip(objects, prepared, strict=True) for e in firms])
            coverage.refresh([e for _n, _c, firms in prepared for e in firms])  # bulk_create sends no signals
        return [c.pk for c in objects]


class TrainingImport:
    kind = "trainings"
    title = "协调员培训"
    headers = template_headers(TrainingResource)
    example = ["2026-03-15", "劳动关系协调实务培训", "8", "420102", "", "江岸区人社局三楼会议室"]
    preview_headers = ["培训日期", "培训主题", "学时", "举办区划", "举办园区"]

    def __init__(self, user):
        self.user = user

    def validate(self, rows, progress=None):
        regions = {r.code: r for r in Region.objects.visible_to(self.user)}
        parks = {}
        for p in Park.objects.visible_to(self.user).select_related("region"):
            parks.setdefault(p.name, p)
        prepared, errors = [], []
        if self.user.office_id is None:
            return [], [(0, "只有三方办工作人员可以导入培训。")]
        for done, (number, r) in enumerate(rows, start=1):
            _report(progress, done)
            problems = []
            date = _date(r.get("培训日期"), "培训日期", problems)
            if date is not None:
                try:
                    NotInFuture("培训日期")(date)
                except ValidationError as exc:
                    problems.append(exc.messages[0])
            topic = _text(r.get("培训主题"))
            if not topic:
                problems.append("“培训主题”不能为空")
            hours = None
            try:
                hours = Decimal(_text(r.get("学时")))
                if hours <= 0 or hours > 999:
                    problems.append("“学时”应大于0且不超过999")
            except InvalidOperation:
                problems.append("“学时”应为数字，如 8 或 2.5")
            code = _text(r.get("举办区划代码"))
            region = regions.get(code)
            if region is None:
                problems.append(f"举办区划代码“{code}”不在本辖区内" if code else "“举办区划代码”不能为空")
            park_name = _text(r.get("举办园区"))
            park = parks.get(park_name) if park_name else None
            if park_name and park is None:
                problems.append(f"园区“{park_name}”不在本辖区内")
            if problems:
                errors.append((number, "；".join(problems)))
                continue
            prepared.append((number, Training(organiser_id=self.user.office_id, region=region, park=park, date=date,
                                              topic=topic, hours=hours, location=_text(r.get("地点")))))
        return prepared, errors

    def preview_row(self, item):
        _n, t = item
        return [t.date, t.topic, t.hours, t.region.full_name, t.park.name if t.park else ""]

    def write(self, prepared, reason="Excel 导入"):
        objects = bulk.insert_with_history(Training, [t for _n, t in prepared], user=self.user, reason=reason)
        return [t.pk for t in objects]


class AttendanceImport:
    kind = "attendance"
    title = "培训签到"
    headers = template_headers(AttendanceResource)
    example = ["420102199001011234", "张三", "是"]
    preview_headers = ["姓名", "身份证号", "所在区划", "考核合格"]

    def __init__(self, user, training):
        self.user, self.training = user, training

    def validate(self, rows, progress=None):
        digests = {}
        prepared, errors = [], []
        for number, r in rows:
            digests[number] = blind_index(compact(_text(r.get("身份证号"))))
        people = {c.id_digest: c for c in Coordinator.objects.visible_to(self.user)
                  .filter(id_digest__in=digests.values()).select_related("region")}
        # a number found in the ledger is never refused; the rule speaks only for those not found
        for number, r in rows:
            if digests[number] not in people:
                try:
                    clean_id_number(_text(r.get("身份证号")))
                except Exception as exc:  # noqa: BLE001
                    errors.append((number, exc.messages[0]))
                    del digests[number]
        already = set(TrainingAttendance.objects.filter(training=self.training).values_list(
            "coordinator__id_digest", flat=True))
        seen = {}
        for done, (number, r) in enumerate(rows, start=1):
            _report(progress, done)
            if number not in digests:
                continue
            digest = digests[number]
            coordinator = people.get(digest)
            name = _text(r.get("姓名"))
            if coordinator is None:
                errors.append((number, "本辖区未登记该身份证号的协调员"))
            elif name and name != coordinator.name:
                errors.append((number, f"姓名“{name}”与台账登记的姓名不一致"))
            elif digest in already:
                errors.append((number, f"{coordinator.name}已在本次培训签到名单中"))
            elif digest in seen:
                errors.append((number, f"与第{seen[digest]}行是同一人"))
            else:
                seen[digest] = number
                problems = []
                passed = _yes(r.get("考核合格"), "考核合格", problems)
                if problems:
                    errors.extend((number, message) for message in problems)
                    continue
                prepared.append((number, TrainingAttendance(training=self.training, coordinator=coordinator,
                                                            passed=passed)))
        errors.sort()
        return prepared, errors

    def preview_row(self, item):
        _n, a = item
        c = a.coordinator
        return [c.name, c.masked_id_number, c.region.full_name, "是" if a.passed else "否"]

    def write(self, prepared, reason="Excel 导入"):
        # an attendance row keeps no history of its own: the training's page lists who attended
        return [a.pk for a in TrainingAttendance.objects.bulk_create([a for _n, a in prepared], batch_size=2000)]
