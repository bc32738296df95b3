"""The coordinator ledger's, trainings' and attendance lists' imports on the one import engine (apps/core/imports.py).

Columns are declared once in apps/coordinators/resources.py: each cell is read by its column's widget and the
model field's own validators, the region, park and enterprises a row names are found for the whole file by
their widgets. Here only what a row means beyond its cells, set-wise: duplicates by 身份证号 in the file and the
province, the training's list. Nothing kept on a job holds a full 身份证号: previews are masked and messages
never repeat it.
"""

from django.core.exceptions import ValidationError

from apps.core import bulk
from apps.core.fields import blind_index
from apps.core.idnumbers import clean_id_number, compact
from apps.core.imports import AddingImporter, register
from apps.core.uploads import UploadError

from . import coverage
from .forms import duplicate_message
from .models import Coordinator, Training, TrainingAttendance
from .resources import AttendanceResource, CoordinatorResource, TrainingResource

__all__ = ["clean_id_number"]  # the one 身份证号 rule, the forms' and the imports'


class CoordinatorsImporter(AddingImporter):
    """What the three share: rows only ever added (apps.core.imports.AddingImporter), one job page, the
    coordinators' pages' wording."""

    job_kind = "coordinator_import"
    upload_dir = "coordinators"
    page_url_name = "coordinators:import_job"
    row_format = "第{}行"
    required_message = "“{}”不能为空"
    cell_message = "“{header}”{reason}"
    model_validators = True
    template_sheet = "导入模板"
    title = ""              # 协调员台账: in the messages

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


@register
class CoordinatorLedgerImporter(CoordinatorsImporter):
    name = "coordinators.ledger"
    label = "协调员台账导入"
    title = "协调员台账"
    model = Coordinator
    resource_class = CoordinatorResource
    preview_headers = ["姓名", "身份证号", "性别", "所在区划", "工作单位", "技能等级", "服务企业数"]

    def check(self, parsed, plan):
        self.once(parsed, "id_number", "身份证号与{row}重复")
        rows = {blind_index(v["id_number"]): errors for _n, v, errors in parsed if v.get("id_number")}
        for _number, values, errors in parsed:
            if values.get("skill_level") and not values.get("certificate_no"):
                errors.append(("证书编号", "填写了职业技能等级，请同时填写证书编号"))
        taken = list(Coordinator.objects.filter(id_digest__in=rows).select_related("region"))
        named = set(Coordinator.objects.visible_to(self.user).filter(pk__in=[c.pk for c in taken])
                    .values_list("pk", flat=True)) if taken else set()
        for existing in taken:  # before the row's other problems: the first thing to know
            rows[existing.id_digest].insert(0, ("身份证号", duplicate_message(existing, existing.pk in named)))
        for number, values, errors in parsed:
            if not errors:
                c = self.instance(values, "id_number", "enterprises", region_path=values["region"].path)
                c.set_id_number(values["id_number"])
                c.import_row, c.firm_ids = number, values.get("enterprises", [])
                plan.creates.append(c)

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

    def check(self, parsed, plan):
        if self.user.office_id is None:
            plan.error(None, "", "只有三方办工作人员可以导入培训。")
            return
        for number, values, errors in parsed:
            if not errors:
                training = self.instance(values, organiser_id=self.user.office_id)
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
    model_validators = False
    history = False  # an attendance row keeps no history of its own: the training's page lists who attended
    preview_headers = ["姓名", "身份证号", "所在区划", "考核合格"]

    def check(self, parsed, plan):
        # the training as the owner sees it now: gone or outside the area, nothing is imported
        training = Training.objects.visible_to(self.user).filter(pk=self.context.get("training")).first()
        if training is None:
            raise UploadError("该培训不存在或不在您的管辖区域内，未导入任何记录。")
        digests = {number: blind_index(compact(values.get("id_number") or "")) for number, values, _ in parsed}
        people = {c.id_digest: c for c in Coordinator.objects.visible_to(self.user)
                  .filter(id_digest__in=digests.values()).select_related("region")}
        already = set(training.attendance.values_list("coordinator__id_digest", flat=True))
        seen = {}
        for number, values, errors in parsed:
            digest, name = digests[number], values.get("name")
            coordinator, problem = people.get(digest), None
            if coordinator is None:  # a number found in the ledger is never refused; the rule speaks for the others
                try:
                    clean_id_number(values.get("id_number") or "")
                    problem = "本辖区未登记该身份证号的协调员"
                except ValidationError as exc:
                    problem = exc.messages[0]
            elif name and name != coordinator.name:
                errors.append(("姓名", f"姓名“{name}”与台账登记的姓名不一致"))
            elif digest in already:
                problem = f"{coordinator.name}已在本次培训签到名单中"
            elif digest in seen:
                problem = f"与{self.row(seen[digest])}是同一人"
            elif not errors:
                seen[digest] = number
                row = TrainingAttendance(training=training, coordinator=coordinator, passed=values.get("passed")
                                         is not False)
                row.import_row = number
                plan.creates.append(row)
            if problem:
                errors.append(("身份证号", problem))

    def preview_row(self, a):
        c = a.coordinator
        return [c.name, c.masked_id_number, c.region.full_name, "是" if a.passed else "否"]

