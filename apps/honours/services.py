"""What the screens, the jobs and the other apps call: apply, assign and score, aggregate, confer titles,
revoke, lodge an objection, and the documents of each step (through apps/documents)."""

import datetime
from collections import OrderedDict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.workflow import WorkflowError
from apps.documents.models import GeneratedDocument
from apps.documents.official import chinese_date, issuing_bodies, numbered_groups
from apps.documents.services import notify, request_document
from apps.regions.models import Region

from . import stages
from .models import (
    TITLE_YEARS,
    Application,
    DemonstrationTitle,
    ExpertAssignment,
    Naming,
    Objection,
    Revocation,
    SelectionRound,
    add_years,
    city_of,
)
from .workflow import quantize

PROVINCE_CODE = "42"
PROVINCE_DOC_PREFIX = "鄂劳三方"  # 文号 of the province's tripartite documents
OBJECTION_MAX_BYTES = 10 * 1024 * 1024  # 10 MB: a scan or a few photos; anything larger is refused
OBJECTION_TYPES = {"pdf", "jpg", "jpeg", "png", "doc", "docx"}


def province():
    return Region.objects.get(code=PROVINCE_CODE)


# ---------------------------------------------------------------- 申报

def qualifying_assessment(round_, subject):
    """The passed assessment of the round's cycle, with no veto, that makes the unit eligible; or a refusal."""
    from apps.evaluations.models import Assessment

    passed = (Assessment.objects.filter(subject=subject, year=round_.assessment_year,
                                        status=Assessment.Status.PASSED, veto_failed=False)
              .select_related("ballot").order_by("-final_total", "-concluded_at").first())
    if passed is None:
        vetoed = Assessment.objects.filter(subject=subject, year=round_.assessment_year,
                                           status=Assessment.Status.VETOED).exists()
        if vetoed:
            raise WorkflowError(f"{subject}的{round_.assessment_year}年度评估触发一票否决，不能申报。")
        raise WorkflowError(f"{subject}没有{round_.assessment_year}年度已达标的评估结论，不能申报。"
                            "请先完成自评并经县级审核达标。")
    if round_.min_score is not None:
        years = range(round_.assessment_year - round_.min_score_years + 1, round_.assessment_year + 1)
        for year in years:
            ok = Assessment.objects.filter(subject=subject, year=year, status=Assessment.Status.PASSED,
                                           veto_failed=False, final_total__gte=round_.min_score).exists()
            if not ok:
                raise WorkflowError(f"本次活动要求连续 {round_.min_score_years} 年评估得分不低于 {round_.min_score} 分，"
                                    f"{subject}的{year}年度未达到。")
    return passed


def may_apply_for(user, subject):
    """An enterprise account for its own enterprise; county staff (city staff in 省直管 units) on a unit's behalf."""
    from apps.core.scoping import is_visible

    if user.kind == "enterprise":
        return bool(user.enterprise_id) and subject.kind == "enterprise" and user.enterprise.subject_id == subject.pk
    if user.kind != "staff" or not user.office_id or not user.has_perm("honours.add_application"):
        return False
    if user.region.level not in ("county", "city"):
        return False
    return is_visible(user, subject)


