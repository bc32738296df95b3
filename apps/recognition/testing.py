"""What the contract tests need from this app: one object per model its URLs take, inside county A
(tests/contracts/test_url_sweep.py), and rows of both workflows in every state (tests/contracts/test_workflow_contract.py)."""

import datetime

from apps.core.testing import SWEEP_MARK
from apps.core.workflow import WorkflowCase

AREA_A = {"province": "42", "city": "4201", "county": "420102", "township": "420102002"}


def _enterprise(world, tag):
    from apps.enterprises.models import Enterprise

    cache = world.__dict__.setdefault("_recognition_enterprises", {})
    if tag not in cache:
        number = 100 + len(cache)
        cache[tag] = Enterprise.objects.create(
            name=f"{SWEEP_MARK}表彰案例测试公司{number}", uscc=f"91420102MA4KRC{number:03d}1",
            region=world.township_a, industry="C", employee_count=80)
    return cache[tag]


def build_sweep_world(world):
    from django.core.files.base import ContentFile

    from .models import Case, Commendation, CommendationAttachment, Incentive

    enterprise = _enterprise(world, "sweep")
    case = world.add(Case.objects.create(
        title=f"{SWEEP_MARK}典型案例", year=2026, summary=f"{SWEEP_MARK}摘要", body=f"{SWEEP_MARK}正文",
        unit_name=enterprise.name, enterprise=enterprise, region=world.region_a, created_by=world.user_a))
    commendation = world.add(Commendation.objects.create(
        year=2026, kind=Commendation.Kind.INDIVIDUAL, name=f"{SWEEP_MARK}先进个人", workplace=f"{SWEEP_MARK}公司",
        gender="f", id_number="420102199001011237", phone="13800000000", deeds=f"{SWEEP_MARK}事迹",
        region=world.region_a, nominator_region=world.region_a, nominator_level="county", created_by=world.user_a))
    attachment = CommendationAttachment(commendation=commendation, original_name=f"{SWEEP_MARK}.pdf",
                                        file_type="pdf", size=9, uploaded_by=world.user_a)
    attachment.file.save("sweep.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    world.add(attachment)
    incentive = world.add(Incentive.objects.create(
        title=f"{SWEEP_MARK}激励措施", kind=Incentive.Kind.POLICY, member_units=["hrss"], issued_on=datetime.date(2026, 3, 1),
        content=f"{SWEEP_MARK}措施内容", region=world.region_a, created_by=world.user_a))
    incentive.beneficiaries.add(enterprise)
    world.url_kwargs["recognition:case_action"] = {"pk": case.pk, "action": "submit"}
    world.url_kwargs["recognition:commendation_action"] = {"pk": commendation.pk, "action": "submit"}


def _staff(world, level):
    cache = world.__dict__.setdefault("_recognition_staff", {})
    if level not in cache:
        cache[level] = world.make_staff(AREA_A[level], username=f"rec-wf-{level}")
    return cache[level]


def _account(world, enterprise):
    from apps.accounts.models import User

    return User.objects.get_or_create(username=f"rec-ent-{enterprise.pk}",
                                      defaults={"kind": User.Kind.ENTERPRISE, "enterprise": enterprise})[0]


def _other_enterprise_account(world):
    from apps.accounts.models import User
    from apps.enterprises.models import Enterprise
    from apps.regions.models import Region

    other = Enterprise.objects.get_or_create(uscc="91420502MA4K0REC1B", defaults={
        "name": "西陵案例测试公司", "industry": "C", "region": Region.objects.get(code="420502001")})[0]
    return User.objects.get_or_create(username="rec-ent-other",
                                      defaults={"kind": User.Kind.ENTERPRISE, "enterprise": other})[0]


def build_workflow_cases(world):
    import itertools

    from django.utils import timezone

    _nominators = itertools.count(1)

    from .models import Case, Commendation

    def make_case(state):
        enterprise = _enterprise(world, "workflow")
        case = Case(title="测试案例", year=2026, summary="摘要", body="正文", unit_name=enterprise.name,
                    enterprise=enterprise, region=enterprise.region, author_kind="enterprise", status=state)
        if state == Case.Status.COUNTY_CHECK:
            case.review_level = "county"
        elif state in (Case.Status.SUBMITTED, Case.Status.ACCEPTED, Case.Status.PUBLISHED):
            case.submitter_level, case.review_level = "county", "city"
        if state == Case.Status.PUBLISHED:
            case.published_at = timezone.now()
        case.created_by = _account(world, enterprise)  # the author, told of each step
        case.save()
        return case

    def case_actor(t, obj):
        if "enterprise" in t.kinds:
            return _account(world, obj.enterprise)
        if t.name in ("return", "accept") and obj.review_level:
            return _staff(world, obj.review_level)
        return None

    def make_commendation(state):
        return Commendation.objects.create(
            year=2026, kind=Commendation.Kind.COLLECTIVE, name="测试先进集体", deeds="事迹", region=world.region_a,
            nominator_region=world.region_a, nominator_level="county", status=state,
            created_by=world.make_staff(AREA_A["county"], username=f"rec-nominator-{next(_nominators)}"))

    def approval_form(commendation, user):  # submitting needs the 推荐审批表
        from django.core.files.base import ContentFile

        from .models import CommendationAttachment

        attachment = CommendationAttachment(commendation=commendation, original_name="推荐审批表.pdf",
                                            file_type="pdf", size=9)
        attachment.file.save("approval.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        return {}

    return {
        "recognition.case": WorkflowCase(make=make_case, actor=case_actor,
                                         other_actor=lambda t, obj: _other_enterprise_account(world)),
        "recognition.commendation": WorkflowCase(make=make_commendation, ready={"submit": approval_form}),
    }


def figure_examples():
    """Rows that move each figure of this app (tests/contracts/test_figures_contract.py)."""
    import datetime

    from .models import Case, Commendation

    def published_case(w):
        Case.objects.create(title="指标测试案例", year=w.year, summary="摘要", body="正文", unit_name="单位",
                            region=w.township, status=Case.Status.PUBLISHED,
                            published_at=datetime.datetime(w.year, 6, 1, tzinfo=datetime.UTC))
        Case.objects.create(title="未发布的案例", year=w.year, summary="摘要", body="正文", unit_name="单位",
                            region=w.township, status=Case.Status.ACCEPTED)
        return 1

    def commended(kind):
        def make(w):
            for status in (Commendation.Status.APPROVED, Commendation.Status.RECOMMENDED):
                Commendation.objects.create(year=w.year, kind=kind, name="指标测试对象", deeds="事迹", region=w.township,
                                            nominator_region=w.county, nominator_level="county", status=status)
            return 1
        return make

    return {
        "recognition.cases_published": published_case,
        "recognition.commended_collectives": commended(Commendation.Kind.COLLECTIVE),
        "recognition.commended_individuals": commended(Commendation.Kind.INDIVIDUAL),
    }


def build_export_cases(world):
    """The commendation export (tests/contracts/test_data_contracts.py): county A's nominations, masked; never county B's."""
    from apps.core.testing import ExportCase
    from apps.regions.models import Region

    from .models import Commendation

    ours, theirs = world.region_a, Region.objects.get(code="420502")
    for region, name, id_number, phone in ((ours, "江岸导出先进个人", "11010519491231002X", "13912340001"),
                                           (theirs, "西陵导出先进个人", "110105194912310037", "13912340002")):
        Commendation.objects.create(year=2026, kind=Commendation.Kind.INDIVIDUAL, name=name, gender="f",
                                    workplace="某公司", id_number=id_number, phone=phone, deeds="事迹", region=region,
                                    nominator_region=region, nominator_level="county")
    return {"recognition.commendations": ExportCase(
        visible=["江岸导出先进个人", "1101**********002X", "139****0001"], hidden=["西陵导出先进个人"],
        secrets=["11010519491231002X", "13912340001"])}


def roster_sample(collectives=20, individuals=300):
    """The 表彰决定 with its annex lists, built by the real context function from plain rows."""
    import datetime
    from types import SimpleNamespace

    from apps.documents.testing import ISSUERS

    from .roster import context_for

    region = SimpleNamespace(full_name="湖北省武汉市江岸区", name="江岸区")
    return context_for(2026, "鄂劳三方〔2026〕12号",
                       [SimpleNamespace(name=f"武汉市江岸区第{i + 1}人力资源服务中心", region=region)
                        for i in range(collectives)],
                       [SimpleNamespace(name=f"张{i + 1}伟", workplace=f"武汉长江机械制造有限公司{i % 9 + 1}车间主任",
                                        region=region) for i in range(individuals)],
                       datetime.date(2026, 12, 1), issuers=ISSUERS)
