"""The coordinator ledger, training and attendance imports on the one import engine (apps/core/imports.py).

apps.coordinators.excel says what each cell means (set-wise checks, bulk writes with history rows); these
classes tell the engine their columns, their messages and what the pages show. Nothing kept on a job ever
holds a full 身份证号: previews are masked and messages never repeat it.
"""

import datetime
from decimal import Decimal

from apps.core.cells import column_of
from apps.core.imports import PREVIEW_ROWS, Importer, ImportPlan, register
from apps.core.uploads import UploadError

from . import excel
from .models import Coordinator, Training, TrainingAttendance
from .resources import AttendanceResource, CoordinatorResource, TrainingResource


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value) if not isinstance(value, (int, float)) else value


class CoordinatorsImporter(Importer):
    """What the three share: rows as {header: value} for apps.coordinators.excel's checks and writes."""

    job_kind = "coordinator_import"
    upload_dir = "coordinators"
    page_url_name = "coordinators:import_job"
    max_rows = excel.MAX_IMPORT_ROWS
    noun = "条"
    rows_class = None  # the apps.coordinators.excel class that checks and writes the rows

    def rows_importer(self):
        return self.rows_class(self.user)

    def check_headers(self, headers):
        missing = [h for h, _ in self.columns() if h not in headers]
        if missing:
            raise UploadError("表头缺少列：" + "、".join(missing) + "。请使用下载的模板。")

    def validate(self, table, progress):
        rows = list(table.dicts(self.headers()))
        plan = ImportPlan(total=len(rows))
        progress(0, len(rows))
        prepared, errors = self.rows_importer().validate(rows, progress=progress)
        for row, message in errors:
            for problem in message.split("；"):
                plan.error(row, column_of(problem, self.headers()), problem)
        plan.creates = prepared
        return plan

    def write(self, plan, progress):
        ids = self.rows_importer().write(plan.creates, reason=f"Excel 导入（{self.upload_name}）")
        progress(len(ids))
        return {"created": len(ids), "updated": 0, "ids": ids}

    def preview(self, plan):
        importer = self.rows_importer()
        return {"count": len(plan.creates),
                "preview": [] if plan.errors else
                [[_cell(v) for v in importer.preview_row(item)] for item in plan.creates[:PREVIEW_ROWS]]}

    def result_summary(self, result):
        return result["created"]

    def validated_message(self, summary):
        return f"校验通过：共 {summary['creates']} 条记录。请在预览页核对后确认导入。"

    def invalid_message(self, summary, errors):
        lead = f"共 {summary['rows']} 行数据，" if summary.get("rows") else ""
        return f"{lead}文件中有 {len(errors)} 处问题，未导入任何记录。请按列出的原因修改后重新上传。"

    def changed_message(self, errors):
        return (f"确认前数据已发生变化，重新校验发现 {len(errors)} 处问题，未导入任何记录。"
                "请按列出的原因修改后重新上传。")

    def applied_message(self, result):
        return f"已导入{result['created']}条{self.rows_class.title}记录。"

    def integrity_message(self):
        return "导入期间有相同的记录被他人录入，未导入任何记录，请重新上传检查。"

    def template(self):
        return excel.template_response(f"{self.rows_class.title}导入模板.xlsx", self.rows_class.headers,
                                       self.rows_class.example, choices=self.resource_class.Meta.choices,
                                       widths=self.resource_class.Meta.widths).content


@register
class CoordinatorLedgerImporter(CoordinatorsImporter):
    name = "coordinators.ledger"
    label = "协调员台账导入"
    model = Coordinator
    resource_class = CoordinatorResource
    rows_class = excel.CoordinatorImport


@register
class TrainingImporter(CoordinatorsImporter):
    name = "coordinators.trainings"
    label = "协调员培训导入"
    model = Training
    resource_class = TrainingResource
    rows_class = excel.TrainingImport


@register
class AttendanceImporter(CoordinatorsImporter):
    name = "coordinators.attendance"
    label = "培训签到导入"
    model = TrainingAttendance
    resource_class = AttendanceResource
    rows_class = excel.AttendanceImport

    def rows_importer(self):
        # the training as the owner sees it now: gone or outside the area, nothing is imported
        training = Training.objects.visible_to(self.user).filter(pk=self.context.get("training")).first()
        if training is None:
            raise UploadError("该培训不存在或不在您的管辖区域内，未导入任何记录。")
        return excel.AttendanceImport(self.user, training)


IMPORTERS = {"ledger": CoordinatorLedgerImporter, "trainings": TrainingImporter, "attendance": AttendanceImporter}