def apply(round_, subject, user, summary="", commitment=None):
    """申报: refused (nothing written) without a passed assessment, outside the stage or after its deadline."""
    with transaction.atomic():
        round_ = SelectionRound.objects.select_for_update().get(pk=round_.pk)
        stages.check_open(round_, "apply", "不接受申报", late="申报已于 {deadline} 截止，不能再申报。")
        if subject.kind != round_.subject_kind:
            raise WorkflowError(f"本次活动评选{round_.get_kind_display()}，{subject}不能申报。")
        if not may_apply_for(user, subject):
            raise WorkflowError("您不能为该单位申报。")
        if Application.objects.filter(round=round_, subject=subject).exists():
            raise WorkflowError(f"{subject}已申报本次活动，不能重复申报。")
        if DemonstrationTitle.objects.held_by([subject.pk]).exists():
            raise WorkflowError(f"{subject}已是有效期内的示范单位，不能重复申报。")
        assessment = qualifying_assessment(round_, subject)
        region = subject.region
        ballot = getattr(assessment, "ballot", None) if hasattr(assessment, "ballot") else None
        app = Application(round=round_, subject=subject, region=region,
                          city=Region.objects.get(code=city_of(region)), assessment=assessment,
                          assessment_score=assessment.final_total,
                          satisfaction=quantize(ballot.satisfaction).quantize(Decimal("0.1")) if ballot else None,
                          summary=summary, submitted_by=user)
        if commitment is not None:
            app.commitment.save(commitment.name, commitment, save=False)
        app._change_reason = "申报"
        app._history_user = user
        app.save()
        app.form_document = request_document(
            title=f"{subject}申报表", template_name="honours/docs/application_form.html",
            context=application_form_context(app), region=region, user=user, kind="honour-application")
        GeneratedDocument.objects.filter(pk=app.form_document.pk).update(subject=subject)  # the unit's own list
        app.save(update_fields=["form_document"])
        from .workflow import recommenders

        notify([u for u in recommenders(app) if u.pk != user.pk], f"收到示范申报：{subject}",
               body=f"{round_.name}：{subject}已提交申报，请在 {round_.recommend_deadline:%Y-%m-%d} 前完成县级推荐。",
               url=app.get_absolute_url())
    return app


def application_form_context(app):
    subject = app.subject
    enterprise = getattr(subject, "enterprise", None) if subject.kind == "enterprise" else None
    return {
        "title": f"{app.round.name}申报表",
        "round": app.round.name,
        "unit": subject.name,
        "kind": app.round.get_kind_display(),
        "region": app.region.full_name,
        "uscc": getattr(enterprise, "uscc", "") or "",
        "employees": getattr(enterprise, "employee_count", "") or "",
        "assessment": f"{app.assessment.year}年度{app.assessment.get_kind_display()}："
                      f"{app.assessment.get_status_display()}，{app.assessment_score or '—'} 分",
        "satisfaction": f"{app.satisfaction}%" if app.satisfaction is not None else "未开展（园区不适用）",
        "summary": app.summary,
        "commitment": "已上传" if app.commitment else "未上传",
        "date_text": chinese_date(timezone.localdate()),
    }


# ---------------------------------------------------------------- what an application carries

