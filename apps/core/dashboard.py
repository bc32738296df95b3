"""What apps register for the landing pages: home-page counters (each counted through visible_to) and panels."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from . import figures
from . import versions as data_versions


@dataclass(frozen=True)
class Counter:
    label: str
    # (user) -> int, always computed over rows visible to the user; or a figure's count (a `Ref` of a source:
    # `ENTERPRISES["total"]`, or a tuple of them added up), this year's in the user's area: the same number the
    # dashboard shows, cached and warmed with the figures (the province and the cities folded from one
    # statement), not counted again
    count: Callable | figures.Ref | tuple
    url_name: str = ""
    permission: str = ""
    unit: str = "个"
    order: int = 100
    # Office levels the counter means something to (e.g. "下辖县级单位" only above the county); empty: all.
    levels: tuple = ()
    # Query string the 查看 link carries, so the list opens filtered as the counter counted (may be a callable).
    query: object = ""
    # "app_label.Model"s whose rows the count depends on. Declared: the count depends only on the user's area (it is
    # `count(AreaViewer(area))`), so it is cached per area and data version with the dashboard figures, and the
    # province's and the cities' counters are computed by the warm-up job, not in the request. Empty: a count of
    # the user's own (e.g. what awaits their review), computed in the request.
    watch: tuple = ()
    # a figure counter: refs whose counts are taken off `count` (e.g. units less those covered: the gaps)
    less: tuple = ()

    @property
    def is_figure(self):
        return all(isinstance(ref, figures.Ref) for ref in figures.refs_of(self.count))

    def figure_value(self, computation=None, user=None):
        """A figure counter's value in the computation's area, or over every row `user` sees (a superuser
        without an office area)."""
        if computation is not None:
            return computation.total(self.count) - computation.total(self.less)

        def over_rows(refs):
            year = figures.current_year()
            return sum(ref.source.rows(user, year).aggregate(n=ref.source.counts[ref.name])["n"] or 0
                       for ref in figures.refs_of(refs))
        return over_rows(self.count) - over_rows(self.less)


_counters: list[Counter] = []


def register_counter(counter: Counter):
    _counters.append(counter)
    if counter.is_figure:
        return  # its source watches its models and is warmed with the figures
    if counter.watch:
        figures.watch_models(counter.watch)  # cached per area with the figures (apps/core/figures.py)


def _area_of(user):
    """The region a staff user's counters are counted over (their office's), or None."""
    return user.office.region if getattr(user, "office_id", None) and getattr(user, "scope_path", None) else None


def _area_count(counter, region, fresh=False, versions=None):
    return figures.area_value(f"counter.{counter.label}", region, counter.watch,
                              lambda: counter.count(figures.AreaViewer(region)), fresh=fresh, versions=versions)


def warm_counters(regions):
    """Compute the area counters of these regions (the warm-up job: province and cities); returns how many."""
    versions = data_versions.current()
    computed = 0
    for region in regions:
        for counter in _counters:
            if counter.watch and not counter.is_figure and (not counter.levels or region.level in counter.levels):
                _area_count(counter, region, fresh=True, versions=versions)
                computed += 1
    return computed


def user_level(user):
    """The level of the user's office region (a superuser counts as the province); None without an office."""
    if getattr(user, "office_id", None):
        return user.office.region.level
    return "province" if user.is_superuser else None


def home_counters(user):
    shown = []
    level = user_level(user)
    area, versions, computation = _area_of(user), None, None
    for counter in sorted(_counters, key=lambda c: c.order):
        if counter.permission and not user.has_perm(counter.permission):
            continue
        if counter.levels and level not in counter.levels:
            continue
        try:
            url = reverse(counter.url_name) if counter.url_name else ""
        except NoReverseMatch:
            url = ""
        query = counter.query() if callable(counter.query) else counter.query
        if url and query:
            url = f"{url}?{query}"
        if area is not None and (counter.is_figure or counter.watch) and versions is None:
            versions = data_versions.current()  # read once: every counter of the page from the same data
        if counter.is_figure and area is not None:
            computation = computation or figures.Computation(area, figures.current_year(), versions)
            value = counter.figure_value(computation)
        elif counter.is_figure:  # a superuser without an office area: every row they see
            value = counter.figure_value(user=user)
        elif counter.watch and area is not None:
            value = _area_count(counter, area, versions=versions)
        else:
            value = counter.count(user)
        shown.append({"label": counter.label, "value": value, "url": url, "unit": counter.unit})
    return shown


@dataclass(frozen=True)
class Panel:
    """A block of a landing page that an app supplies: its template, rendered with `context(subject)` as `panel`
    (a None context hides the block). `page` is where it shows: "home" (the staff home page, between the heading
    and the counters; the subject is the user) or "enterprise" (an enterprise account's own page; the subject is
    its enterprise). An app above the page's own app shows itself there without the page importing it."""

    template: str
    context: Callable  # (subject) -> dict or None
    order: int = 100
    page: str = "home"


_panels: list[Panel] = []


def register_panel(panel: Panel):
    _panels.append(panel)


def panels(page, subject):
    """The blocks registered for `page`, in order, each with its context for `subject` (hidden ones left out)."""
    shown = []
    for panel in sorted((p for p in _panels if p.page == page), key=lambda p: p.order):
        context = panel.context(subject)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown


def home_panels(user):
    return panels("home", user)
