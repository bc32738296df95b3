from apps.core.testing import SWEEP_MARK


def build_sweep_world(world):
    from apps.accounts.models import MemberUnit, Office

    from .models import ContactAssignment, ContactVisit, CreationRecord, Enterprise, Subject

    enterprise = world.add(Enterprise.objects.create(
        name=f"{SWEEP_MARK}科技有限公司", uscc="91420102MA4K00017C",
        region=world.township_a, industry="C", employee_count=120, contact_phone="13912345678"))
    world.add(enterprise.subject, Subject)
    world.add(CreationRecord.objects.create(subject=enterprise.subject, year=2026, status="creating",
                                            notes=f"{SWEEP_MARK}台账备注"))
    office, _ = Office.objects.get_or_create(region=world.region_a, member_unit=MemberUnit.UNION)
    assignment = world.add(ContactAssignment.objects.create(
        office=office, subject=enterprise.subject, year=2026, contact_person=f"{SWEEP_MARK}联系人"))
    world.add(ContactVisit.objects.create(assignment=assignment, visited_on="2026-05-01",
                                          content=f"{SWEEP_MARK}指导内容"))
    # the activation page is public; an unknown token shows only the "invalid link" notice
    world.url_kwargs["enterprises:activate"] = {"token": "not-a-real-token"}
    world.public_urls.add("enterprises:activate")


def figure_examples():
    """Rows that move each figure of this app (tests/test_figures_contract.py)."""
    from .models import ContactAssignment

    def participating(w):
        w.record(w.enterprise().subject)
        return (1, 1)

    def qualified(w):
        w.record(w.enterprise().subject, status="qualified")
        return (1, 1)

    def contact_offices(w):
        ContactAssignment.objects.create(office=w.office("fic"), subject=w.enterprise().subject, year=w.year,
                                         contact_person="张三")
        return (1, 1)

    def contacts(w):
        ContactAssignment.objects.create(office=w.office("union"), subject=w.enterprise().subject, year=w.year,
                                         contact_person="李四")
        return 1

    return {
        "enterprises.ledger": lambda w: w.enterprise() and 1,
        "enterprises.participating": participating,
        "enterprises.qualified": qualified,
        "enterprises.contact_offices": contact_offices,
        "enterprises.contacts": contacts,
    }