def readable_application(user, pk):
    """The one rule for reading an application and everything it carries (申报表, 承诺书, the assessment and
    its evidence): whoever may see the application row, i.e. the unit's own accounts, the offices of its
    area and the experts assigned to it (visible_to); anybody else meets 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Application.objects.visible_to(user).select_related(
        "round", "subject", "region", "assessment", "form_document"), pk=pk)


def assessment_items(app):
    """The items of the assessment an application rests on, with their evidence (two queries)."""
    from apps.evaluations.models import AssessmentItem

    return list(AssessmentItem.objects.filter(assessment_id=app.assessment_id)
                .select_related("indicator").prefetch_related("evidence"))


# ---------------------------------------------------------------- the unit's open risks

SIGNAL_DAYS = 365  # sister-platform signals older than a year are not shown on an application
SIGNALS_SHOWN = 10
# the sister platforms' signals live in apps.exchange, a layer above: it hands over its reader when it starts
# (ExchangeConfig.ready), so honours names no app above it; without it an application shows no signals
_signal_reader = None


def provide_signals(reader):
    """Called once by apps.exchange: `reader(subject_id, since)` → the unit's signals since that day that point
    to trouble (disputes, arbitrations, social-insurance arrears), newest first."""
    global _signal_reader
    _signal_reader = reader


def unit_risks(subject_id):
    """What every stage must see about the unit: its open risk reports (重大 first) and the sister platforms'
    signals of the last year that point to trouble (disputes, arbitrations, social-insurance arrears)."""
    from apps.risks.models import RiskReport

    reports = list(RiskReport.objects.open().filter(enterprise__subject_id=subject_id)
                   .order_by("-severity", "due_date"))
    order = {"major": 0, "serious": 1, "general": 2}
    reports.sort(key=lambda r: (order.get(r.severity, 3), r.due_date))
    since = timezone.localdate() - datetime.timedelta(days=SIGNAL_DAYS)
    signals = list(_signal_reader(subject_id, since)[:SIGNALS_SHOWN]) if _signal_reader else []
    return {"reports": reports, "signals": signals,
            "major": [r for r in reports if r.severity == RiskReport.Severity.MAJOR]}


def major_risk_guard(app, user, ctx):
    """An open 重大 risk report blocks the step unless the actor records why the unit may still go forward."""
    major = unit_risks(app.subject_id)["major"]
    if major and not (ctx.get("risk_note") or "").strip():
        words = "、".join(f"{r.get_category_display()}（{r.reported_at:%Y-%m-%d}上报，{r.get_status_display()}）"
                         for r in major)
        raise WorkflowError(f"{app.subject}有未化解的重大风险预警：{words}。须填写“重大风险说明”方可办理。")
    ctx["major_risks"] = major


# ---------------------------------------------------------------- 专家评审

def assign_expert(application, expert, user):
    """Assign an expert to one application and grant the expert that one object (django-guardian)."""
    done, refused = _assign([application], [expert], user)
    if refused:
        raise WorkflowError(refused[0][2])
    return done[0]


def _assignment_problem(application, expert, user, rounds):
    """Why this expert may not be assigned this application (None: may). `rounds` keeps each round's stage
    answer, asked once per round."""
    from apps.core.policy import can

    if not can(user, "assign", SelectionRound):  # the round's policy: the province office (apps/honours/policies.py)
        return "只有省级三方办可以分配评审专家。"
    if expert.kind != "expert" or not expert.is_active:
        return "只能分配评审专家账号。"
    if application.round_id not in rounds:
        try:
            stages.check_open(application.round, "assign", "不能分配专家")
            rounds[application.round_id] = None
        except WorkflowError as exc:
            rounds[application.round_id] = exc.message
    if rounds[application.round_id]:
        return rounds[application.round_id]
    if application.status != Application.Status.APPROVED:
        return "只能为市级审核通过的申报分配专家。"
    return None


def assign_experts(applications, experts, user):
    """Each expert to each application; returns (the new assignments, refusals in Chinese)."""
    done, refused = _assign(applications, experts, user)
    return done, [f"{app.subject} · {expert}：{problem}" for app, expert, problem in refused]


def _assign(applications, experts, user):
    """Each expert to each application (one rule: _assignment_problem): the assignments written in one batch with
    their history, each expert granted its applications (django-guardian) and told of each one. Returns (the new
    assignments, [(application, expert, why not)])."""
    from guardian.shortcuts import assign_perm
    from simple_history.utils import bulk_create_with_history

    taken = set(ExpertAssignment.objects.filter(application__in=applications, expert__in=experts)
                .values_list("application_id", "expert_id"))
    rounds, new, refused = {}, [], []
    for app in applications:
        for expert in experts:
            problem = _assignment_problem(app, expert, user, rounds)
            if not problem and (app.pk, expert.pk) in taken:
                problem = f"{expert}已分配评审该申报。"
            if problem:
                refused.append((app, expert, problem))
            else:
                new.append(ExpertAssignment(application=app, expert=expert, assigned_by=user))
    if not new:
        return [], refused
    try:
        with transaction.atomic():
            done = bulk_create_with_history(new, ExpertAssignment, default_user=user,
                                            default_change_reason="分配评审专家")
    except IntegrityError:  # another office assigned some of them meanwhile: say which, pair by pair
        return [], refused + [(a.application, a.expert, f"{a.expert}已分配评审该申报，请刷新后重试。") for a in new]
    for expert in experts:
        mine = [a.application for a in done if a.expert_id == expert.pk]
        if mine:
            assign_perm("honours.view_application", expert, Application.objects.filter(pk__in=[a.pk for a in mine]))
    for assignment in done:
        application, round_ = assignment.application, assignment.application.round
        notify([assignment.expert], f"评审任务：{application.subject}",
               body=f"{round_.name}：请在 {round_.expert_deadline:%Y-%m-%d} 前完成对{application.subject}的独立评分。",
               url=reverse("honours:score", args=[assignment.pk]))
    return done, refused


def score(assignment_id, user, scores, comment=""):
    """An expert's own, independent score: refused for an application not assigned to this expert."""
    with transaction.atomic():
        assignment = (ExpertAssignment.objects.select_for_update(of=("self",))
                      .select_related("application__round").filter(pk=assignment_id).first())
        if assignment is None or assignment.expert_id != user.pk:
            raise WorkflowError("该申报未分配给您评审，不能评分。")
        round_ = assignment.application.round
        stages.check_open(round_, "score", "不能评分", late="专家评审已于 {deadline} 截止，不能再评分。")
        if assignment.submitted_at:
            raise WorkflowError("您已提交评分，不能修改。")
        clean = {}
        for criterion in round_.criteria:
            name, top = criterion["name"], Decimal(str(criterion["max"]))
            value = scores.get(name)
            try:
                value = Decimal(str(value))
            except Exception:  # noqa: BLE001
                raise WorkflowError(f"“{name}”须填写分数。") from None
            if not value.is_finite() or value < 0 or value > top:
                raise WorkflowError(f"“{name}”的分数须在 0 至 {top} 之间。")
            clean[name] = str(value.quantize(Decimal("0.1")))
        assignment.scores = clean
        assignment.total = sum((Decimal(v) for v in clean.values()), Decimal(0))
        assignment.comment = (comment or "").strip()
        assignment.submitted_at = timezone.now()
        assignment._history_user = user
        assignment._change_reason = f"提交评分 {assignment.total} 分"
        assignment.save()
    return assignment


