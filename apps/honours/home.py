"""What waits for each role on its home page: one line per round stage and step the user takes (read from
the workflow tables), each counted over the rows the user may see and linked to the filtered list; an
expert's own scoring tasks one by one."""

from django.urls import reverse

from .models import Application, ExpertAssignment, Objection, ReReview, SelectionRound
from .workflow import ApplicationWorkflow, ObjectionWorkflow, ReReviewWorkflow, RoundWorkflow

# (application status, the round stage in which it is acted on, a step of that stage, what the line says)
APPLICATION_WORK = [
    (Application.Status.SUBMITTED, SelectionRound.Stage.RECOMMENDING, ApplicationWorkflow, "recommend", "待县级推荐"),
    (Application.Status.RECOMMENDED, SelectionRound.Stage.CITY_REVIEW, ApplicationWorkflow, "approve", "待市级审核"),
    (Application.Status.APPROVED, SelectionRound.Stage.EXPERT_REVIEW, RoundWorkflow, "close_expert_review",
     "待分配专家、评分"),
    (Application.Status.APPROVED, SelectionRound.Stage.DECIDING, ApplicationWorkflow, "select", "待省级审定"),
]


def waiting_for(user):
    rows = []
    if user.kind == "expert":
        tasks = (ExpertAssignment.objects.visible_to(user).filter(expert=user, submitted_at__isnull=True,
                                                                  application__round__stage="expert_review")
                 .select_related("application__subject", "application__round").order_by("application__round", "pk"))
        return {"title": "待评分的申报", "rows": [
            {"label": f"{a.application.round.name} · {a.application.subject.name}",
             "due": a.application.round.expert_deadline, "url": reverse("honours:score", args=[a.pk])}
            for a in tasks[:50]], "empty": "暂无待评分的申报。", "more_url": reverse("honours:expert_tasks")}
    if user.kind != "staff":
        return None
    visible = Application.objects.visible_to(user)
    for status, stage, workflow, step, words in APPLICATION_WORK:
        if not workflow.takes(user, workflow.transition(step)):
            continue
        mine = visible
        if step == "recommend" and user.region.level == "city":  # a city recommends only where no county office is
            mine = visible.exclude(city__children__level="county")
        for round_ in SelectionRound.objects.filter(stage=stage):
            n = mine.filter(round=round_, status=status).distinct().count()
            if n:
                rows.append({"label": f"{round_.name}：{words} {n} 个", "due": round_.deadline_of(stage),
                             "url": f"{reverse('honours:application_list')}?round={round_.pk}&status={status}"})
    if ObjectionWorkflow.takes(user, ObjectionWorkflow.transition("investigate")):
        n = Objection.objects.visible_to(user).open().count()
        if n:
            rows.append({"label": f"待核查的公示异议 {n} 件", "url": reverse("honours:objection_list")})
    for step, status, words in (("keep", ReReview.Status.SUBMITTED, "待审定的复核"),
                                ("submit_for", ReReview.Status.OPEN, "待提交评估的复核")):
        if ReReviewWorkflow.takes(user, ReReviewWorkflow.transition(step)):
            n = ReReview.objects.visible_to(user).filter(status=status).count()
            if n:
                rows.append({"label": f"{words} {n} 个",
                             "url": f"{reverse('honours:rereview_list')}?status={status}"})
    if not rows:
        return None
    return {"title": "示范创建待办", "rows": rows, "empty": ""}
