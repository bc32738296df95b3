"""The coordinator ledger's, trainings' and attendance lists' imports on the one import engine (apps/core/imports.py).

Columns are declared once in apps/coordinators/resources.py, each cell read by its column's widget and the model
field's own validators; here only what a row means beyond one cell, set-wise (a few queries per file): the area,
duplicates by 身份证号 in the file and the province, the enterprises served, the training's list. Nothing kept on
a job holds a full 身份证号: previews are masked and messages never repeat it.
"""

from django.core.exceptions import ValidationError
from import_export import widgets
from openpyxl import Workbook
from openpyxl.styles import Font

from apps.core import bulk, spreadsheets
from apps.core.fields import blind_index
from apps.core.idnumbers import compact
from apps.core.imports import PREVIEW_ROWS, Importer, ImportPlan, register, template_headers
from apps.core.spreadsheets import text
from apps.core.uploads import UploadError
from apps.core.widgets import ChoiceLabelWidget, DateWidget
from apps.enterprises.models import Enterprise
from apps.parks.models import Park
from apps.regions.models import Region

from . import coverage
from .forms import clean_id_number, duplicate_message
from .models import Coordinator, Training, TrainingAttendance
from .resources import AttendanceResource, CoordinatorResource, TrainingResource


def _reason(widget, cell, exc):
    """Why a cell is refused (said after its column's name unless the message names it)."""
    if isinstance(exc, ValidationError):  # the 身份证号 and phone rules, the model field's own validators
        return exc.messages[0]
    if isinstance(widget, ChoiceLabelWidget):
        return f"的值“{text(cell)}”无效，应为：" + "、".join(str(label) for label in widget.labels.values() if label)
    if isinstance(widget, DateWidget):
        return "应为日期，如 2026-03-15"
    return "应为数字，如 8 或 2.5" if isinstance(exc, ArithmeticError) else str(exc)  # InvalidOperation: a decimal


def _plain(values, *but):
    """The values of the model's own columns (a blank one keeps the model's default)."""
    return {attr: value for attr, value in values.items()
            if "__" not in attr and attr not in ("enterprises", *but) and value not in (None, "")}


class CoordinatorsImporter(Importer):
    """What the three share: the cells read by the resource's widgets, rows only ever added, one job page."""

    job_kind = "coordinator_import"
    upload_dir = "coordinators"
    page_url_name = "coordinators:import_job"
    max_rows = 20000
    title = ""              # 协调员台账: in the messages and the template's file name
    preview_headers = ()

    def validate(self, table, progress):
        plan = ImportPlan()
        resource, model = self.resource_class(), self.model._meta
        required = set(self.resource_class.Meta.required)
        columns = []  # (header, attribute, widget, read as text, the model field's validators)
        for name in self.resource_class.Meta.fields:
            field = resource.fields[name]
            own = model.get_field(field.attribute) if "__" not in field.attribute else None
            columns.append((field.column_name, field.attribute, field.widget,
                            isinstance(field.widget, widgets.CharWidget), own and own.validators and own.run_validators))
        rows = []
        for plan.total, (number, row) in enumerate(table.dicts(self.headers()), start=1):
            if plan.total % 500 == 0:
                progress(plan.total)
            values = {}
            for header, attribute, widget, as_text, validate in columns:
                cell = row[header]
                if header in required and not text(cell):
                    plan.error(number, header, f"“{header}”不能为空")
                    continue
                try:
                    value = widget.clean(text(cell) if as_text else cell)
                    if validate and value not in (None, ""):
                        validate(value)
                    values[attribute] = value
                except (ValueError, ArithmeticError, ValidationError) as exc:
                    message = _reason(widget, cell, exc)
                    plan.error(number, header, message if message.startswith(header) else f"“{header}”{message}")
            rows.append((number, values))
        progress(plan.total, plan.total)
        self.check(rows, plan)
        plan.errors.sort(key=lambda error: error[0] or 0)
        return plan

    def check(self, rows, plan):
        """The rows' meaning beyond one cell, for the whole file: plan.creates gets every clean row's object."""
        raise NotImplementedError

    def preview(self, plan):
        return {"preview_headers": list(self.preview_headers), "preview": [
            [obj.import_row, [str(c) for c in self.preview_row(obj)], False] for obj in plan.creates[:PREVIEW_ROWS]]}

    def write(self, plan, progress):
        objects = bulk.insert_with_history(self.model, plan.creates, user=self.user,
                                           reason=f"Excel 导入（{self.upload_name}）")
        progress(len(objects))
        return {"created": len(objects), "updated": 0, "ids": [obj.pk for obj in objects]}

    def result_summary(self, result):
        return result["created"]

    def validated_message(self, summary):
        return f"校验通过：共 {summary['creates']} 条记录。请核对预览后确认导入 {summary['creates']} 条记录。"

    def invalid_message(self, summary, errors):
        lead = f"共 {summary['rows']} 行数据，" if summary.get("rows") else ""
        return f"{lead}文件中有 {len(errors)} 处问题，未导入任何记录。请按列出的原因修改后重新上传。"

    def changed_message(self, errors):
        return (f"确认前数据已发生变化，重新校验发现 {len(errors)} 处问题，未导入任何记录。"
                "请按列出的原因修改后重新上传。")

    def applied_message(self, result):
        return f"已导入{result['created']}条{self.title}记录。"

    def template(self):
        """Starred headers, the resource's example row, drop-down lists and widths."""
        meta, book = self.resource_class.Meta, Workbook()
        sheet = book.active
        sheet.title = "导入模板"
        sheet.append(template_headers(self.resource_class))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.append(meta.example)
        spreadsheets.set_widths(sheet, self.headers(), meta.widths, default=18)
        spreadsheets.add_drop_downs(book, sheet, self.headers(), meta.choices)
        return spreadsheets.book_bytes(book)