def aggregate(totals, drop_extremes):
    """The mean of the experts' totals; with drop_extremes, one highest and one lowest are left out (3+ scores)."""
    values = sorted(totals)
    if drop_extremes and len(values) >= 3:
        values = values[1:-1]
    return quantize(sum(values, Decimal(0)) / len(values)) if values else None


def aggregate_scores(round_):
    """Aggregate and rank every approved application of the round (one query to read, one to write)."""
    apps = list(Application.objects.filter(round=round_, status=Application.Status.APPROVED))
    totals = {}
    for app_id, total in ExpertAssignment.objects.filter(application__in=apps, submitted_at__isnull=False) \
            .values_list("application_id", "total"):
        totals.setdefault(app_id, []).append(total)
    for app in apps:
        app.expert_score = aggregate(totals.get(app.pk, []), round_.drop_extremes)
    ranked = sorted(apps, key=lambda a: (-(a.expert_score or 0), a.city_rank or 0, a.pk))
    for rank, app in enumerate(ranked, 1):
        app.expert_rank = rank
    Application.objects.bulk_update(apps, ["expert_score", "expert_rank"], batch_size=500)
    return len(apps)


def decide_by_rank(round_, user, reason="省三方会议审定"):
    """Province decision: the best-ranked approved applications up to the round's total become candidates."""
    from .workflow import ApplicationWorkflow

    approved = list(Application.objects.filter(round=round_, status=Application.Status.APPROVED)
                    .order_by("expert_rank", "pk"))
    # places already taken by units selected one by one (e.g. with a 重大风险说明) count against the total
    room = max(round_.total_quota - Application.objects.filter(round=round_, status=Application.Status.SELECTED)
               .count(), 0)
    with transaction.atomic():  # one refusal (a unit with an open 重大 risk) leaves the whole decision undone
        for i, app in enumerate(approved):
            step = "select" if i < room else "not_select"
            ApplicationWorkflow.perform(app, step, user, reason=reason)
    return min(len(approved), room)


# ---------------------------------------------------------------- 公示 and objections

def candidates_by_city(round_, status=Application.Status.SELECTED, changed=None):
    """The candidates by city; ``changed`` is an application whose new status is not saved yet (a step's effect
    issuing the 补充公示 counts it as it will be)."""
    rows = Application.objects.filter(round=round_, status=status)
    if changed is not None:
        rows = (rows | Application.objects.filter(pk=changed.pk)) if changed.status == status else rows.exclude(
            pk=changed.pk)
    rows = rows.select_related("subject", "city", "region").order_by("city__code", "expert_rank", "pk")
    groups = OrderedDict()
    for app in rows:
        groups.setdefault(app.city.name, []).append(app.subject.name)
    return [{"city": city, "units": units} for city, units in groups.items()]


