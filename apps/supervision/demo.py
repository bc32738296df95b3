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
    _mechanism(stdout)
    stdout.write(f"  督办与报告：任务进展 {TaskProgress.objects.count()} 条，年度报告 {len(reports)} 份")


def _mechanism(stdout):
    from django.core.files.base import ContentFile

    from apps.accounts.models import Office

    from .bulletins import compute_rankings
    from .models import Bulletin, FollowUpAction, Meeting, WorkPlan

    province = User.objects.filter(username="42-hrss-leader").first()
    wuhan = User.objects.filter(username="4201-hrss-leader").first()
    if province is None or Meeting.objects.exists():
        return
    meeting = Meeting.objects.create(
        region=province.office.region, kind=Meeting.Kind.EXECUTIVE, held_on=datetime.date(2026, 9, 15),
        title="省协调劳动关系三方执行会议（2026年第二次）", attendee_units=["hrss", "union", "confed", "fic"],
        attendees="省人社厅、省总工会、省企联、省工商联分管负责同志", recorded_by=province,
        resolutions="一、部署年度总结评估工作。\n二、推进园区、乡镇（街道）基层劳动关系公共服务站点建设。")
    owners = {o.region.code: o for o in Office.objects.filter(member_unit="hrss", region__code__in=["42", "4201"])
              .select_related("region")}
    for code, text, due in (("42", "印发年度总结评估报告提纲", datetime.date(2026, 10, 20)),
                            ("4201", "武汉市报送园区站点建设进度", datetime.date(2026, 11, 15))):
        if code in owners:
            FollowUpAction.objects.create(meeting=meeting, description=text, owner=owners[code], due_on=due)
    pdf = ContentFile(b"%PDF-1.4\n% demo work plan\n%%EOF\n")
    for user, title, number, issued in ((province, "湖北省推进新时代和谐劳动关系创建活动工作方案", "鄂人社发〔2023〕21号",
                                         datetime.date(2023, 6, 9)),
                                        (wuhan, "武汉市推进新时代和谐劳动关系创建活动工作方案", "武人社发〔2023〕35号",
                                         datetime.date(2023, 7, 18))):
        if user is not None:
            plan = WorkPlan(region=user.office.region, title=title, doc_number=number, issued_on=issued,
                            uploaded_by=user, attachment_name=f"{title}.pdf")
            plan.attachment.save("work-plan.pdf", pdf, save=True)
    region = province.office.region
    from apps.documents.numbering import claim, next_free

    bulletin = Bulletin.objects.create(
        region=region, year=2026, title="关于2026年全省和谐劳动关系创建活动进展情况的通报（草稿）",
        doc_number=next_free("鄂劳三方", 2026), created_by=province,
        opening="各市、州、直管市、神农架林区协调劳动关系三方委员会办公室：", rankings=compute_rankings(region, 2026))
    claim(bulletin.doc_number, kind="bulletin", title=bulletin.title, owner=f"supervision.bulletin:{bulletin.pk}",
          region=region, user=province)
    stdout.write("  督办与报告：三方会议 1 次、落实事项 2 项、工作方案 2 份、通报草稿 1 份")
