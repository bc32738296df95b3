"""The first published indicator sets, built from the plan's 二、创建内容 (鄂人社发〔2023〕21号):
a 100-point enterprise sheet over the 9 aspects, and a 100-point park / township sheet over the 7
aspects, each with its one-vote veto items. Later versions are made by province staff in the portal."""

from django.db import migrations

E = True  # evidence required

ENTERPRISE = [
    ("1", "党组织建设", [
        ("1.1", "建立党组织或实现党的工作覆盖", 4, E, "企业依法建立党组织；暂不具备条件的，通过联合党组织或党建指导员实现党的工作覆盖。",
         "已建立党组织得 4 分；实现党的工作覆盖但未单独建立得 2 分；均未实现不得分。"),
        ("1.2", "党组织在创建活动中发挥把关定向作用", 4, False, "党组织研究部署和谐劳动关系创建，团结凝聚职工。",
         "有年度创建工作部署并落实得 4 分；有部署但落实不到位得 2 分。"),
    ]),
    ("2", "劳动合同制度", [
        ("2.1", "劳动合同签订率", 8, E, "与全部职工依法订立书面劳动合同（含电子劳动合同）。",
         "签订率 100% 得 8 分，每低 1 个百分点扣 1 分，扣完为止。"),
        ("2.2", "劳动合同管理规范", 3, False, "合同条款齐备，变更、解除、终止程序合法，台账完整。",
         "发现一处不规范扣 1 分。"),
        ("2.3", "规章制度经民主程序制定并公示", 3, E, "涉及职工切身利益的规章制度经职工代表大会或全体职工讨论并公示。",
         "程序合法并公示得 3 分；未经民主程序或未公示不得分。"),
    ]),
    ("3", "集体合同制度", [
        ("3.1", "签订集体合同并报送审查", 6, E, "依法签订集体合同（含专项集体合同）并报人社部门审查。",
         "已签订并审查得 6 分；已签订未报审查得 3 分。"),
        ("3.2", "集体合同履行情况", 4, False, "每年向职工代表大会报告集体合同履行情况。", "履行并报告得 4 分；未报告扣 2 分。"),
    ]),
    ("4", "民主管理（职代会、厂务公开）", [
        ("4.1", "职工代表大会制度", 5, E, "建立并按期召开职工代表大会，依法行使职权。", "按期召开得 5 分；未按期召开扣 3 分。"),
        ("4.2", "厂务公开", 4, E, "建立厂务公开制度，公开内容、形式、时限规范。", "制度健全并落实得 4 分。"),
        ("4.3", "依法建立工会组织", 3, E, "依法建立工会，工会依法履职。", "已建立并正常运转得 3 分。"),
    ]),
    ("5", "劳动报酬、休息休假、劳动安全卫生、社会保险、职业技能培训", [
        ("5.1", "按时足额支付劳动报酬", 5, False, "工资不低于当地最低工资标准，按月足额发放。", "发现一次延迟支付扣 2 分。"),
        ("5.2", "工作时间与休息休假", 4, False, "执行国家工时制度，依法安排休息休假，加班依法支付报酬。", "发现一处违规扣 1 分。"),
        ("5.3", "劳动安全卫生", 4, False, "建立安全生产责任制，开展安全培训。", "制度健全得 4 分，发现隐患未整改扣 2 分。"),
        ("5.4", "社会保险参保缴费", 4, E, "依法为全部职工参保并足额缴费。", "参保率 100% 得 4 分，每低 1 个百分点扣 0.5 分。"),
        ("5.5", "职业技能培训", 3, False, "按规定提取和使用职工教育经费，开展技能培训。", "有年度培训计划并实施得 3 分。"),
    ]),
    ("6", "工资集体协商和正常增长机制", [
        ("6.1", "开展工资集体协商", 6, E, "每年开展工资集体协商，签订工资专项集体合同。", "开展并签订得 6 分；仅开展协商得 3 分。"),
        ("6.2", "工资正常增长机制", 4, False, "职工工资随企业效益提高而合理增长。", "近两年工资有增长得 4 分。"),
    ]),
    ("7", "劳动保护与劳动条件", [
        ("7.1", "劳动防护与职业病防治", 4, False, "按标准发放劳动防护用品，组织职业健康检查。", "落实得 4 分，发现一处缺失扣 1 分。"),
        ("7.2", "女职工和未成年工特殊保护", 4, False, "落实女职工“四期”保护，不使用童工。", "落实得 4 分。"),
    ]),
    ("8", "劳动争议调解委员会与争议预防", [
        ("8.1", "建立劳动争议调解委员会", 5, E, "依法设立企业劳动争议调解委员会，配备调解员。", "已建立并运转得 5 分。"),
        ("8.2", "劳动争议预防与协商和解", 5, False, "建立内部申诉和协商机制，争议发生后主动协商和解。", "机制健全得 5 分。"),
    ]),
    ("9", "人文关怀与企业文化", [
        ("9.1", "人文关怀", 4, False, "开展心理疏导、困难帮扶、文体活动等关心关爱职工的工作。", "措施具体得 4 分。"),
        ("9.2", "企业文化", 4, False, "培育企业关心关爱职工、职工爱岗爱企的企业文化。", "有载体和成效得 4 分。"),
    ]),
]
ENTERPRISE_VETO = [
    ("V.1", "未依法与职工签订劳动合同", "近三年内存在未与职工依法签订书面劳动合同情形的，实行一票否决。"),
    ("V.2", "未依法建立工会或未签订集体合同", "近三年内未依法建立工会组织或未签订集体合同的，实行一票否决。"),
    ("V.3", "未建立职工代表大会制度或未实行厂务公开", "近三年内未建立职代会制度或未实行厂务公开的，实行一票否决。"),
    ("V.4", "拖欠职工工资", "近三年内发生拖欠职工工资、被劳动保障监察部门查处的，实行一票否决。"),
    ("V.5", "未依法缴纳社会保险费", "近三年内存在未依法为职工缴纳社会保险费情形的，实行一票否决。"),
    ("V.6", "严重违法或引发集体劳动争议", "近三年内发生严重违反劳动保障法律法规行为或引发集体劳动争议、群体性事件的，实行一票否决。"),
    ("V.7", "发生重大安全生产事故", "近三年内发生重大安全生产事故或重大职业病危害事故的，实行一票否决。"),
]

