"""Demo typical cases (published, under review, returned, an enterprise's), the approved 2025 commendation
list with one 2026 nomination under review, and joint incentive measures of the province, 武汉市 and 江岸区.

Every state is reached through the workflows, so the demo rows carry their real 变更记录 and notifications."""

import datetime

from django.core.files.base import ContentFile
from stdnum.cn import ric

from apps.accounts.models import User
from apps.enterprises.models import Enterprise
from apps.regions.models import Region

from .models import Case, Commendation, CommendationAttachment, Incentive
from .workflow import CaseWorkflow, CommendationWorkflow

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")

CASES = [
    # (county, title, category, unit, summary, body, final state)
    ("420102", "以工资集体协商促劳资共赢", "enterprise", None,
     "企业连续三年开展工资集体协商，建立职工工资正常增长机制，一线职工年收入年均增长6%以上。",
     "一、主要做法\n企业党组织牵头、工会主导，每年一季度召开职工代表大会审议工资专项集体合同；"
     "设立劳资恳谈日，每月听取职工意见。\n二、取得成效\n近三年职工流失率由18%降至7%，未发生劳动争议案件。\n"
     "三、经验启示\n把协商机制嵌入企业日常管理，让职工成为企业发展的参与者和受益者。", "published"),
    ("420102", "街道劳动关系服务站“一站式”化解欠薪矛盾", "station", "大智街道劳动关系公共服务站",
     "服务站整合调解、仲裁、监察力量，2025年接待咨询1,200余人次，调处劳动争议86件，调解成功率92%。",
     "一、主要做法\n服务站实行“首问负责、一窗受理、限时办结”，协调员驻站值班，法律顾问每周坐班。\n"
     "二、取得成效\n欠薪等矛盾在萌芽阶段化解，群体性事件零发生。\n三、经验启示\n把服务送到职工和企业身边。", "published"),
    ("420502", "园区协调员队伍全覆盖守护和谐用工", "park", "宜昌西陵经济开发区",
     "园区为每家规上企业配备劳动关系协调员，建立“园区—企业—班组”三级协调网络。",
     "一、主要做法\n园区管委会与区人社局共建协调员队伍，定期培训、持证上岗。\n二、取得成效\n园区企业劳动合同签订率达99%。\n"
     "三、经验启示\n协调员是园区劳动关系治理的“神经末梢”。", "published"),
    ("420102", "人文关怀点亮新就业形态劳动者之家", "enterprise", None,
     "企业为外卖、快递等新就业形态劳动者建设暖心驿站，提供休息、充电、饮水和法律咨询服务。",
     "一、主要做法\n企业联合工会在商圈设立驿站12处。\n二、取得成效\n服务劳动者3万余人次。", "submitted"),
    ("420502", "民主管理助推企业转型升级", "enterprise", None,
     "企业在转型过程中坚持重大事项经职代会审议，平稳安置转岗职工200余人。",
     "一、主要做法\n转型方案三上三下征求职工意见。", "returned"),
]

COLLECTIVES = [
    ("420102", "武汉市江岸区大智街道劳动关系公共服务站", "服务站建成以来调处劳动争议300余件，调解成功率90%以上，"
                                             "被评为省级样板站点。"),
    ("420502", "宜昌西陵经济开发区管委会", "园区建立协调员全覆盖机制，园区企业劳动合同签订率达99%，连续五年无群体性劳动纠纷。"),
    ("420102", "武汉市江岸区总工会", "推动区域性、行业性工资集体协商全覆盖，覆盖职工5万余人。"),
]
INDIVIDUALS = [
    ("420102", "李娜", "f", "大智街道劳动关系公共服务站协调员", "扎根基层八年，调处劳动争议400余件，被职工称为“贴心人”。"),
    ("420102", "周强", "m", "武汉长江机械制造有限公司工会主席", "推动企业建立工资正常增长机制，带领职工开展技能比武。"),
    ("420502", "杨帆", "m", "西陵街道劳动关系公共服务站站长", "创新“调解+仲裁”衔接机制，服务站群众满意率98%。"),
    ("420502", "许婷", "f", "宜昌市西陵区人社局劳动关系股股长", "牵头制定区劳动关系风险排查办法，化解重大欠薪隐患12起。"),
]


def user(name):
    return User.objects.filter(username=name).first()


