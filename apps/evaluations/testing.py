from apps.core.testing import SWEEP_MARK
from apps.core.workflow import WorkflowCase


def build_sweep_world(world):
    from django.core.files.base import ContentFile

    from apps.enterprises.models import Enterprise, Subject

    from .models import (
        Agency,
        Assessment,
        Evidence,
        Indicator,
        IndicatorSet,
        SatisfactionBallot,
        SpotCheck,
        SpotCheckItem,
    )

    enterprise = Enterprise.objects.create(name=f"{SWEEP_MARK}评估测试有限公司", uscc="91420102MA4K0EVA1X",
                                           region=world.township_a, industry="C", employee_count=50)
    subject = enterprise.subject
    iset = world.add(IndicatorSet.objects.create(subject_kind=Subject.Kind.ENTERPRISE, version=900,
                                                 name=f"{SWEEP_MARK}指标体系", region=world.region_a))
    aspect = Indicator.objects.create(indicator_set=iset, code="1", name=f"{SWEEP_MARK}一级指标", max_points=100)
    world.add(Indicator.objects.create(indicator_set=iset, parent=aspect, code="1.1", name=f"{SWEEP_MARK}二级指标",
                                       max_points=100))
    world.add(Agency.objects.create(name=f"{SWEEP_MARK}评估机构", region=world.region_a))
    assessment = world.add(Assessment.start(subject, 2026, Assessment.Kind.SELF, world.user_a, indicator_set=iset))
    item = assessment.items.first()
    item.explanation = f"{SWEEP_MARK}自评说明"
    item.save()
    evidence = Evidence(item=item, original_name=f"{SWEEP_MARK}.pdf", file_type="pdf", size=9,
                        uploaded_by=world.user_a)
    evidence.file.save("sweep.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    world.add(evidence)
    ballot = SatisfactionBallot(assessment=assessment, method="paper", status="closed", eligible=10,
                                respondents=8, satisfied=7)
    ballot.minutes.save("minutes.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    check = world.add(SpotCheck.objects.create(year=2026, proportion=10, seed=7, region=world.region_a,
                                               title=f"{SWEEP_MARK}抽查", population=1, drawn_by=world.user_a))
    world.add(SpotCheckItem.objects.create(spot_check=check, subject=subject, region=world.township_a,
                                           findings=f"{SWEEP_MARK}核查发现"))
    world.url_kwargs["evaluations:assessment_transition"] = {"pk": assessment.pk, "action": "submit"}
    world.url_kwargs["evaluations:indicatorset_action"] = {"pk": iset.pk, "action": "publish"}


def figure_examples():
    """Rows that move each figure of this app (tests/contracts/test_figures_contract.py)."""
    from apps.enterprises.models import Subject

    from .models import Assessment, IndicatorSet

    def sheet(w, status):
        iset = IndicatorSet.objects.create(subject_kind=Subject.Kind.ENTERPRISE, version=901, name="指标测试体系",
                                           region=w.province)
        subject = w.enterprise().subject
        Assessment.objects.create(subject=subject, region=subject.region, year=w.year, indicator_set=iset,
                                  status=status)

    return {
        "evaluations.assessments": lambda w: sheet(w, Assessment.Status.DRAFT) or 1,
        "evaluations.concluded": lambda w: sheet(w, Assessment.Status.VETOED) or 1,
        "evaluations.pass_rate": lambda w: sheet(w, Assessment.Status.PASSED) or (1, 1),
    }