AREA = [
    ("1", "党委领导的构建和谐劳动关系工作机制与组织推动", [
        ("1.1", "党委领导的工作机制", 8, E, "成立由党委（党工委）负责同志牵头的和谐劳动关系创建领导机构，定期研究部署。",
         "机构健全并每年专题研究得 8 分；仅有机构得 4 分。"),
        ("1.2", "推动辖区企业普遍开展创建", 7, False, "辖区内企业参与创建的比例逐年提高。", "参与率达到 80% 得 7 分，每低 10 个百分点扣 1 分。"),
    ]),
    ("2", "劳动关系协调机制", [
        ("2.1", "协调劳动关系三方机制", 8, E, "建立园区（乡镇、街道）协调劳动关系三方机制并发挥作用。", "机制健全、定期开展活动得 8 分。"),
        ("2.2", "集体协商覆盖", 7, False, "推动辖区企业开展集体协商、签订集体合同（含区域性、行业性集体合同）。", "覆盖率达到 80% 得 7 分。"),
    ]),
    ("3", "矛盾调处机制", [
        ("3.1", "劳动争议调解组织", 8, E, "建立劳动争议调解组织，配备专兼职调解员。", "组织健全、调解成功率 60% 以上得 8 分。"),
        ("3.2", "矛盾风险排查预警", 7, False, "定期排查劳动关系矛盾风险，及时预警处置。", "每季度排查并建立台账得 7 分。"),
    ]),
    ("4", "权益保障机制", [
        ("4.1", "工资支付保障", 8, False, "落实工资支付保障制度，欠薪问题及时处置。", "无欠薪积案得 8 分。"),
        ("4.2", "劳动保障监察与社会保险扩面", 7, False, "开展劳动保障监察网格化管理，推动社会保险扩面。", "工作落实得 7 分。"),
    ]),
    ("5", "劳动保障法律宣传与用工指导服务", [
        ("5.1", "法律宣传", 6, False, "每年开展劳动保障法律法规宣传活动。", "每年不少于 2 次得 6 分。"),
        ("5.2", "用工指导服务", 6, False, "为企业提供劳动用工指导、合同示范文本等服务。", "服务台账完整得 6 分。"),
    ]),
    ("6", "劳动关系双方沟通协调平台", [
        ("6.1", "沟通协调平台", 7, E, "搭建企业与职工沟通协商平台（恳谈会、议事会等）。", "平台健全并定期活动得 7 分。"),
        ("6.2", "劳动关系协调员队伍", 6, False, "配备劳动关系协调员并开展培训。", "每年组织培训得 6 分。"),
    ]),
    ("7", "基层劳动关系公共服务站点", [
        ("7.1", "建成基层劳动关系公共服务站点", 8, E, "至少建成 1 家基层劳动关系公共服务站点。", "已建成并通过验收得 8 分。"),
        ("7.2", "一站式、智慧化、标准化服务", 7, False, "站点服务事项、职责、程序统一，提供一站式服务。", "服务规范得 7 分。"),
    ]),
]
AREA_VETO = [
    ("V.1", "发生重大群体性事件或极端事件", "近三年内辖区因劳动关系问题引发重大群体性事件或极端事件的，实行一票否决。"),
    ("V.2", "发生重大欠薪案件未妥善处置", "近三年内辖区发生重大欠薪案件且未妥善处置的，实行一票否决。"),
    ("V.3", "发生重大安全生产事故", "近三年内辖区发生重大安全生产事故的，实行一票否决。"),
]