def demo_id_number(index, gender):
    """A well-formed 身份证号 of 江岸区 (checksum right), born 1980+index; odd sequence digit for men."""
    body = f"420102{1980 + index}0{index}15{index:02d}{1 if gender == 'm' else 2}"
    return body + ric.calc_check_digit(body + "0")  # stdnum reads the first 17 digits of an 18-digit number


def city_of(county):
    return county[:4]


def load_demo(stdout):
    if Case.objects.exists() or Commendation.objects.exists():
        stdout.write("  典型案例、表彰演示数据已存在，跳过")
        return
    province = user("42-hrss-leader")
    if province is None:
        stdout.write("  缺少演示用户，跳过典型案例与表彰演示数据")
        return
    cases = load_cases()
    collectives, individuals = load_commendations()
    incentives = load_incentives()
    stdout.write(f"  典型案例 {cases} 个（已发布 3 个，公开页 /public/cases/）、表彰推荐 "
                 f"{collectives + individuals + 1} 条（2025年度已审定名单，2026年度 1 条待市级审核），联合激励措施 {incentives} 项")


def load_cases():
    enterprises = {code: list(Enterprise.objects.filter(region__path__startswith=Region.objects.get(code=code).path)
                              .order_by("pk")[:3]) for code in ("420102", "420502")}
    for number, (county, title, category, unit, summary, body, final) in enumerate(CASES):
        enterprise = enterprises[county][number % 3] if category == "enterprise" and enterprises[county] else None
        case = Case.objects.create(title=title, category=category, year=2025 if final == "published" else 2026,
                                   summary=summary, body=body, unit_name=unit or (enterprise.name if enterprise else ""),
                                   enterprise=enterprise, region=enterprise.region if enterprise else
                                   Region.objects.get(code=county), created_by=user(f"{county}-hrss-clerk"))
        CaseWorkflow.perform(case, "submit", user(f"{county}-hrss-clerk"))
        if final == "returned":
            CaseWorkflow.perform(case, "return", user(f"{city_of(county)}-hrss-reviewer"),
                                 reason="请补充转岗职工安置的具体数据和职工满意度情况。")
        elif final == "published":
            CaseWorkflow.perform(case, "accept", user(f"{city_of(county)}-hrss-reviewer"))
            CaseWorkflow.perform(case, "publish", user("42-hrss-leader"))
    account = User.objects.filter(username="ent-420102-demo").select_related("enterprise").first()
    if account and account.enterprise_id:
        case = Case.objects.create(
            title="“职工说事厅”让诉求有处说、问题有人管", category="enterprise", year=2026,
            summary="企业每月开放职工说事厅，管理层现场答复职工诉求，办结率100%。",
            body="一、主要做法\n设立职工说事厅，每月第一个周五由总经理接待。\n二、取得成效\n累计解决诉求150余件。",
            unit_name=account.enterprise.name, enterprise=account.enterprise, region=account.enterprise.region,
            author_kind="enterprise", created_by=account)
        CaseWorkflow.perform(case, "submit_to_county", account)
    return Case.objects.count()


def nominate(county, kind, name, deeds, *, gender="", workplace="", index=0):
    clerk = user(f"{county}-hrss-clerk")
    region = Region.objects.get(code=county)
    item = Commendation.objects.create(
        year=2025, kind=kind, name=name, deeds=deeds, gender=gender, workplace=workplace, region=region,
        id_number=demo_id_number(index, gender) if kind == Commendation.Kind.INDIVIDUAL else "",
        phone=f"1390717{index:04d}" if kind == Commendation.Kind.INDIVIDUAL else "",
        nominator_region=region, nominator_level=region.level, created_by=clerk)
    attachment = CommendationAttachment(commendation=item, original_name=f"{name}推荐审批表.pdf", file_type="pdf",
                                        size=len(PDF), uploaded_by=clerk)
    attachment.file.save("recommendation.pdf", ContentFile(PDF), save=True)
    CommendationWorkflow.perform(item, "submit", clerk)
    return item