def build_workflow_cases(world):
    """Sheets of county A in any state, for tests/contracts/test_workflow_contract.py: an enterprise self-assessment
    (filled by the enterprise account) and a third-party sheet (filled by the entrusted agency's account)."""
    import itertools

    from apps.accounts.models import User
    from apps.enterprises.models import Enterprise, Subject
    from apps.regions.models import Region

    from .models import Agency, Assessment, Indicator, IndicatorSet
    from .services import assign_agency

    counter = itertools.count(1)
    iset = IndicatorSet.objects.create(subject_kind=Subject.Kind.ENTERPRISE, version=910, name="流程测试指标体系",
                                       region=world.region_a, status=IndicatorSet.Status.PUBLISHED)
    aspect = Indicator.objects.create(indicator_set=iset, code="1", name="流程测试一级指标", max_points=100)
    Indicator.objects.create(indicator_set=iset, parent=aspect, code="1.1", name="流程测试二级指标", max_points=100)
    township_b = Region.objects.get(code="420502001")

    def enterprise(region):
        n = next(counter)
        return Enterprise.objects.create(name=f"流程测试{n}号机械有限公司", uscc=f"91420102MA4W{n:05d}X"[:18],
                                         region=region, industry="C", employee_count=50)

    def account(ent):
        return (User.objects.filter(username=f"wf-ent-{ent.pk}").first()
                or User.objects.create_user(username=f"wf-ent-{ent.pk}", kind=User.Kind.ENTERPRISE, enterprise=ent))

    def agency_account(agency):
        user = User(username=f"wf-agency-{agency.pk}-{next(counter)}")
        agency.add_account(user)
        return User.objects.get(pk=user.pk)

    def in_state(sheet, state):
        Assessment.objects.filter(pk=sheet.pk).update(status=state)
        sheet.refresh_from_db()
        return sheet

    def self_sheet(state):
        ent = enterprise(world.township_a)
        account(ent)  # the filler, told of the review's steps
        sheet = Assessment.start(ent.subject, 2026, Assessment.Kind.SELF, world.user_a, indicator_set=iset)
        return in_state(sheet, state)

    def filled(sheet, user):
        """Every item answered with its evidence and, for a self-assessment, the paper ballot with its minutes."""
        from django.core.files.base import ContentFile

        from .models import Evidence, SatisfactionBallot

        for item in sheet.items.select_related("indicator"):
            item.self_score = item.indicator.max_points
            item.save()
            evidence = Evidence(item=item, original_name="佐证.pdf", file_type="pdf", size=9)
            evidence.file.save("evidence.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        if sheet.needs_ballot:
            ballot = SatisfactionBallot(assessment=sheet, method="paper", status="closed", eligible=10,
                                        respondents=8, satisfied=7)
            ballot.minutes.save("minutes.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        return {}

    def reviewed(sheet, user):
        filled(sheet, user)
        sheet.items.update(review_status="accepted", review_score=100, review_veto=False)
        return {}

    def other_enterprise(t, obj):
        return account(enterprise(township_b))

    agency = Agency.objects.create(name="流程测试评估机构", region=world.region_a)
    other_agency = Agency.objects.create(name="流程测试另一评估机构", region=world.region_a)
    agency_account(agency)  # the agency's own account, told of the review's steps

    def third_party_sheet(state):
        ent = enterprise(world.township_a)
        sheet = assign_agency(agency, [ent.subject], 2026, world.user_a)[0]
        Assessment.objects.filter(pk=sheet.pk).update(indicator_set=iset)
        return in_state(sheet, state)

    return {
        "evaluations.assessment": WorkflowCase(
            make=self_sheet,
            actor=lambda t, obj: account(obj.subject.enterprise) if t.name == "submit" else None,
            other_actor=other_enterprise, ready={"submit": filled, "conclude": reviewed}),
        "evaluations.third_party": WorkflowCase(
            make=third_party_sheet,
            actor=lambda t, obj: agency_account(agency) if t.name == "submit" else None,
            other_actor=lambda t, obj: agency_account(other_agency), ready={"submit": filled, "conclude": reviewed}),
    }


def build_export_cases(world):
    """The assessment export: county A's sheets; never county B's."""
    from apps.core.testing import ExportCase
    from apps.enterprises.models import Enterprise
    from apps.regions.models import Region

    from .models import Assessment

    ours = Enterprise.objects.create(name="江岸导出评估有限公司", uscc="91420102MA4K0EXP1A", region=world.township_a,
                                     industry="C", employee_count=60)
    theirs = Enterprise.objects.create(name="西陵导出评估有限公司", uscc="91420502MA4K0EXP2B",
                                       region=Region.objects.get(code="420502001"), industry="C", employee_count=60)
    for enterprise in (ours, theirs):
        Assessment.start(enterprise.subject, 2026, Assessment.Kind.SELF, None)
    return {"evaluations.assessments": ExportCase(visible=[ours.name], hidden=[theirs.name])}
