"""创建目标看板: every figure of the registry for one area and year, against the plan's targets.

What a page shows is assembled here from apps/core/figures.py (aggregates in SQL, cached per figures
version), so the page, its tables, its Excel files and the home-page strip read the same numbers.
"""

from dataclasses import dataclass, field

from django.apps import apps as django_apps

from apps.core import figures

DEFAULT_FIGURE = "enterprises.participating"
# the plan's biennial naming (鄂人社发〔2023〕21号), shown where the honours app that counts it is not installed
TITLES_TARGET = "每两年命名省级创建示范企业100家、示范工业园区10家左右；命名满三年复核"
# city-level and county-level units the boundary source draws no outline for (static/maps/README.md)
UNDRAWN = {"421071": "荆州经济技术开发区", "421171": "龙感湖管理区"}
# the four units the province governs directly: their children are townships, their map their own outline
DIRECT_UNITS = {"429004", "429005", "429006", "429021"}
HOME_FIGURES = ("enterprises.participating", "parks.participating", "parks.townships_participating",
                "stations.coverage", "coordinators.coverage", "coordinators.training_counties",
                "coordinators.gold_medals", "enterprises.contact_offices")


@dataclass
class Board:
    area: object  # Region
    year: int
    figure: figures.Figure  # the figure the trend, the bars and the map show
    targets: list = field(default_factory=list)  # [(group, [FigureValue])]
    trend: list = field(default_factory=list)  # [FigureValue] per campaign year
    areas: list = field(default_factory=list)  # [FigureValue] per child area (本级直属 last)
    titles_installed: bool = False

    @property
    def sub_level(self):
        return {"province": "市（州）", "city": "县（市、区）", "county": "乡镇（街道）"}.get(self.area.level, "")

    @property
    def map_code(self):
        """The boundary file drawn for this area (static/maps/hubei/<code>.json), or '' when there is none."""
        if self.area.level == "province":
            return "420000"
        if self.area.level == "city":
            return self.area.code
        return ""

    def map_data(self):
        """What the map script needs: each drawn unit's code, name, value and where a click leads."""
        if self.area.code in DIRECT_UNITS:  # the unit's own outline, coloured by the unit's value
            value = area_value(self.area, self.year, self.figure)
            units = [{"code": self.area.code, "name": self.area.name, "value": value.value, "drill": False}]
        else:
            units = [{"code": row.region.code, "name": row.region.name, "value": row.value,
                      "drill": self.area.level == "province" or row.region.level == "county"}
                     for row in self.areas if row.region is not None]
        from django.templatetags.static import static

        return {"map": self.map_code, "geojson": static(f"maps/hubei/{self.map_code}.json") if self.map_code else "",
                "figure": self.figure.label, "unit": self.figure.unit,
                "units": units, "undrawn": [u["name"] for u in units if u["code"] in UNDRAWN]}

    def trend_data(self):
        return {"figure": self.figure.label, "unit": self.figure.unit,
                "years": [str(v.year) for v in self.trend], "values": [v.value for v in self.trend],
                "targets": [v.target for v in self.trend]}

    def areas_data(self):
        return {"figure": self.figure.label, "unit": self.figure.unit, "level": self.sub_level,
                "names": [row.name for row in self.areas], "values": [row.value for row in self.areas],
                "targets": [row.target for row in self.areas]}


def area_value(area, year, figure):
    return figures.area_figures(area, year, keys=[figure.key])[0]


def grouped(values):
    groups = {}
    for value in values:
        groups.setdefault(value.figure.group, []).append(value)
    order = {name: i for i, name in enumerate(figures.GROUPS)}
    return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))


def build(area, year, figure_key):
    figure = figures.get_figure(figure_key) or figures.get_figure(DEFAULT_FIGURE) or figures.all_figures()[0]
    # the biennial titles are counted by apps.honours' own figures (group 示范创建) once it is installed
    titles = django_apps.is_installed("apps.honours") and any(f.group == "示范创建" for f in figures.all_figures())
    board = Board(area=area, year=year, figure=figure, titles_installed=titles)
    version = figures.current_version()  # one read: every figure of the page from the same data
    board.targets = grouped(figures.area_figures(area, year, version=version))
    board.trend = figures.figure_series(area, figure.key, years=figures.years_so_far(), version=version)
    if area.level != "township":
        board.areas = figures.sub_area_figures(area, year, figure.key, version=version)
    return board


def home_strip(user):
    """The home page's strip: the area's headline figures this year against their targets."""
    from apps.regions.areas import own_area

    area = own_area(user)
    if area is None:
        return None
    year = figures.current_year()
    values = figures.area_figures(area, year, keys=HOME_FIGURES)
    return {"area": area, "year": year, "values": values}
