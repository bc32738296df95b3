"""The plan's annex (工作任务表): its 26 tasks are data (fixtures/supervision/work_tasks.json, loaded by the
data migration); this module says which offices each 责任单位 names, so that the board knows who must report.

三方办 (the office of the tripartite committee) sits in the 人社部门 at every level, so a task of a 三方办 is
reported by the hrss office; 三方四家 are the four member units together. 创建主体 (enterprises, parks,
townships) have no office of their own: for "各级三方四家各创建主体" the offices report on their behalf.
"""

import datetime
import json
import re
from pathlib import Path

HRSS = ("hrss",)
ALL_UNITS = ("hrss", "union", "confed", "fic")
LEVELS = ("province", "city", "county")

# 责任单位 as the annex writes it → (levels of the offices that report, member units that report)
RESPONSIBLE = {
    "省三方办": (("province",), HRSS),
    "省人社厅": (("province",), HRSS),
    "各级三方办": (LEVELS, HRSS),
    "县级三方办": (("county",), HRSS),
    "市州三方办": (("city",), HRSS),
    "省、市三方办": (("province", "city"), HRSS),
    "省三方四家": (("province",), ALL_UNITS),
    "各级三方四家": (LEVELS, ALL_UNITS),
    "各级三方四家各创建主体": (LEVELS, ALL_UNITS),
    "各级人社部门": (LEVELS, HRSS),
}

SOURCE = "鄂人社发〔2023〕21号 附件《推进新时代和谐劳动关系创建活动工作任务表》"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "supervision" / "work_tasks.json"


def deadline_of(text):
    """完成时限 → the last day it allows (None for 长期): 2023年4月 → 2023-04-30, 2023年底 → 2023-12-31."""
    match = re.fullmatch(r"(\d{4})年(?:(\d{1,2})月|底)", text.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2) or 12)
    first_next = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def load_rows():
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for row in rows:
        levels, units = RESPONSIBLE[row["responsible"]]
        row.update(deadline=deadline_of(row["deadline_text"]), levels=list(levels), units=list(units))
    return rows
