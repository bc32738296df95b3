"""The coordinator app's exports on the one export engine (apps/core/exports.py).

身份证号 and 手机号码 leave only masked (the engine masks the declared columns whatever the rows hold);
a large ledger export runs as a job (我的任务) with a download link.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Count

from apps.core import exports, widgets
from apps.core.masking import mask_id_number, mask_phone

from .filters import CoordinatorFilter, GoldMedalFilter, TrainingFilter
from .models import Coordinator, GoldMedal, Training, TrainingAttendance
from .resources import CoordinatorResource

SYNC_LIMIT = 5000  # more rows than this → a background job

# the ledger's columns are its Resource's (apps.coordinators.resources), each cell by its column's name and
# widget; the export renames the masked ones and adds, after a declared column, columns for reading
LEDGER_COLUMNS = widgets.columns(CoordinatorResource)
RENAMED = {"身份证号": "身份证号（脱敏）", "手机号码": "手机号码（脱敏）"}
ADDED = {"身份证号": [("性别", lambda c: c.get_gender_display()), ("出生日期", lambda c: c.birth_date)],
         "所在区划代码": [("所在区划", lambda c: c.region.full_name)]}
LEDGER_HEADERS = [header for c in LEDGER_COLUMNS
                  for header in (RENAMED.get(c.header, c.header), *(added for added, _ in ADDED.get(c.header, ())))]


def ledger_row(c):
    """A coordinator's row of the export, its declared columns by name (the served enterprises' codes are the
    queryset's `usccs`)."""
    row = []
    for column in LEDGER_COLUMNS:
        value = c.usccs if column.name == "enterprises" else getattr(c, column.attribute)
        row.append("" if value is None else column.render(value))
        row.extend(cell(c) for _, cell in ADDED.get(column.header, ()))
    return row
TRAINING_HEADERS = ["培训日期", "培训主题", "学时", "主办单位", "举办区划代码", "举办区划", "举办园区", "地点", "参训人数"]
ATTENDANCE_HEADERS = ["姓名", "身份证号（脱敏）", "所在区划", "工作单位", "考核合格"]


@exports.register
class CoordinatorExporter(exports.Exporter):
    name = "coordinators.ledger"
    job_kind = "coordinator_export"
    label = "协调员台账导出"
    model = Coordinator
    filterset_class = CoordinatorFilter
    headers = LEDGER_HEADERS
    sheet = "协调员台账"
    filename = "劳动关系协调员台账"
    masked = {"身份证号（脱敏）": mask_id_number, "手机号码（脱敏）": mask_phone}
    note = "（身份证号、手机号码已脱敏）"
    widths = {"身份证号（脱敏）": 22, "工作单位": 24, "所在区划": 24, "服务企业统一社会信用代码": 30}

    @property
    def sync_limit(self):
        return SYNC_LIMIT

    def rows(self, queryset):
        rows = (queryset.select_related("region").annotate(usccs=StringAgg("enterprises__uscc", delimiter=";"))
                .order_by("region__code", "name", "pk"))
        for c in rows.iterator(chunk_size=2000):
            yield ledger_row(c)


@exports.register
class TrainingExporter(exports.Exporter):
    name = "coordinators.trainings"
    job_kind = "training_export"
    label = "协调员培训导出"
    model = Training
    filterset_class = TrainingFilter
    headers = TRAINING_HEADERS
    sheet = "培训"
    filename = "协调员培训"
    widths = {"培训主题": 30, "主办单位": 24, "举办区划": 24, "地点": 24}

    def rows(self, queryset):
        rows = (queryset.select_related("organiser__region", "region", "park").annotate(n=Count("attendance"))
                .order_by("-date", "pk"))
        for t in rows.iterator(chunk_size=2000):
            yield [t.date, t.topic, float(t.hours), str(t.organiser), t.region.code, t.region.full_name,
                   t.park.name if t.park else "", t.location, t.n]


@exports.register
class AttendanceExporter(exports.Exporter):
    """The attendance list of one training (`training` in the query), the training seen through visible_to."""

    name = "coordinators.attendance"
    job_kind = "attendance_export"
    label = "培训签到导出"
    model = TrainingAttendance
    headers = ATTENDANCE_HEADERS
    sheet = "签到"
    filename = "培训签到"
    masked = {"身份证号（脱敏）": mask_id_number}
    widths = {"身份证号（脱敏）": 22, "所在区划": 24, "工作单位": 24}

    def base_queryset(self):
        training = self.query.get("training", "")
        queryset = super().base_queryset()
        return queryset.filter(training_id=training) if training.isdigit() else queryset

    def rows(self, queryset):
        for a in queryset.select_related("coordinator__region").order_by("coordinator__name").iterator(chunk_size=2000):
            c = a.coordinator
            yield [c.name, mask_id_number(c.id_number), c.region.full_name, c.workplace_name,
                   "是" if a.passed else "否"]


@exports.register
class GoldMedalExporter(exports.Exporter):
    """金牌协调员 nominations of the filtered year and level (the list's filter defaults to this year)."""

    name = "coordinators.gold_medals"
    job_kind = "gold_medal_export"
    label = "金牌劳动关系协调员导出"
    model = GoldMedal
    filterset_class = GoldMedalFilter
    headers = ["年度", "姓名", "性别", "工作单位", "所在区划", "层级", "提名单位", "主要事迹", "证书编号", "状态"]
    sheet = "金牌协调员"
    filename = "金牌劳动关系协调员"
    widths = {"工作单位": 26, "所在区划": 26, "主要事迹": 40}

    def order(self, queryset):
        return queryset.select_related("coordinator__region", "nominated_by").order_by("year", "level", "pk")

    def rows(self, queryset):
        for m in queryset.iterator(chunk_size=exports.CHUNK):
            yield [m.year, m.coordinator.name, m.coordinator.get_gender_display(), m.coordinator.workplace_name,
                   m.coordinator.region.full_name, m.get_level_display(), m.nominated_by.name, m.citation,
                   m.certificate_no, m.get_status_display()]
