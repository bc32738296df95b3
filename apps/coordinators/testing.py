import datetime

from apps.core.testing import SWEEP_MARK
from apps.core.workflow import WorkflowCase

SWEEP_ID_NUMBER = "420102199001011236"  # a valid 身份证号 (check digit 6) used only by the sweep world


def build_sweep_world(world):
    from apps.accounts.models import MemberUnit, Office

    from .models import AwardRecommendation, Contest, Coordinator, GoldMedal, Training, TrainingAttendance

    coordinator = Coordinator(name=f"{SWEEP_MARK}协调员", phone="13912345678", education="bachelor",
                              workplace_type="enterprise", workplace_name=f"{SWEEP_MARK}公司", region=world.township_a)
    coordinator.set_id_number(SWEEP_ID_NUMBER)
    coordinator.save()
    world.add(coordinator)
    office, _ = Office.objects.get_or_create(region=world.region_a, member_unit=MemberUnit.HRSS)
    training = world.add(Training.objects.create(organiser=office, region=world.region_a, date=datetime.date(2026, 3, 1),
                                                 topic=f"{SWEEP_MARK}培训", hours=8))
    world.add(TrainingAttendance.objects.create(training=training, coordinator=coordinator))
    world.add(Contest.objects.create(name=f"{SWEEP_MARK}技能比武", region=world.region_a,
                                     date=datetime.date(2026, 5, 1)))
    world.add(AwardRecommendation.objects.create(coordinator=coordinator, award="advanced", year=2026,
                                                 recommended_on=datetime.date(2026, 4, 1), recommender=SWEEP_MARK))
    from apps.regions.models import Region

    world.add(GoldMedal.objects.create(year=2026, coordinator=coordinator, level="city",
                                       nominated_by=Region.objects.get(code="4201"), citation=SWEEP_MARK))
    from apps.core.models import BackgroundJob

    from .importing import CoordinatorLedgerImporter

    world.add(BackgroundJob.objects.create(
        owner=world.user_a, kind=CoordinatorLedgerImporter.job_kind, title=f"{SWEEP_MARK}协调员台账导入",
        status=BackgroundJob.Status.DONE, message=f"{SWEEP_MARK}校验通过",
        params={"importer": CoordinatorLedgerImporter.name, "stage": "invalid", "upload_name": "a.xlsx",
                "errors": [[2, "", f"{SWEEP_MARK}错误"]], "preview": [], "count": 0}))


def build_workflow_cases(world):
    """Rows of county A in any state for tests/contracts/test_workflow_contract.py: coordinators awaiting
    confirmation, award recommendations, gold medals."""
    import itertools

    from .models import AwardRecommendation, Coordinator, GoldMedal

    counter = itertools.count(1)

    def coordinator(state=Coordinator.Confirmation.CONFIRMED):
        n = next(counter)
        c = Coordinator(name=f"流程测试{n}", phone="13912345678", education="bachelor", workplace_type="enterprise",
                        workplace_name="流程测试公司", region=world.township_a, confirmation=state)
        c.set_id_number(f"42010219900101{n:03d}" + "X")  # the digest only needs to be unique here
        c.save()
        return c

    def award(state):
        return AwardRecommendation.objects.create(coordinator=coordinator(), award="advanced", year=2026,
                                                  recommended_on=datetime.date(2026, 4, 1), recommender="流程测试",
                                                  outcome=state)

    def medal(state):
        from apps.regions.models import Region

        return GoldMedal.objects.create(year=2026, coordinator=coordinator(), level="city", status=state,
                                        nominated_by=Region.objects.get(code="4201"))

    return {"coordinators.gold_medal": WorkflowCase(make=medal),
            "coordinators.confirmation": WorkflowCase(make=coordinator),
            "coordinators.award": WorkflowCase(make=award)}


def figure_examples():
    """Rows that move each figure of this app (tests/contracts/test_figures_contract.py)."""
    from apps.accounts.models import MemberUnit, Office

    from .models import GoldMedal, Training

    def coverage(w):
        w.coordinator().enterprises.add(w.enterprise())
        return (1, 1)

    def training(w):
        office, _ = Office.objects.get_or_create(region=w.county, member_unit=MemberUnit.HRSS)
        Training.objects.create(organiser=office, region=w.township, date=w.date(), topic="协调员培训", hours=8)

    def medal(level):
        def example(w):
            GoldMedal.objects.create(year=w.year, coordinator=w.coordinator(), level=level, nominated_by=w.city)
            return 1
        return example

    return {
        "coordinators.on_duty": lambda w: w.coordinator() and 1,
        "coordinators.coverage": coverage,
        "coordinators.training_counties": lambda w: training(w) or (1, 0),
        "coordinators.trainings": lambda w: training(w) or 1,
        "coordinators.gold_medals": medal(GoldMedal.Level.CITY),
        "coordinators.gold_medals_province": medal(GoldMedal.Level.PROVINCE),
        "coordinators.gold_medals_city": medal(GoldMedal.Level.CITY),
    }


def _id_number(prefix, seq):
    from stdnum.cn import ric

    body = f"{prefix}19850612{seq}"
    return body + ric.calc_check_digit(body + "0")


def _coordinator(name, region_code, number):
    from apps.regions.models import Region

    from .models import Coordinator

    coordinator = Coordinator(name=name, phone="13911112222", education="bachelor", workplace_type="enterprise",
                              workplace_name=f"{name}所在公司", region=Region.objects.get(code=region_code))
    coordinator.set_id_number(number)
    coordinator.save()
    return coordinator


