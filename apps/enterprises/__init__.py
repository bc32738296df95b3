"""Enterprises and the creation ledger."""


def uscc_region_mismatch(uscc, region_code):
    """A warning (never a refusal) when the code's 3rd–8th characters — the area of the registering
    authority — lie outside the chosen county's line: another county, another city, another province (often a
    typo). A registration at the county itself or at any level above it (the city's or the province's market
    regulation bureau: 420100, 420000) is normal and says nothing. '' when no warning is due."""
    part = (uscc or "")[2:8]
    county = (region_code or "")[:6]
    if len(part) != 6 or not part.isdigit() or len(county) != 6:
        return ""
    # the statistics code of the area the part names: a county (420102), a city (420100 → 4201), the province
    # (420000 → 42); the county's line is the county and the codes it starts with
    named = part[:2] if part.endswith("0000") else part[:4] if part.endswith("00") else part
    if county.startswith(named):
        return ""
    from apps.regions.models import Region

    names = dict(Region.objects.filter(code__in=[named, county]).values_list("code", "full_name"))
    if named == "42":
        names[named] = "湖北省"
    said = f"{part}（{names[named]}）" if named in names else part
    return (f"统一社会信用代码第 3–8 位（登记管理机关行政区划码）为 {said}，与所选区划{names.get(county, county)}"
            f"（{county}）不一致，请核对。")
