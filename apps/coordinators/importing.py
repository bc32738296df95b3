"""The coordinator ledger's, trainings' and attendance lists' imports on the one engine (apps/core/imports.py).

Columns, cells, lookups: apps/coordinators/resources.py. Here only what a row means beyond its cells, set-wise:
duplicates by 身份证号 in the file and the province, the training's list. No job keeps a full 身份证号.
"""
from apps.core import bulk
from apps.core.fields import blind_index
from apps.core.idnumbers import clean_id_number
from apps.core.imports import ObjectImporter, register
from apps.core.uploads import UploadError

from . import coverage
from .forms import duplicate_message
from .models import Coordinator, Training, TrainingAttendance
from .resources import AttendanceResource, CoordinatorResource, TrainingResource

__all__ = ["clean_id_number"]  # the one 身份证号 rule, the forms' and the imports'


class CoordinatorsImporter(ObjectImporter):
    """What the three share: rows only ever added (apps.core.imports.ObjectImporter, no key_fields), one job page, the
    coordinators' pages' wording."""

    job_kind = "coordinator_import"
    upload_dir = "coordinators"
    page_url_name = "coordinators:import_job"
    row_format = "第{}行"
    required_message = "“{}”不能为空"
    cell_message = "“{header}”{reason}"
    model_validators = True
    template_sheet = "导入模板"

    def result_summary(self, result):
        return result["created"]

    validated_text = "校验通过：共 {creates} 条记录。请核对预览后确认导入 {creates} 条记录。"
    invalid_text = "共 {rows} 行数据，文件中有 {problems} 处问题，未导入任何记录。请按列出的原因修改后重新上传。"
    changed_text = "确认前数据已发生变化，重新校验发现 {problems} 处问题，未导入任何记录。请按列出的原因修改后重新上传。"
    applied_text = "已导入{created}条{title}记录。"


@register
class CoordinatorLedgerImporter(CoordinatorsImporter):
    name = "coordinators.ledger"
    label = "协调员台账导入"
    title = "协调员台账"
    model = Coordinator
    resource_class = CoordinatorResource

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
        super().check(parsed, plan)

    def new_row(self, values):
        c = self.instance(values, "id_number", "enterprises", region_path=values["region"].path)
        c.set_id_number(values["id_number"])
        c.firm_ids = values.get("enterprises", [])
        return c

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

    def check(self, parsed, plan):
        if self.user.office_id is None:
            raise UploadError("只有三方办工作人员可以导入培训。")
        super().check(parsed, plan)

    def new_row(self, values):
        return self.instance(values, organiser_id=self.user.office_id)


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
    preview_headers = ["姓名", "身份证号", "所在区划", "考核合格"]  # the person found, as preview_row shows them

    def check(self, parsed, plan):
        # the training as the owner sees it now: gone or outside the area, nothing is imported
        self.training = Training.objects.visible_to(self.user).filter(pk=self.context.get("training")).first()
        if self.training is None:
            raise UploadError("该培训不存在或不在您的管辖区域内，未导入任何记录。")
        already = set(self.training.attendance.values_list("coordinator_id", flat=True))
        self.once(parsed, "id_number", "与{row}是同一人")
        for _number, values, errors in parsed:
            person, name = values.get("id_number"), values.get("name")
            if person and name and name != person.name:
                errors.append(("姓名", f"姓名“{name}”与台账登记的姓名不一致"))
            elif person and person.pk in already:
                errors.append(("身份证号", f"{person.name}已在本次培训签到名单中"))
        super().check(parsed, plan)

    def new_row(self, values):
        return self.instance(values, training=self.training, coordinator=values["id_number"])

    def preview_row(self, a):
        c = a.coordinator
        return [c.name, c.masked_id_number, c.region.full_name, "是" if a.passed else "否"]