def publicity_context(round_, doc_number="", supplement_of="", changed=None):
    """The 公示 notice: the current candidates, the period, and (for a 补充公示) the notice it replaces."""
    groups = candidates_by_city(round_, changed=changed)
    count = sum(len(g["units"]) for g in groups)
    what = round_.get_kind_display()
    listing = f"{round_.year}年度湖北省和谐劳动关系创建{what}拟命名名单"
    paragraphs = [
        "根据《湖北省推进新时代和谐劳动关系创建活动工作方案》（鄂人社发〔2023〕21号），经单位申报、县级推荐、"
        f"市级审核、专家评审和湖北省协调劳动关系三方委员会审定，拟命名{count}个单位为“湖北省和谐劳动关系创建{what}”，"
        "现予公示（名单见附件）。",
        f"公示期为{chinese_date(round_.publicity_start)}至{chinese_date(round_.publicity_end)}"
        f"（{round_.publicity_days}个工作日）。公示期间，任何单位和个人对拟命名单位有异议的，可通过湖北省和谐劳动关系"
        "创建管理平台公示页面提出，并写明具体事实和联系方式。",
    ]
    title = f"关于{listing}的公示"
    if supplement_of:
        title = f"关于{listing}的补充公示"
        paragraphs.insert(0, f"因拟命名名单发生变化，现对{supplement_of}公示的名单作如下更正，以本公示附件所列名单为准。")
    return {"title": title, "issuers": issuing_bodies(province()), "doc_number": doc_number, "round_id": round_.pk,
            "addressee": "", "paragraphs": paragraphs, "annex_titles": [listing],
            "unit_groups": numbered_groups([(u, g["city"]) for g in groups for u in g["units"]]), "count": count,
            "date_text": chinese_date(timezone.localdate() if supplement_of else round_.publicity_start)}


def publicity_notice(round_, user, changed=None):
    """Issue the round's 公示 notice; once one is out, a change of the candidates issues a 补充公示 (its own 文号)
    that names the notice it corrects."""
    from apps.documents.numbering import allocate

    previous = current_publicity_notice(round_)
    supplement_of = previous.doc_number if previous else ""
    title = f"{round_.name}拟命名名单{'补充' if supplement_of else ''}公示"
    doc_number = allocate(province(), PROVINCE_DOC_PREFIX, timezone.localdate().year, kind="honour-publicity",
                          title=title, user=user)
    return request_document(
        title=title, region=province(), user=user, template_name="honours/docs/publicity_notice.html",
        kind="honour-publicity", doc_number=doc_number,
        context=publicity_context(round_, doc_number, supplement_of, changed=changed))


def current_publicity_notice(round_):
    """The notice in force for a round's 公示: the last one issued (the first, or its latest 补充公示)."""
    return (GeneratedDocument.objects.filter(kind="honour-publicity", context__round_id=round_.pk)
            .order_by("-created_at", "-pk").first())


def current_publicities():
    """Every round whose 公示 runs today (an enterprise and a park round, or rounds of several years)."""
    today = timezone.localdate()
    return (SelectionRound.objects.filter(stage=SelectionRound.Stage.PUBLICITY, publicity_start__lte=today,
                                          publicity_end__gte=today).order_by("-year", "kind"))


def publicized_candidates():
    """The candidates anyone may object to today: the selected applications of every round in 公示."""
    return Application.objects.filter(status=Application.Status.SELECTED, round__in=current_publicities())


def lodge_objection(application_id, *, name, contact, text, attachment=None):
    """A member of the public objects to a candidate during 公示 (the form has validated size and type)."""
    app = publicized_candidates().filter(pk=application_id).select_related("region", "subject").first()
    if app is None:
        raise WorkflowError("该单位不在公示期内的拟命名名单中，不能提出异议。")
    objection = Objection(application=app, region=app.region, name=name, contact=contact, text=text)
    if attachment is not None:
        objection.attachment.save(attachment.name, attachment, save=False)
    objection._change_reason = "公众提出异议"
    objection.save()
    from apps.core.policy import users_with

    people = list(users_with("honours.handle_objection", levels=["province"]))
    if people:
        notify(people, f"收到对{app.subject}的公示异议", body=text[:200],
               url=objection.get_absolute_url(), level="warning")
    return objection


