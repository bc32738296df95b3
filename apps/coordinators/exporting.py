"""The coordinator app's exports on the one export engine (apps/core/exports.py).

身份证号 and 手机号码 leave only masked (the engine masks the declared columns whatever the rows hold);
a large ledger export runs as a job (我的任务) with a download link.
"""

from apps.core import exports
from apps.core.masking import mask_id_number, mask_phone

from . import excel
from .filters import CoordinatorFilter, TrainingFilter
from .models import Coordinator, Training, TrainingAttendance

SYNC_LIMIT = 5000  # more rows than this → a background job


@exports.register
class CoordinatorExporter(exports.Exporter):
    name = "coordinators.ledger"
    job_kind = "coordinator_export"
    label = "协调员台账导出"
    model = Coordinator
    filterset_class = CoordinatorFilter
    headers = excel.LEDGER_HEADERS
    sheet = "协调员台账"
    filename = "劳动关系协调员台账"
    masked = {"身份证号（脱敏）": mask_id_number, "手机号码（脱敏）": mask_phone}
    note = "（身份证号、手机号码已脱敏）"
    widths = {"身份证号（脱敏）": 22, "工作单位": 24, "所在区划": 24, "服务企业统一社会信用代码": 30}

    @property
    def sync_limit(self):
        return SYNC_LIMIT

    def rows(self, queryset):
        return excel.ledger_rows(queryset)


@exports.register
class TrainingExporter(exports.Exporter):
    name = "coordinators.trainings"
    job_kind = "training_export"
    label = "协调员培训导出"
    model = Training
    filterset_class = TrainingFilter
    headers = excel.TRAINING_HEADERS
    sheet = "培训"
    filename = "协调员培训"
    widths = {"培训主题": 30, "主办单位": 24, "举办区划": 24, "地点": 24}

    def rows(self, queryset):
        return excel.training_rows(queryset)


@exports.register
class AttendanceExporter(exports.Exporter):
    """The attendance list of one training (`training` in the query), the training seen through visible_to."""

    name = "coordinators.attendance"
    job_kind = "attendance_export"
    label = "培训签到导出"
    model = TrainingAttendance
    headers = excel.ATTENDANCE_HEADERS
    sheet = "签到"
    filename = "培训签到"
    masked = {"身份证号（脱敏）": mask_id_number}
    widths = {"身份证号（脱敏）": 22, "所在区划": 24, "工作单位": 24}

    def base_queryset(self):
        training = self.query.get("training", "")
        queryset = super().base_queryset()
        return queryset.filter(training_id=training) if training.isdigit() else queryset

    def rows(self, queryset):
        return excel.attendance_rows(queryset)
