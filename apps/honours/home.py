"""What waits for each role on its home page: one line per round stage and step the user takes (read from
the workflow tables), each counted over the rows the user may see and linked to the filtered list; an
expert's own scoring tasks one by one."""

from django.urls import reverse

from apps.core.workflow import WORKFLOWS

from . import stages
from .models import Application, ExpertAssignment, Objection, ReReview, SelectionRound
from .workflow import ObjectionWorkflow, ReReviewWorkflow


def waiting_for(user):
    rows = []
    if user.kind == "expert":
        tasks = (ExpertAssignment.objects.visible_to(user).filter(expert=user, submitted_at__isnull=True,
                                                                  application__round__stage__in=stages.stages_opening("score"))
                 .select_related("application__subject", "application__round").order_by("application__round", "pk"))
        return {"title": "待评分的申报", "rows": [
            {"label": f"{a.application.round.name} · {a.application.subject.name}",
             "due": a.application.round.expert_deadline, "url": reverse("honours:score", args=[a.pk])}
            for a in tasks[:50]], "empty": "暂无待评分的申报。", "more_url": reverse("honours:expert_tasks")}
    if user.kind != "staff":
        return None
    visible = Application.objects.visible_to(user)
    for stage, wait in stages.waiting_rows():  # the rows each stage declares (apps/honours/stages.py)
        workflow = WORKFLOWS[wait.workflow]
        if not workflow.takes(user, workflow.transition(wait.step)):
            continue
        mine = visible
        if wait.step == "recommend" and user.region.level == "city":  # a city recommends only where no county is
            mine = visible.exclude(city__children__level="county")
        for round_ in SelectionRound.objects.filter(stage=stage):
            n = mine.filter(round=round_, status=wait.status).distinct().count()
            if n:
                rows.append({"label": f"{round_.name}：{wait.words} {n} 个", "due": round_.deadline_of(stage),
                             "url": f"{reverse('honours:application_list')}?round={round_.pk}&status={wait.status}"})
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
