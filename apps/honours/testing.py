"""Builders for the sweep world, the workflow contract tests and this app's own tests."""

import datetime
import itertools

from apps.core.testing import SWEEP_MARK
from apps.core.workflow import WorkflowCase

_seq = itertools.count(1)
CRITERIA = [{"name": "劳动关系协调机制", "max": 50}, {"name": "职工权益保障", "max": 50}]


def make_round(stage="applying", year=None, kind="enterprise", total_quota=10, quota=None, reserve=1,
               **extra):
    from apps.regions.models import Region

    from .models import CityQuota, SelectionRound

    year = year or 2100 - next(_seq) % 70  # distinct (year, kind) per round in one test
    while SelectionRound.objects.filter(year=year, kind=kind).exists():
        year -= 1
    later = datetime.date.today() + datetime.timedelta(days=60)
    round_ = SelectionRound.objects.create(
        year=year, kind=kind, name=f"{year}年度示范{'企业' if kind == 'enterprise' else '工业园区'}评选",
        stage=stage, total_quota=total_quota, assessment_year=2026, criteria=CRITERIA,
        apply_deadline=later, recommend_deadline=later, city_review_deadline=later, expert_deadline=later,
        decision_deadline=later, **extra)
    cities = Region.objects.cities()
    CityQuota.objects.bulk_create([CityQuota(round=round_, city=c, quota=quota if quota is not None else 2,
                                             reserve=reserve) for c in cities])
    return round_


def indicator_set():
    from apps.enterprises.models import Subject
    from apps.evaluations.models import IndicatorSet
    from apps.regions.models import Region

    iset = IndicatorSet.objects.filter(version=951, subject_kind=Subject.Kind.ENTERPRISE).first()
    return iset or IndicatorSet.objects.create(subject_kind=Subject.Kind.ENTERPRISE, version=951,
                                               name="示范测试指标体系", region=Region.objects.get(code="42"))


def make_enterprise(township_code="420102002", name=None, status="passed", year=2026, score=92, account=False):
    """An enterprise with a concluded assessment of `year` (passed by default); optionally its account."""
    from apps.accounts.models import User
    from apps.enterprises.models import Enterprise
    from apps.evaluations.models import Assessment
    from apps.regions.models import Region

    n = next(_seq)
    region = Region.objects.get(code=township_code)
    enterprise = Enterprise.objects.create(name=name or f"示范测试{n}有限公司", uscc=uscc(n), region=region,
                                           industry="C", employee_count=200)
    if status:
        Assessment.objects.create(subject=enterprise.subject, region=region, year=year,
                                  indicator_set=indicator_set(), kind=Assessment.Kind.SELF, status=status,
                                  final_total=score, veto_failed=status == "vetoed")
    if account:
        User.objects.create_user(username=f"ent-{n}", password="Test@2026pass", kind=User.Kind.ENTERPRISE,
                                 enterprise=enterprise)
    return enterprise


