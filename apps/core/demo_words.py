"""Word lists for believable demo data (demo mode only): enterprise names as 行政区划 + 字号 + 行业 + 组织形式
(the structure the 企业名称登记管理规定 prescribes), checksum-valid credit codes whose area part is the
enterprise's county, personal names that agree with the gender the 身份证号 carries, and varied prose."""

import string

from stdnum.cn import ric
from stdnum.cn import uscc as uscc_number

# 字号: two characters, the kind real Hubei firms register (no digits, no place names doubled)
TRADE_NAMES = [
    "楚源", "鑫达", "华鼎", "恒信", "锦程", "宏图", "汇丰", "瑞康", "博远", "中科", "天合", "卓越", "联创", "新锐", "盛世",
    "金桥", "银河", "安泰", "永昌", "佳和", "润泽", "弘毅", "东信", "立德", "明辉", "精诚", "凯旋", "和润", "嘉禾", "远航",
    "聚力", "启航", "万象", "兴业", "振华", "华星", "鼎盛", "信达", "泰和", "祥瑞", "奥克", "创维", "华夏", "同济", "昌隆",
    "鹏程", "海纳", "睿智", "德胜", "云帆", "晨光", "伟业", "康宁", "乐达", "思远", "通衢", "晴川", "知音", "楚韵", "龟山",
]
# 行业 as it appears in a name, with the national economic industry section (GB/T 4754) it belongs to
INDUSTRIES = [
    ("机械制造", "C"), ("汽车零部件", "C"), ("食品", "C"), ("电子科技", "C"), ("精密模具", "C"), ("新材料科技", "C"),
    ("服装", "C"), ("生物医药", "C"), ("商贸", "F"), ("百货", "F"), ("医药连锁", "F"), ("物流", "G"), ("供应链管理", "G"),
    ("餐饮管理", "H"), ("酒店管理", "H"), ("软件技术", "I"), ("信息技术", "I"), ("网络科技", "I"), ("建设工程", "E"),
    ("建筑装饰工程", "E"), ("物业服务", "K"), ("房地产开发", "K"), ("人力资源服务", "L"), ("企业管理咨询", "L"),
    ("检测技术", "M"), ("工程设计", "M"), ("环保科技", "N"), ("保洁服务", "O"), ("医疗器械", "C"), ("健康管理", "Q"),
]
FORMS = ["有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢熊"
MALE_GIVEN = ["伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "建国", "志强", "海波", "文斌", "国庆", "俊",
              "浩然", "宏伟", "建华", "立新", "振宇", "鹏", "斌", "刚", "德明", "光荣", "晓东", "子豪", "家豪", "卫东"]
FEMALE_GIVEN = ["芳", "娜", "敏", "静", "丽", "艳", "娟", "秀英", "慧", "红梅", "晓燕", "雪梅", "春燕", "丹", "婷",
                "玉兰", "桂芳", "丽华", "美玲", "欣怡", "雅琴", "佳慧", "淑珍", "晓红", "小琴", "海燕", "琳", "颖", "倩", "梦洁"]

ORG_ALPHABET = string.digits + "ABCDEFGHJKLMNPQRTUWXY"  # GB 11714 code characters (no I, O, S, V, Z)


def enterprise_names(rng, city_prefix, count, taken=()):
    """`count` distinct names like 武汉楚源机械制造有限公司, with the industry section of each."""
    seen, names = set(taken), []
    while len(names) < count:
        trade, (phrase, section), form = rng.choice(TRADE_NAMES), rng.choice(INDUSTRIES), rng.choice(FORMS)
        name = f"{city_prefix}{trade}{phrase}{form}"
        if name not in seen:
            seen.add(name)
            names.append((name, section))
    return names


def org_code(rng):
    """A GB 11714 organisation code: eight characters and their check character."""
    body = "".join(rng.choice(ORG_ALPHABET) for _ in range(8))
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(ORG_ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng, county_code, taken=None):
    """A checksum-valid 统一社会信用代码 of a company (91) registered in `county_code`."""
    while True:
        body = f"91{county_code}{org_code(rng)}"
        code = body + uscc_number.calc_check_digit(body)
        if uscc_number.is_valid(code) and (taken is None or code not in taken):
            if taken is not None:
                taken.add(code)
            return code


def id_number(rng, area_code, birth, sequence):
    """A checksum-valid 身份证号; the 17th digit's parity is the gender (odd: male)."""
    body = f"{area_code}{birth:%Y%m%d}{sequence % 1000:03d}"
    number = body + ric.calc_check_digit(body + "0")
    if not ric.is_valid(number) and birth.year < 1999:  # a code not yet in use in that year: born later
        return id_number(rng, area_code, birth.replace(year=1999, day=min(birth.day, 28)), sequence)
    return number


def person_name(rng, male):
    return rng.choice(SURNAMES) + rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)


def is_male(id_number_text):
    return int(id_number_text[16]) % 2 == 1


# self-assessment prose: an opening naming what the enterprise did, a fact, and, below full marks, what is missing
OPENINGS = [
    "已建立{topic}相关制度，{year}年{month}月经职工代表大会审议通过并公示",
    "{topic}：由人力资源部牵头落实，工会全程参与监督",
    "按照创建标准逐项对照{topic}要求，形成制度汇编",
    "{year}年{month}月修订《{topic}管理办法》，在厂务公开栏和内网同步公开",
    "{topic}纳入企业年度重点工作，由分管副总经理负责推进",
    "对照评价指标自查{topic}，建立月度台账并按季度更新",
]
FACTS = [
    "现有职工{workers}人，相关台账完整，抽查无缺漏",
    "全年召开专题会议{meetings}次，会议纪要已归档",
    "职工知晓率调查{rate}%，意见已逐条答复",
    "{month}月组织专项培训{meetings}场，覆盖一线班组",
    "配套经费{money}万元，已列入年度预算",
    "相关协议和签字记录见佐证材料",
]
GAPS = [
    "部分新入职职工材料尚在补签中",
    "个别外包岗位尚未全覆盖，计划下季度完成",
    "班组层面宣传还不够深入，已列入整改清单",
    "台账电子化尚未完成，目前纸质与电子并行",
]
VETO_ANSWERS = ["近三年无此情形。", "经自查，近三年未发生此类情形。", "近三年无此情形，劳动保障监察部门无相关记录。",
                "未发生，可由属地人社部门核实。"]


def self_assessment_text(rng, topic, full_marks=True, workers=100):
    month = rng.randint(1, 12)
    words = {"topic": topic, "year": rng.choice([2024, 2025, 2026]), "month": month, "workers": workers,
             "meetings": rng.randint(2, 12), "rate": rng.randint(86, 99), "money": rng.choice([3, 5, 8, 12, 20])}
    text = rng.choice(OPENINGS).format(**words) + "；" + rng.choice(FACTS).format(**words)
    if not full_marks:
        text += "；" + rng.choice(GAPS)
    return text + "。"
