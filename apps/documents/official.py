"""Words of official documents: issuing bodies by level, dates in Chinese, 文号."""

from apps.accounts.models import MemberUnit

FULL_UNIT_NAMES = {
    "hrss": ("人力资源和社会保障厅", "人力资源和社会保障局"),
    "union": ("总工会", "总工会"),
    "confed": ("企业联合会/企业家协会", "企业联合会/企业家协会"),
    "fic": ("工商业联合会", "工商业联合会"),
}


def issuing_bodies(region, units=None):
    """The tripartite bodies of a region, as named in the red header of a joint notice."""
    units = units or MemberUnit.values
    prefix = "湖北省" if region.level == "province" else region.full_name
    return [prefix + FULL_UNIT_NAMES[u][0 if region.level == "province" else 1] for u in units]



def chinese_date(value):
    """2026年11月25日, as official documents write dates (GB/T 9704 uses Arabic numerals)."""
    return f"{value.year}年{value.month}月{value.day}日"


def numbered_groups(rows):
    """(name, city) rows in order → [{"city", "units": [(seq, name), …]}], numbered through, for an annex list."""
    groups = []
    for seq, (name, city) in enumerate(rows, 1):
        if not groups or groups[-1]["city"] != city:
            groups.append({"city": city, "units": []})
        groups[-1]["units"].append((seq, name))
    return groups