# ---------------------------------------------------------------- 命名

def certificate_number(round_, seq):
    return f"HB{round_.year}{'Q' if round_.kind == 'enterprise' else 'Y'}{seq:04d}"


def confer_titles(round_, user, number, named_on):
    """命名: one Naming per round (a second is refused by the workflow and by the database), a title per unit
    valid three years, the naming notice and the certificates."""
    from apps.documents.numbering import claim, format_number

    doc_number = claim(format_number(PROVINCE_DOC_PREFIX, named_on.year, number), kind="honour-naming",
                       title=f"{round_.name}命名通知", owner=f"honours.round:{round_.pk}", region=province(), user=user)
    naming = Naming.objects.create(round=round_, number=number, doc_number=doc_number, named_on=named_on,
                                   named_by=user)
    selected = list(Application.objects.filter(round=round_, status=Application.Status.SELECTED)
                    .select_related("subject", "city").order_by("city__code", "expert_rank", "pk"))
    until = add_years(named_on, TITLE_YEARS)
    titles = []
    from .workflow import ApplicationWorkflow

    for seq, app in enumerate(selected, 1):
        ApplicationWorkflow.perform_system(app, "name", reason=f"命名（{doc_number}）", by=user)
        titles.append(DemonstrationTitle(subject=app.subject, kind=round_.kind, region_id=app.region_id,
                                         city_id=app.city_id, naming=naming, application=app,
                                         certificate_number=certificate_number(round_, seq), valid_from=named_on,
                                         valid_until=until))
    DemonstrationTitle.objects.bulk_create(titles)
    mark_ledger(titles, user, f"命名为示范单位（{doc_number}）")
    region = province()
    naming.notice = request_document(title=f"{round_.name}命名通知", template_name="honours/docs/naming_notice.html",
                                     context=naming_notice_context(naming), region=region, user=user,
                                     kind="honour-naming", doc_number=doc_number)
    naming.certificates = request_document(
        title=f"{round_.name}证书（全部）", template_name="honours/docs/certificates.html",
        context={"title": f"{round_.name}证书", "certificates": [certificate_context(t) for t in titles]},
        region=region, user=user, kind="honour-certificates")
    naming.save(update_fields=["notice", "certificates"])
    return naming


def naming_notice_context(naming):
    round_ = naming.round
    rows = list(DemonstrationTitle.objects.filter(naming=naming).order_by("city__code", "certificate_number")
                .values_list("subject__name", "city__name"))
    count = len(rows)
    what = round_.get_kind_display()
    listing = f"{round_.year}年度湖北省和谐劳动关系创建{what}名单"
    return {
        "title": f"关于命名{round_.year}年度湖北省和谐劳动关系创建{what}的通知",
        "issuers": issuing_bodies(province()), "doc_number": naming.doc_number,
        "addressee": "各市、州、直管市、神农架林区人力资源和社会保障局、总工会、企业联合会/企业家协会、工商业联合会",
        "paragraphs": [
            f"根据《湖北省推进新时代和谐劳动关系创建活动工作方案》（鄂人社发〔2023〕21号）和{round_.name}的安排，"
            f"经单位申报、县级推荐、市级审核、专家评审、湖北省协调劳动关系三方委员会审定和公示，决定命名"
            f"{count}个单位为“湖北省和谐劳动关系创建{what}”（名单见附件）。",
            f"命名有效期三年，自{chinese_date(naming.named_on)}起至{chinese_date(add_years(naming.named_on, TITLE_YEARS))}止。"
            "期满前将组织复核，复核不合格或有效期内发生一票否决情形、重大劳动关系风险事件的，撤销命名。",
            "希望受命名单位珍惜荣誉、发挥示范带动作用；各地要加强跟踪指导，推动和谐劳动关系创建活动深入开展。",
        ],
        "annex_titles": [listing], "unit_groups": numbered_groups(rows), "count": count,
        "date_text": chinese_date(naming.named_on),
    }