@register
class CoordinatorLedgerImporter(CoordinatorsImporter):
    name = "coordinators.ledger"
    label = "协调员台账导入"
    title = "协调员台账"
    model = Coordinator
    resource_class = CoordinatorResource
    preview_headers = ["姓名", "身份证号", "性别", "所在区划", "工作单位", "技能等级", "服务企业数"]

    def check(self, rows, plan):
        regions = {r.code: r for r in Region.objects.visible_to(self.user).filter(level__in=["county", "township"])}
        codes = {code for _n, values in rows for code in values.get("enterprises", [])}
        firms = dict(Enterprise.objects.visible_to(self.user).filter(uscc__in=codes).values_list("uscc", "pk"))
        bad, seen, by_digest = {error[0] for error in plan.errors}, {}, {}
        for number, values in rows:
            problems, id_number = len(plan.errors), values.get("id_number")
            if id_number:
                by_digest[blind_index(id_number)] = number
                if id_number in seen:
                    plan.error(number, "身份证号", f"身份证号与第{seen[id_number]}行重复")
                seen.setdefault(id_number, number)
            code = values.get("region__code") or ""
            if code and code not in regions:
                plan.error(number, "所在区划代码", f"所在区划代码“{code}”不是本辖区的县（市、区）或乡镇（街道）代码")
            for uscc in values.get("enterprises", []):
                if uscc not in firms:
                    plan.error(number, "服务企业统一社会信用代码", f"服务企业“{uscc}”不在本辖区企业台账中")
            if values.get("skill_level") and not values.get("certificate_no"):
                plan.error(number, "证书编号", "填写了职业技能等级，请同时填写证书编号")
            if number in bad or len(plan.errors) > problems:
                continue
            c = Coordinator(region=regions[code], region_path=regions[code].path, **_plain(values, "id_number"))
            c.set_id_number(id_number)
            c.import_row, c.firm_ids = number, [firms[uscc] for uscc in values["enterprises"]]
            plan.creates.append(c)
        taken = list(Coordinator.objects.filter(id_digest__in=by_digest).select_related("region"))
        named = set(Coordinator.objects.visible_to(self.user).filter(pk__in=[c.pk for c in taken])
                    .values_list("pk", flat=True)) if taken else set()
        for existing in taken:  # before the row's other problems: the first thing to know
            plan.errors.insert(0, [by_digest[existing.id_digest], "身份证号",
                                   duplicate_message(existing, existing.pk in named)])
        taken = {existing.id_digest for existing in taken}
        plan.creates = [c for c in plan.creates if c.id_digest not in taken]

    def preview_row(self, c):
        return [c.name, c.masked_id_number, c.get_gender_display(), c.region.full_name, c.workplace_name,
                c.get_skill_level_display(), len(c.firm_ids)]

    def write(self, plan, progress):
        """Every row with its history row (变更记录) and the enterprises it serves."""
        result = super().write(plan, progress)
        through = Coordinator.enterprises.through
        bulk.insert(through, [through(coordinator_id=c.pk, enterprise_id=e) for c in plan.creates for e in c.firm_ids])
        coverage.refresh([e for c in plan.creates for e in c.firm_ids])  # bulk inserts send no signals
        return result