def _training(world, topic, region=None):
    from apps.accounts.models import MemberUnit, Office

    from .models import Training

    office, _ = Office.objects.get_or_create(region=region or world.region_a, member_unit=MemberUnit.HRSS)
    return Training.objects.create(organiser=office, region=region or world.region_a, topic=topic, hours=8,
                                   date=datetime.date(2026, 3, 1))


def build_import_cases(world):
    """The coordinator ledger, training and attendance importers, for the data contract: every declared column
    filled, so that each one is read back from the export (tests/contracts/test_data_contract_columns.py)."""
    from stdnum.cn import uscc

    from apps.core.testing import ImportCase
    from apps.enterprises.models import Enterprise
    from apps.parks.models import Park

    from .models import Coordinator, Training, TrainingAttendance

    body = "91420102MA4K0C0N"
    firm = Enterprise.objects.create(name="契约服务企业", uscc=body + uscc.calc_check_digit(body),
                                     region=world.township_a, industry="C")
    park = Park.objects.create(name="契约培训园", level=Park.Level.OTHER, region=world.region_a)

    def person(n, **overrides):
        return {"姓名": f"契约员{n}", "身份证号": _id_number("420102", f"7{n:02d}"), "手机号码": "13900002222",
                "学历": "本科", "工作单位类型": "企业", "工作单位": "江岸契约公司", "所在区划代码": "420102",
                "服务企业统一社会信用代码": firm.uscc, "职业技能等级": "四级 中级工", "证书编号": f"HB2026{n:03d}",
                "薪酬档次": "3000–5000元", "在岗状态": "在岗", "列入公示名单": "是", **overrides}

    def course(n, **overrides):
        return {"培训日期": "2026-04-0" + str(n), "培训主题": f"契约培训{n}", "学时": 2.5 * n, "举办区划代码": "420102",
                "举办园区": park.name, "地点": "区人社局会议室", **overrides}

    training = _training(world, "契约签到培训")
    attendees = [_coordinator(f"签到员{n}", "420102002", _id_number("420102", f"8{n:02d}")) for n in range(3)]
    outsider = _coordinator("西陵签到员", "420502001", _id_number("420502", "899"))
    return {
        "coordinators.ledger": ImportCase(
            rows=[person(1), person(2)], bad=person(3, 学历="博士后以上"),
            foreign=person(4, 所在区划代码="420502", 身份证号=_id_number("420502", "704")),
            written=lambda: Coordinator.objects.filter(name__startswith="契约员"), key="姓名"),
        "coordinators.trainings": ImportCase(
            rows=[course(1), course(2)], bad=course(3, 学时="八"), foreign=course(4, 举办区划代码="420502"),
            written=lambda: Training.objects.filter(topic__startswith="契约培训"), key="培训主题"),
        "coordinators.attendance": ImportCase(
            rows=[{"身份证号": c.id_number, "姓名": c.name, "考核合格": "是"} for c in attendees[:2]],
            bad={"身份证号": "420102", "姓名": "短号码", "考核合格": "是"},
            foreign={"身份证号": outsider.id_number, "姓名": outsider.name, "考核合格": "是"},
            written=lambda: TrainingAttendance.objects.filter(training=training), key="姓名",
            context={"training": training.pk}),
    }


def build_export_cases(world):
    """The coordinator exporters: county A's rows, 身份证号 and phones masked; never county B's."""
    from apps.core.testing import ExportCase
    from apps.regions.models import Region

    from .models import TrainingAttendance

    ours = _coordinator("江岸导出员", "420102002", _id_number("420102", "601"))
    theirs = _coordinator("西陵导出员", "420502001", _id_number("420502", "602"))
    course = _training(world, "江岸导出培训")
    other_course = _training(world, "西陵导出培训", Region.objects.get(code="420502"))
    TrainingAttendance.objects.create(training=course, coordinator=ours)
    return {
        "coordinators.ledger": ExportCase(visible=[ours.name], hidden=[theirs.name],
                                          secrets=[ours.id_number, ours.phone]),
        "coordinators.trainings": ExportCase(visible=[course.topic], hidden=[other_course.topic]),
        "coordinators.attendance": ExportCase(visible=[ours.name], hidden=[theirs.name], secrets=[ours.id_number],
                                              query=f"training={course.pk}"),
        **_medal_cases(world, ours, theirs),
    }


def _medal_cases(world, ours, theirs):
    from django.utils import timezone

    from apps.core.testing import ExportCase
    from apps.regions.models import Region

    from .models import GoldMedal

    year = timezone.localdate().year
    for person, city in ((ours, "4201"), (theirs, "4205")):
        GoldMedal.objects.create(year=year, coordinator=person, level="city", citation=f"{person.name}的事迹",
                                 nominated_by=Region.objects.get(code=city))
    return {
        "coordinators.gold_medals": ExportCase(visible=[f"{ours.name}的事迹"], hidden=[f"{theirs.name}的事迹"]),
    }


def gold_medal_certificate_sample():
    return {"name": "李金牌", "region": "武汉市江岸区", "workplace": "劳动关系协调站", "year": 2026,
            "certificate_no": "JP2026-0001", "issuer": "湖北省协调劳动关系三方委员会", "date_text": "2026年12月1日"}
