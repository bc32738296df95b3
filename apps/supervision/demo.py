"""Demo rows for 督办与报告: quarterly progress on the demo offices' tasks, and the 2026 annual reports of the
demo areas at every stage (draft, submitted, returned, accepted), so each screen has something to show."""

import datetime

from apps.accounts.models import User
from apps.regions.models import Region

from .models import AnnualReport, TaskProgress, WorkTask

PROGRESS = {
    "420102": [(12, "已建立全区劳动关系协调员台账，按季度更新数量、结构和分布。", [["在岗协调员", "86 名"], ["覆盖企业", "312 家"]]),
               (10, "组织全区协调员集中培训，邀请市仲裁院讲授劳动争议调解实务。", [["培训", "2 次"], ["参训", "74 人次"]]),
               (14, "在大智、车站等 5 个街道公示协调员名单和联系方式。", [["公示街道", "5 个"]])],
    "420502": [(12, "协调员台账录入完成，正在核对身份证号和服务企业。", [["在岗协调员", "41 名"]])],
    "4201": [(13, "市级劳动关系协调员信息库上线试运行，各区按月推送数据。", [["入库协调员", "1,920 名"]]),
             (17, "完成本年度市级金牌劳动关系协调员选树，名单已公示。", [["市级选树", "62 名"]])],
    "42": [(1, "召开省协调劳动关系三方委员会全体会议和两次执行会议。", [["委员会会议", "1 次"], ["执行会议", "2 次"]]),
           (20, "劳动关系风险预警监测平台完成与 17 个市州的数据对接。", [["接入市州", "17 个"]])],
}
NARRATIVE = dict(
    achievements="全年新增参与创建企业 126 家，建成基层劳动关系公共服务站点 4 个，开展协调员培训 3 次。",
    practices="依托街道站点开展“用工体检”，园区内企业集中开展集体协商。",
    problems="部分乡镇（街道）工作力量不足，协调员流动性较大。",
    next_steps="推进站点全覆盖，完善协调员激励措施，做好创建示范企业推荐。")


def load_demo(stdout):
    leader = {code: User.objects.filter(username=f"{code}-hrss-leader").first() for code in PROGRESS}
    for code, rows in PROGRESS.items():
        user = leader[code]
        if user is None:
            continue
        for quarter in (2, 3):
            for number, text, figures in rows:
                TaskProgress.objects.get_or_create(
                    task=WorkTask.objects.get(number=number), office=user.office, year=2026, quarter=quarter,
                    defaults={"text": text, "figures": figures, "reported_by": user,
                              "status": "completed" if number in (12, 13) and quarter == 3 else "ongoing"})
    from .reports import draft_reports

    regions = list(Region.objects.filter(code__in=["42", "4201", "4205", "420102", "420502", "420102002"]))
    draft_reports(AnnualReport.Kind.ANNUAL, 2026, regions=regions)
    reports = {r.region.code: r for r in AnnualReport.objects.filter(year=2026, kind="annual").select_related("region")}
    city = User.objects.filter(username="4201-hrss-reviewer").first()
    stages = {
        "420102": dict(status="submitted", submitted_on=datetime.date(2026, 11, 26), **NARRATIVE),
        "420502": dict(status="returned", return_reason="“存在的问题”过于笼统，请结合台账数据补充。", **NARRATIVE),
        "420102002": dict(status="accepted", submitted_on=datetime.date(2026, 11, 18), reviewed_by=None,
                          **NARRATIVE),
        "4201": dict(achievements=NARRATIVE["achievements"]),
    }
    for code, fields in stages.items():
        report = reports.get(code)
        if report is None or report.status != "draft":
            continue
        if code == "420102002":
            fields["reviewed_by"] = User.objects.filter(username="420102-hrss-reviewer").first()
        for key, value in fields.items():
            setattr(report, key, value)
        report._history_user = city
        report._change_reason = "演示数据"
        report.save()
    stdout.write(f"  督办与报告：任务进展 {TaskProgress.objects.count()} 条，年度报告 {len(reports)} 份")