def load_commendations():
    made = []
    for county, name, deeds in COLLECTIVES:
        made.append(nominate(county, Commendation.Kind.COLLECTIVE, name, deeds))
    for index, (county, name, gender, workplace, deeds) in enumerate(INDIVIDUALS, start=1):
        made.append(nominate(county, Commendation.Kind.INDIVIDUAL, name, deeds, gender=gender, workplace=workplace,
                             index=index))
    for item in made:
        CommendationWorkflow.perform(item, "city_approve", user(f"{city_of(item.region.code)}-hrss-reviewer"),
                                     reason="事迹属实，同意推荐。")
        CommendationWorkflow.perform(item, "approve", user("42-hrss-leader"))
    # one of 2026 waiting for the city's review
    pending = Commendation.objects.create(
        year=2026, kind=Commendation.Kind.COLLECTIVE, name="武汉市江岸区车站街道劳动保障所",
        deeds="建成街道劳动关系公共服务站，推动辖区小微企业劳动合同签订率提升至95%。",
        region=Region.objects.get(code="420102"), nominator_region=Region.objects.get(code="420102"),
        nominator_level="county", created_by=user("420102-hrss-clerk"))
    attachment = CommendationAttachment(commendation=pending, original_name="推荐审批表.pdf", file_type="pdf",
                                        size=len(PDF), uploaded_by=user("420102-hrss-clerk"))
    attachment.file.save("recommendation.pdf", ContentFile(PDF), save=True)
    CommendationWorkflow.perform(pending, "submit", user("420102-hrss-clerk"))
    return len(COLLECTIVES), len(INDIVIDUALS)


def load_incentives():
    from apps.honours.models import DemonstrationTitle

    jiangan = list(Enterprise.objects.filter(region__path__startswith="42/4201/420102/").order_by("pk")[:6])
    xiling = list(Enterprise.objects.filter(region__path__startswith="42/4205/420502/").order_by("pk")[:4])
    measures = [
        dict(region="42", title="和谐劳动关系创建示范企业“劳动关系和谐贷”金融支持措施", kind=Incentive.Kind.FINANCE,
             member_units=["hrss", "union", "confed", "fic"], other_departments="中国人民银行湖北省分行",
             doc_number="鄂劳三方〔2024〕5号", issued_on=datetime.date(2024, 6, 20),
             valid_until=datetime.date(2027, 12, 31),
             content="一、适用对象：全省和谐劳动关系创建示范企业及达到创建标准的企业。\n"
                     "二、激励内容：合作银行在同等条件下优先给予信用贷款支持，贷款利率下浮不低于10个基点。\n"
                     "三、办理方式：企业持示范称号证书或达标评估结果向合作银行申请。",
             beneficiaries=jiangan[:3] + xiling[:2], titles=True),
        dict(region="42", title="达标企业在评优评先中优先推荐", kind=Incentive.Kind.PRIORITY,
             member_units=["hrss", "union", "confed", "fic"], doc_number="鄂劳三方〔2024〕6号",
             issued_on=datetime.date(2024, 6, 20),
             content="将达到和谐劳动关系创建标准作为推荐和评选省协调劳动关系三方成员单位组织的有关表彰、"
                     "创建项目的重要参考因素。", beneficiaries=[], titles=True),
        dict(region="4201", title="武汉市示范企业劳动保障监察“无事不扰”措施", kind=Incentive.Kind.INSPECTION,
             member_units=["hrss"], other_departments="武汉市市场监督管理局", issued_on=datetime.date(2025, 3, 1),
             content="对创建示范企业，除投诉举报和专项检查外，原则上不开展日常巡查。", beneficiaries=jiangan[3:6]),
        dict(region="420102", title="江岸区创建企业工会经费返还奖励", kind=Incentive.Kind.POLICY,
             member_units=["union"], issued_on=datetime.date(2025, 9, 10),
             content="对达到创建标准的企业，区总工会按规定提高工会经费返还比例。", beneficiaries=jiangan[:2]),
    ]
    held = list(DemonstrationTitle.objects.valid()[:10])
    for data in measures:
        data = dict(data)
        region = Region.objects.get(code=data.pop("region"))
        beneficiaries, link_titles = data.pop("beneficiaries"), data.pop("titles", False)
        office_user = user(f"{region.code}-hrss-clerk")
        measure = Incentive.objects.create(region=region, created_by=office_user, **data)
        if measure.doc_number:  # the 文号 enters the one register
            from apps.documents.numbering import claim

            claim(measure.doc_number, kind="incentive", title=measure.title,
                  owner=f"recognition.incentive:{measure.pk}", region=region)
        measure.beneficiaries.set(beneficiaries)
        if link_titles and held:
            measure.titles.set(held)
    return len(measures)