def certificate_context(title):
    return {"unit": title.subject.name, "what": f"湖北省和谐劳动关系创建{title.get_kind_display()}",
            "number": title.certificate_number, "date_text": chinese_date(title.valid_from),
            "until": chinese_date(title.valid_until),
            "issuers": issuing_bodies(province())}


def certificate_for(title, user):
    """One unit's certificate (requested on demand and kept on the title)."""
    if title.certificate_id:
        return title.certificate
    doc = request_document(title=f"{title.subject}证书", template_name="honours/docs/certificates.html",
                           context={"title": f"{title.subject}证书", "certificates": [certificate_context(title)]},
                           region=title.region, user=user, kind="honour-certificate")
    GeneratedDocument.objects.filter(pk=doc.pk).update(subject=title.subject)  # the unit opens its own certificate
    DemonstrationTitle.objects.filter(pk=title.pk).update(certificate=doc)
    return doc


# ---------------------------------------------------------------- the creation ledger follows the titles

def mark_ledger(titles, user, reason):
    """The ledger shows 示范 for the naming year while the unit holds the title (the ledger workflow's system
    step, with history)."""
    from apps.enterprises.models import CreationRecord
    from apps.enterprises.workflow import LedgerWorkflow

    for title in titles:
        record, _ = CreationRecord.objects.get_or_create(subject_id=title.subject_id, year=title.valid_from.year,
                                                         defaults={"updated_by": user,
                                                                   "started_on": title.valid_from})
        if record.status != CreationRecord.Status.DEMONSTRATION:
            LedgerWorkflow.perform_system(record, "mark_demonstration", reason=reason, by=user)


def unmark_ledger(title, user, reason):
    """A revoked title: the unit's 示范 years go back to 达标 (it passed the assessment that led to the title)."""
    from apps.enterprises.models import CreationRecord
    from apps.enterprises.workflow import LedgerWorkflow

    for record in CreationRecord.objects.filter(subject_id=title.subject_id,
                                                status=CreationRecord.Status.DEMONSTRATION):
        LedgerWorkflow.perform_system(record, "unmark_demonstration", reason=reason, by=user)


# ---------------------------------------------------------------- 撤销

def revoke_title(title, user, cause, reason, rereview=None):
    """What revoking a title writes besides its state (the title workflow's steps `revoke` and
    `rereview_failed` call it): the revocation, its notice, and the ledger's 示范 years undone."""
    today = timezone.localdate()
    revocation = Revocation.objects.create(title=title, region_id=title.region_id, cause=cause, reason=reason,
                                           rereview=rereview, decided_by=user, decided_on=today)
    from apps.documents.numbering import allocate

    doc_number = allocate(province(), PROVINCE_DOC_PREFIX, today.year, kind="honour-revocation",
                          title=f"撤销{title.subject}示范称号的通知", owner=f"honours.revocation:{revocation.pk}",
                          user=user)
    revocation.notice = request_document(
        title=f"撤销{title.subject}示范称号的通知", template_name="documents/official_notice.html",
        region=province(), user=user, kind="honour-revocation", doc_number=doc_number,
        context=revocation_context(title, cause, reason, today, doc_number))
    revocation.doc_number = doc_number
    revocation.save(update_fields=["notice", "doc_number"])
    unmark_ledger(title, user, f"撤销示范称号：{Revocation.Cause(cause).label}")
    return revocation


def revocation_context(title, cause, reason, today, doc_number):
    return {"title": f"关于撤销{title.subject}“湖北省和谐劳动关系创建{title.get_kind_display()}”称号的通知",
            "issuers": issuing_bodies(province()), "doc_number": doc_number,
            "addressee": f"{title.region.full_name}协调劳动关系三方委员会",
            "paragraphs": [
                f"{title.subject}于{chinese_date(title.valid_from)}被命名为“湖北省和谐劳动关系创建"
                f"{title.get_kind_display()}”（证书编号 {title.certificate_number}）。",
                f"因{Revocation.Cause(cause).label}：{reason}。根据《湖北省推进新时代和谐劳动关系创建活动工作方案》"
                "（鄂人社发〔2023〕21号）的规定，决定撤销其称号，收回证书，并从公开名单中移除。",
            ],
            "date_text": chinese_date(today)}
