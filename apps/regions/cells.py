"""The 所在区划代码 column of a ledger: its widget and the whole-file check of the regions it names (the other
cell parsers are the widgets of apps/core/widgets.py)."""

from import_export import widgets

from apps.core.spreadsheets import text

from .models import Region


class RegionCodeWidget(widgets.ForeignKeyWidget):
    """A 统计用区划代码 cell (2 to 12 digits). The portal's parse (`cell`) only reads the code: which region it
    names and whether it lies in the user's area is checked for the whole file at once by the importer
    (RegionLookupWidget below); import-export's own `clean` still looks the region up (the
    benchmark's baseline)."""

    plain = True

    def __init__(self, **kwargs):
        super().__init__(Region, "code", **kwargs)

    def cell(self, value):
        code = text(value)
        if code and not (code.isdigit() and 2 <= len(code) <= 12):
            raise ValueError(f"“{code}”不是区划代码（应为 2–12 位数字）")
        return code or None

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


def regions_named(codes, user):
    """The regions these codes name ({code: region}) and the codes of those inside the user's area."""
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    visible = set(Region.objects.visible_to(user).filter(code__in=codes).values_list("code", flat=True))
    return regions, visible


class RegionLookupWidget(RegionCodeWidget):
    """A 区划代码 column whose region the import engine finds for the whole file at once
    (apps.core.imports.Importer.read_rows): one query, the row's value becomes the Region. `levels` are the
    levels the ledger accepts; the messages ({code}, {region}, {area}: the user's area) are the ledger's words
    for a code that names no region, one outside the user's area, one of another level (default: the outside
    message). `offered`: the levels the template lists (default `levels`)."""

    def __init__(self, unknown, outside, wrong_level=None, levels=None, listed=False, offered=None, **kwargs):
        self.unknown, self.outside, self.levels, self.listed = unknown, outside, levels, listed
        self.offered = offered or levels
        self.wrong_level = wrong_level or outside
        super().__init__(**kwargs)

    def template_values(self, user):
        """`listed`: the template offers the codes of the user's area as a drop-down and lists them with
        their names on a 区划代码 sheet."""
        regions = Region.objects.visible_to(user).order_by("code")
        if self.offered:
            regions = regions.filter(level__in=self.offered)
        rows = [[r.code, r.name, r.full_name, r.get_level_display()] for r in regions.only(
            "code", "name", "full_name", "level")] if self.listed else []
        return [row[0] for row in rows], rows and ("区划代码", ["区划代码", "名称", "全称", "层级"], rows, {"全称": 40})

    def lookup(self, codes, user):
        regions, visible = regions_named(codes, user)
        area = user.region.full_name if getattr(user, "region", None) else "您的管辖区域"

        def find(code, values):
            region = regions.get(code)
            if region is None:
                raise ValueError(self.unknown.format(code=code))
            if code not in visible:
                raise ValueError(self.outside.format(code=code, region=region, area=area))
            if self.levels and region.level not in self.levels:
                raise ValueError(self.wrong_level.format(code=code, region=region))
            return region
        return find