SETS = [
    ("enterprise", "企业和谐劳动关系创建评价指标体系", ENTERPRISE, ENTERPRISE_VETO),
    ("park", "工业园区和谐劳动关系创建评价指标体系", AREA, AREA_VETO),
    ("township", "乡镇（街道）和谐劳动关系创建评价指标体系", AREA, AREA_VETO),
]


def load(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    IndicatorSet = apps.get_model("evaluations", "IndicatorSet")
    Indicator = apps.get_model("evaluations", "Indicator")
    province = Region.objects.filter(code="42").first()
    if province is None:
        return
    from django.utils import timezone

    for kind, name, aspects, vetoes in SETS:
        if IndicatorSet.objects.filter(subject_kind=kind).exists():
            continue
        iset = IndicatorSet.objects.create(
            subject_kind=kind, version=1, name=name, region=province, status="published",
            total_points=100, pass_mark=80, published_at=timezone.now(),
            grade_thresholds=[{"grade": "AAA", "min": 90}, {"grade": "AA", "min": 85}, {"grade": "A", "min": 80}],
            notes="依据鄂人社发〔2023〕21号“二、创建内容”制定的首版指标体系。")
        order = 0
        for code, aspect_name, children in aspects:
            order += 1
            aspect = Indicator.objects.create(indicator_set=iset, code=code, name=aspect_name, order=order,
                                              max_points=sum(c[2] for c in children))
            for c_code, c_name, points, evidence, guidance, rule in children:
                order += 1
                Indicator.objects.create(indicator_set=iset, parent=aspect, code=c_code, name=c_name,
                                         max_points=points, evidence_required=evidence, guidance=guidance,
                                         scoring_rule=rule, order=order)
        order += 1
        veto = Indicator.objects.create(indicator_set=iset, code="V", name="一票否决项", order=order, max_points=0,
                                        guidance="近三年内存在下列情形之一的，无论得分多少，均评为不达标。")
        for v_code, v_name, rule in vetoes:
            order += 1
            Indicator.objects.create(indicator_set=iset, parent=veto, code=v_code, name=v_name, max_points=0,
                                     is_veto=True, scoring_rule=rule, order=order)


def unload(apps, schema_editor):
    apps.get_model("evaluations", "IndicatorSet").objects.filter(version=1, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial"), ("regions", "0002_load_hubei_regions")]
    operations = [migrations.RunPython(load, unload)]