def uscc(n):
    """A valid GB 32100 code built from a sequence number (check digit computed)."""
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    body = f"91420102MA{n:07d}"[:17]
    total = sum(chars.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + chars[(31 - total % 31) % 31]


def make_application(round_=None, status="submitted", enterprise=None, **fields):
    from apps.regions.models import Region

    from .models import Application, city_of

    round_ = round_ or make_round()
    enterprise = enterprise or make_enterprise()
    subject = enterprise.subject
    from apps.evaluations.models import Assessment

    assessment = Assessment.objects.filter(subject=subject).first()
    return Application.objects.create(round=round_, subject=subject, region=subject.region,
                                      city=Region.objects.get(code=city_of(subject.region)), status=status,
                                      assessment=assessment, assessment_score=92, **fields)


def make_title(application=None, named_on=None, status="valid"):
    from .models import DemonstrationTitle, Naming, add_years

    app = application or make_application(status="named")
    named_on = named_on or datetime.date(2025, 12, 1)
    naming = Naming.objects.filter(round=app.round).first() or Naming.objects.create(
        round=app.round, number=next(_seq), doc_number=f"鄂劳三方〔{named_on.year}〕{next(_seq)}号",
        named_on=named_on)
    return DemonstrationTitle.objects.create(subject=app.subject, kind=app.round.kind, region=app.region,
                                             city=app.city, naming=naming, application=app,
                                             certificate_number=f"T{next(_seq):06d}", valid_from=named_on,
                                             valid_until=add_years(named_on, 3), status=status)


def make_expert(username=None):
    from apps.accounts.models import User

    return User.objects.create_user(username=username or f"expert-{next(_seq)}", password="Test@2026pass",
                                    kind=User.Kind.EXPERT, full_name="评审专家")


def build_sweep_world(world):
    from django.core.files.base import ContentFile
    from guardian.shortcuts import assign_perm

    from .models import ExpertAssignment, Objection, ReReview

    round_ = make_round(stage="publicity")
    enterprise = make_enterprise(name=f"{SWEEP_MARK}示范申报有限公司")
    app = world.add(make_application(round_, status="selected", enterprise=enterprise,
                                     summary=f"{SWEEP_MARK}创建工作简介"))
    app.commitment.save("commitment.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    evidence = sweep_evidence(app)
    world.url_kwargs["honours:application_file"] = {"pk": app.pk, "what": "commitment"}
    world.url_kwargs["honours:application_evidence"] = {"pk": app.pk, "evidence": evidence.pk}
    expert = make_expert("sweep-expert")
    assign_perm("honours.view_application", expert, app)
    world.add(ExpertAssignment.objects.create(application=app, expert=expert, comment=f"{SWEEP_MARK}评审意见"))
    objection = Objection(application=app, region=app.region, contact="13800000000", text=f"{SWEEP_MARK}异议")
    objection.attachment.save("evidence.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    objection.save()
    world.add(objection)
    named = make_application(make_round(stage="named"), status="named",
                             enterprise=make_enterprise(name=f"{SWEEP_MARK}示范单位有限公司"))
    title = world.add(make_title(named))
    world.add(ReReview.objects.create(title=title, region=title.region, due_on=title.valid_until,
                                      decision=f"{SWEEP_MARK}复核意见"))
    for name in ("honours:round_detail", "honours:round_quota", "honours:round_step", "honours:round_decide",
                 "honours:round_experts"):
        world.url_kwargs[name] = {"round": round_.pk}


def sweep_evidence(app):
    """One assessed item with its evidence on the assessment the application rests on."""
    from django.core.files.base import ContentFile

    from apps.evaluations.models import AssessmentItem, Evidence, Indicator

    indicator = Indicator.objects.create(indicator_set=app.assessment.indicator_set, code=f"S{next(_seq)}",
                                         name=f"{SWEEP_MARK}申报评估指标", max_points=10)
    item = AssessmentItem.objects.create(assessment=app.assessment, indicator=indicator, self_score=9)
    evidence = Evidence(item=item, original_name=f"{SWEEP_MARK}申报佐证.pdf", file_type="pdf", size=9)
    evidence.file.save("evidence.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return evidence


def build_workflow_cases(world):
    """Rows of county A in any state, each carrying the people its steps tell (the unit's account), and for each
    step what its guard needs (`ready`: the round at the stage that opens it, a rank, candidates, a fresh
    assessment, a cause)."""
    from django.utils import timezone

    from .models import ExpertAssignment, ReReview
    from .stages import stage_opening
    from .workflow import ApplicationWorkflow

    def with_account():
        return make_enterprise(account=True)

    def round_case(stage):
        return make_round(stage=stage)

    def app_case(state):
        return make_application(make_round(stage="applying"), status=state, enterprise=with_account())

    def objection_case(state):
        from .models import Objection

        app = make_application(make_round(stage="publicity"), status="selected")
        return Objection.objects.create(application=app, region=app.region, contact="x", text="异议",
                                        status=state)

    def title_case(state):
        return make_title(make_application(make_round(stage="named"), status="named", enterprise=with_account()),
                          status=state)

    accounts = {}

    def rereview_case(state):
        enterprise = with_account()
        title = make_title(make_application(make_round(stage="named"), status="named", enterprise=enterprise))
        rr = ReReview.objects.create(title=title, region=title.region, due_on=title.valid_until, status=state)
        accounts[rr.pk] = enterprise.accounts.first()
        return rr

    def rereview_actor(t, obj):
        return accounts.get(obj.pk) if t.kinds == ("enterprise",) else None

    def rereview_other(t, obj):
        return make_enterprise(township_code="420502001", account=True).accounts.first()

    # ---- what each step's guard needs

    def in_its_stage(step, **ctx):
        def ready(app, user):
            stage = stage_opening(step)
            if stage is not None:
                today = datetime.date.today()
                dates = {"publicity_start": today, "publicity_end": today + datetime.timedelta(days=9)} \
                    if stage.value == "publicity" else {}
                type(app.round).objects.filter(pk=app.round_id).update(stage=stage.value, **dates)
            return ctx

        return ready

    def promote_ready(app, user):
        in_its_stage("promote")(app, user)
        make_application(app.round, status="withdrawn", enterprise=make_enterprise())
        return {}

    def scored(round_, user):
        app = make_application(round_, status="approved")
        ExpertAssignment.objects.create(application=app, expert=make_expert(), scores={"劳动关系协调机制": "40"},
                                        total=40, submitted_at=timezone.now())
        return {}

    def candidate(round_, user):
        make_application(round_, status="selected", enterprise=with_account())
        return {}

    def naming(round_, user):
        candidate(round_, user)
        return {"number": 700 + next(_seq), "named_on": datetime.date.today()}

    def fresh_assessment(rr, user):
        from apps.evaluations.models import Assessment

        concluded = timezone.make_aware(datetime.datetime.combine(rr.due_on, datetime.time(10)))
        Assessment.objects.create(subject=rr.title.subject, region=rr.title.subject.region, year=rr.due_on.year,
                                  indicator_set=indicator_set(), kind=Assessment.Kind.SELF, status="passed",
                                  final_total=90, concluded_at=concluded)
        return {}

    application_ready = {t.name: in_its_stage(t.name, rank=1) for t in ApplicationWorkflow.transitions}
    application_ready["promote"] = promote_ready

    return {
        "honours.round": WorkflowCase(make=round_case, ready={
            "close_expert_review": scored, "start_publicity": candidate, "name": naming}),
        "honours.application": WorkflowCase(make=app_case, ready=application_ready),
        "honours.objection": WorkflowCase(make=objection_case),
        "honours.title": WorkflowCase(make=title_case, ready={
            "revoke": lambda title, user: {"cause": "spot_check"},
            "renew": lambda title, user: {"until": title.valid_until.replace(year=title.valid_until.year + 3)}}),
        "honours.rereview": WorkflowCase(make=rereview_case, actor=rereview_actor, other_actor=rereview_other,
                                         ready={"submit": fresh_assessment, "submit_for": fresh_assessment}),
    }


def build_export_cases(world):
    """全国推荐备选名单: county A's valid titles; never county B's, never a revoked one."""
    from apps.core.testing import ExportCase

    round_ = make_round(stage="named")
    ours = make_enterprise(name="江岸导出示范有限公司")
    theirs = make_enterprise("420502001", name="西陵导出示范有限公司")
    gone = make_enterprise(name="江岸已撤销示范有限公司")
    make_title(make_application(round_, "named", enterprise=ours))
    make_title(make_application(round_, "named", enterprise=theirs))
    make_title(make_application(round_, "named", enterprise=gone), status="revoked")
    return {"honours.national": ExportCase(visible=[ours.name], hidden=[theirs.name, gone.name])}


# ---------------------------------------------------------------- samples of the documents this app issues

def naming_notice_sample(units=100):
    from apps.documents.official import numbered_groups
    from apps.documents.testing import ISSUERS, unit_rows

    return {"title": "关于命名2025年度湖北省和谐劳动关系创建示范企业的通知", "issuers": ISSUERS,
            "doc_number": "鄂劳三方〔2025〕5号",
            "addressee": "各市、州、直管市、神农架林区人力资源和社会保障局、总工会、企业联合会/企业家协会、工商业联合会",
            "paragraphs": [f"根据《湖北省推进新时代和谐劳动关系创建活动工作方案》（鄂人社发〔2023〕21号），决定命名{units}个"
                           "单位为“湖北省和谐劳动关系创建示范企业”（名单见附件）。命名有效期三年。"] * 3,
            "annex_titles": ["2025年度湖北省和谐劳动关系创建示范企业名单"],
            "unit_groups": numbered_groups(unit_rows(units)),
            "count": units, "date_text": "2025年12月1日"}


def publicity_sample():
    context = naming_notice_sample(30)
    context.update(title="关于2025年度湖北省和谐劳动关系创建示范企业拟命名名单的补充公示", addressee="",
                   doc_number="鄂劳三方〔2025〕7号", annex_titles=["2025年度湖北省和谐劳动关系创建示范企业拟命名名单"])
    return context


def revocation_sample():
    from apps.documents.testing import ISSUERS, PLAIN, UNIT

    return {"title": f"关于撤销{UNIT}“湖北省和谐劳动关系创建示范企业”称号的通知", "issuers": ISSUERS,
            "doc_number": "鄂劳三方〔2026〕9号", "addressee": "武汉市江岸区协调劳动关系三方委员会",
            "paragraphs": [f"{UNIT}于2023年12月1日被命名为“湖北省和谐劳动关系创建示范企业”（证书编号 HB2023Q0001）。",
                           "因发生一票否决情形：欠薪被查处。根据《湖北省推进新时代和谐劳动关系创建活动工作方案》"
                           "（鄂人社发〔2023〕21号）的规定，决定撤销其称号，收回证书，并从公开名单中移除。", PLAIN],
            "date_text": "2026年11月25日"}


def rereview_letter_sample():
    context = revocation_sample()
    context.update(title="关于开展示范称号复核的通知", doc_number="鄂劳三方〔2026〕10号")
    return context


def certificates_sample(count=3):
    from apps.documents.testing import ISSUERS, UNIT

    return {"title": "证书", "certificates": [
        {"unit": f"{UNIT}{i + 1}", "what": "湖北省和谐劳动关系创建示范企业", "number": f"HB2025Q{i + 1:04d}",
         "date_text": "2025年12月1日", "until": "2028年11月30日", "issuers": ISSUERS} for i in range(count)]}


def figure_examples():
    """Titles that move each figure of this app (tests/contracts/test_figures_contract.py)."""

    def title(w, kind="enterprise", status="valid"):
        enterprise = make_enterprise(township_code=w.township.code)
        app = make_application(make_round(stage="named", kind=kind), status="named", enterprise=enterprise)
        return make_title(app, named_on=datetime.date(w.year, 3, 1), status=status)

    return {
        "honours.named_enterprises": lambda w: title(w) and 1,
        "honours.named_parks": lambda w: title(w, kind="park") and 1,
        "honours.held": lambda w: title(w) and 1,
        "honours.revoked": lambda w: title(w, status="revoked") and 1,
    }