@register
class TrainingImporter(CoordinatorsImporter):
    name = "coordinators.trainings"
    label = "协调员培训导入"
    title = "协调员培训"
    model = Training
    resource_class = TrainingResource
    preview_headers = ["培训日期", "培训主题", "学时", "举办区划", "举办园区"]

    def check(self, rows, plan):
        if self.user.office_id is None:
            plan.error(None, "", "只有三方办工作人员可以导入培训。")
            return
        regions = {r.code: r for r in Region.objects.visible_to(self.user)}
        parks = {}
        for park in Park.objects.visible_to(self.user).order_by("pk"):
            parks.setdefault(park.name, park)
        bad = {error[0] for error in plan.errors}
        for number, values in rows:
            code, park_name, hours = values.get("region__code") or "", values.get("park__name"), values.get("hours")
            problems = len(plan.errors)
            if hours is not None and not 0 < hours <= 999:
                plan.error(number, "学时", "“学时”应大于0且不超过999")
            if code and code not in regions:
                plan.error(number, "举办区划代码", f"举办区划代码“{code}”不在本辖区内")
            if park_name and park_name not in parks:
                plan.error(number, "举办园区", f"园区“{park_name}”不在本辖区内")
            if number in bad or len(plan.errors) > problems:
                continue
            training = Training(organiser_id=self.user.office_id, region=regions[code], park=parks.get(park_name),
                                **_plain(values))
            training.import_row = number
            plan.creates.append(training)

    def preview_row(self, t):
        return [t.date.isoformat(), t.topic, format(t.hours.normalize(), "f"), t.region.full_name,
                t.park.name if t.park else ""]


@register
class AttendanceImporter(CoordinatorsImporter):
    name = "coordinators.attendance"
    label = "培训签到导入"
    title = "培训签到"
    model = TrainingAttendance
    also_writes = ("coordinators.Training",)
    resource_class = AttendanceResource
    preview_headers = ["姓名", "身份证号", "所在区划", "考核合格"]

    def check(self, rows, plan):
        # the training as the owner sees it now: gone or outside the area, nothing is imported
        training = Training.objects.visible_to(self.user).filter(pk=self.context.get("training")).first()
        if training is None:
            raise UploadError("该培训不存在或不在您的管辖区域内，未导入任何记录。")
        digests = {number: blind_index(compact(values.get("coordinator__id_number") or "")) for number, values in rows}
        people = {c.id_digest: c for c in Coordinator.objects.visible_to(self.user)
                  .filter(id_digest__in=digests.values()).select_related("region")}
        already = set(training.attendance.values_list("coordinator__id_digest", flat=True))
        bad, seen = {error[0] for error in plan.errors}, {}
        for number, values in rows:
            digest, coordinator, name = digests[number], people.get(digests[number]), values.get("coordinator__name")
            if coordinator is None:  # a number found in the ledger is never refused; the rule speaks for the others
                try:
                    clean_id_number(values.get("coordinator__id_number") or "")
                    plan.error(number, "身份证号", "本辖区未登记该身份证号的协调员")
                except ValidationError as exc:
                    plan.error(number, "身份证号", exc.messages[0])
            elif name and name != coordinator.name:
                plan.error(number, "姓名", f"姓名“{name}”与台账登记的姓名不一致")
            elif digest in already:
                plan.error(number, "身份证号", f"{coordinator.name}已在本次培训签到名单中")
            elif digest in seen:
                plan.error(number, "身份证号", f"与第{seen[digest]}行是同一人")
            elif number not in bad:
                seen[digest] = number
                passed = values.get("passed")
                row = TrainingAttendance(training=training, coordinator=coordinator, passed=passed is not False)
                row.import_row = number
                plan.creates.append(row)

    def preview_row(self, a):
        c = a.coordinator
        return [c.name, c.masked_id_number, c.region.full_name, "是" if a.passed else "否"]

    def write(self, plan, progress):
        # an attendance row keeps no history of its own: the training's page lists who attended
        objects = TrainingAttendance.objects.bulk_create(plan.creates, batch_size=2000)
        progress(len(objects))
        return {"created": len(objects), "updated": 0, "ids": [a.pk for a in objects]}
