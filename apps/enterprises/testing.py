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
    """Rows that move each figure of this app (tests/contracts/test_figures_contract.py)."""
    from .models import ContactAssignment

    def participating(w):
        w.record(w.enterprise().subject)
        return (1, 1)

    def qualified(w):
        w.record(w.enterprise().subject, status="qualified")
        return (1, 1)

    def contact_offices(w):
        import datetime

        # the county's four member units are owed whatever accounts exist; a visit makes one of them done
        assignment = ContactAssignment.objects.create(office=w.office("fic"), subject=w.enterprise().subject,
                                                      year=w.year, contact_person="张三")
        assignment.visits.create(visited_on=datetime.date(w.year, 3, 1), content="指导")
        return (1, 0)

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


def _uscc(county, n):
    from stdnum.cn import uscc

    body = f"91{county}MA4D{n:05d}"
    return body + uscc.calc_check_digit(body)


def build_import_cases(world):
    """The enterprise ledger's importer, for the data contract (tests/contracts/test_data_contracts.py)."""
    from apps.core.testing import ImportCase
    from apps.parks.models import Park

    from .models import Enterprise

    park = Park.objects.create(name="江岸契约园", level=Park.Level.MUNICIPAL, region=world.region_a)

    def row(n, **overrides):
        return {"企业名称": f"江岸契约{n}有限公司", "统一社会信用代码": _uscc("420102", n), "所在区划代码": "420102002",
                "行业门类": "C", "经济类型": "民营企业", "职工人数": 40 + n, "已建工会": "是", "已签集体合同": "否",
                "联系人": "王敏", "联系电话": "13800001234", "创建年度": 2026, "创建状态": "创建中", **overrides}

    return {"enterprises.ledger": ImportCase(
        rows=[row(1), row(2, 所在园区=park.name)], bad=row(3, 职工人数="很多"),
        foreign=row(4, 所在区划代码="420502001", 统一社会信用代码=_uscc("420502", 4)),
        written=lambda: Enterprise.objects.filter(name__startswith="江岸契约"), key="企业名称")}


def build_export_cases(world):
    """The enterprise ledger's exporter: county A's rows, phones masked; never county B's."""
    from apps.core.testing import ExportCase

    from .models import Enterprise

    ours = Enterprise.objects.create(name="江岸可见导出有限公司", uscc=_uscc("420102", 90), region=world.township_a,
                                     industry="C", contact_phone="13987650001")
    theirs = Enterprise.objects.create(name="西陵不可见导出有限公司", uscc=_uscc("420502", 91),
                                       region_id=_region("420502001"), industry="C")
    return {"enterprises.ledger": ExportCase(visible=[ours.name], hidden=[theirs.name], secrets=[ours.contact_phone])}


def _region(code):
    from apps.regions.models import Region

    return Region.objects.get(code=code).pk


def build_workflow_cases(world):
    """The ledger's 示范 steps (system steps of a naming or a revocation): a year of a unit in township A in any
    state (tests/contracts/test_workflow_contract.py)."""
    import itertools

    from apps.core.workflow import WorkflowCase

    from .models import CreationRecord, Enterprise

    counter = itertools.count(1)

    def record(state):
        n = next(counter)
        enterprise = Enterprise.objects.create(name=f"台账流程测试{n}有限公司", uscc=_uscc("420102", 900 + n),
                                               region=world.township_a, industry="C", employee_count=50)
        return CreationRecord.objects.create(subject=enterprise.subject, year=2026, status=state)

    return {"enterprises.ledger": WorkflowCase(make=record)}
