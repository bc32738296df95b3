"""统计指标: the registry of every figure the dashboards, annual reports and bulletins show.

Each app declares its own figures (in `apps/<app>/figures.py`, found by `autodiscover()` when core starts, or
in its AppConfig.ready) as `Figure`s over `Source`s. The registry is core's shared machinery, like the import
engine: every layer above may declare or read figures; the pages that show them (the target dashboard) and the
warm-up job that recomputes the province's and cities' figures are apps.dashboards', which hands its job over
when it starts (`provide_warmer`), so core names no app above it.

- a `Source` is the rows of one model inside an area and what is counted of them (`counts`: summable
  aggregates such as Count or Sum). The registry computes a source for all direct children of an area in
  ONE statement (apps.core.aggregation: rows grouped by region path, folded into the child areas; the warm-up
  folds the province and every city from one grouping),
  whatever the number of children, and caches the result under a version token that any change to the
  models the source `watch`es replaces.
- a `Figure` is a count (`value=SOURCE["name"]`, summable) or a ratio (`numerator` / `denominator`, in
  percent), with its target where the plan sets one: a number, {year: number}, or a `Ref` computed like
  the value (e.g. a city's gold-medal quota), and the levels at which that target applies.

The rows a source reads are those a staff user of the area sees: `rows(area, year)` receives an
`AreaViewer` to pass to `visible_to`, and the registry keeps only rows inside the area's path on top of it,
so every value equals what that user's list pages count.

    from apps.core.figures import Figure, Source, register
    TITLES = Source("honours.titles", lambda area, year: DemonstrationTitle.objects.visible_to(area)
                    .filter(named_on__year=year), {"enterprises": Count("pk", filter=Q(kind="enterprise"))},
                    watch=("honours.DemonstrationTitle",))
    register(Figure("honours.titles_enterprises", "省级创建示范企业", "家", "示范创建",
                    value=TITLES["enterprises"], target=100, target_note="每两年评定 100 家"))
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from apps.core import querying, versions
from apps.core.aggregation import fold, per_child, per_path

logger = logging.getLogger(__name__)

GROUPS = ["参与创建", "服务站点", "协调员", "金牌协调员", "联系培育", "评价评估", "示范创建", "风险预警"]
LEVELS = ("province", "city", "county", "township")
CAMPAIGN_YEARS = list(range(2023, 2028))
CACHE_SECONDS = 300  # bounds what a bulk write that sends no signal could leave stale
DIRECT = ""  # the child key of rows at the area itself (a city-run park, a county's own training)


class AreaViewer:
    """What a staff user of `region` sees: pass it to `visible_to` like a user.

    Figures are computed per area, not per user, so that every user of the area shares one cached result;
    the view lets a user ask only for areas inside their own.
    """

    is_authenticated = True
    is_active = True
    is_superuser = False
    is_assignee = False
    enterprise_id = None
    pk = None

    def __init__(self, region):
        self.region = region
        self.scope_path = region.path

    def has_perm(self, perm):
        return False


@dataclass(frozen=True)
class Ref:
    """One count of one source: `SOURCE["name"]`."""

    source: Source
    name: str


@dataclass(frozen=True, eq=False)
class Source:
    key: str
    rows: Callable  # (area: AreaViewer, year: int) -> QuerySet of the rows to count
    counts: dict  # name -> a summable aggregate (Count, Sum), computed per child area in one statement
    path: str = ""  # lookup of the rows' region path; default: the model's scope_region_path
    yearly: bool = True  # False: the rows do not depend on the year (e.g. open risks today)
    watch: tuple = ()  # "app_label.Model" whose saves and deletes change the counts
    # a state (yearly=False) as it was on a past day: (area, day) -> the rows then, with the same path lookup;
    # without it a state is known only today, and a past year's value is None (shown as —), never today's
    as_of: Callable | None = None
    as_of_path: str = ""  # lookup of the region path in the as_of rows (e.g. "region__path" on a history table)
    # the warm-up folds the cities from the province's rows (`warm`); False where a row's counts depend on other
    # rows the viewer sees (a park is covered for an area by a station inside it, not by the province's)
    folds: bool = True

    def __getitem__(self, name):
        if name not in self.counts:
            raise KeyError(f"{self.key} has no count {name!r}")
        return Ref(self, name)

    def path_lookup(self, queryset):
        return self.path or queryset.model.scope_region_path


@dataclass(frozen=True, eq=False)
class Figure:
    key: str  # "<app>.<what>", e.g. "enterprises.participating"
    label: str  # 中文
    unit: str  # 家 / 个 / 名 / 件 / %
    group: str  # one of GROUPS (or a new group name)
    value: Ref | None = None  # a count figure
    numerator: Ref | tuple = ()  # a ratio figure: sum of these refs …
    denominator: Ref | tuple = ()  # … over the sum of these, in percent
    target: object = None  # number, {year: number}, or a Ref computed like the value
    target_levels: tuple = ()  # levels the target applies at; default: every level for ratios, province for counts
    level_targets: dict = field(default_factory=dict)  # level -> target, overriding `target` there
    target_note: str = ""  # the plan's words, e.g. "2027年底全覆盖"; shown also where no number applies
    higher_is_better: bool = True
    description: str = ""  # how it is counted (shown under the table)
    order: int = 100

    def __post_init__(self):
        if (self.value is None) == (not self.numerator):
            raise ValueError(f"{self.key}: declare value= (a count) or numerator=/denominator= (a ratio)")
        if self.numerator and not self.denominator:
            raise ValueError(f"{self.key}: a ratio needs a denominator")

    @property
    def is_ratio(self):
        return self.value is None

    @property
    def kind(self):
        return "ratio" if self.is_ratio else "count"

    def refs(self):
        return [self.value] if self.value is not None else [*refs_of(self.numerator), *refs_of(self.denominator)]

    def target_refs(self):
        return [t for t in [self.target, *self.level_targets.values()] if isinstance(t, Ref)]

    def sources(self):
        return {ref.source.key: ref.source for ref in [*self.refs(), *self.target_refs()]}

    @property
    def yearly(self):
        return any(ref.source.yearly for ref in self.refs())

    def target_spec(self, level):
        if level in self.level_targets:
            return self.level_targets[level]
        levels = self.target_levels or (LEVELS if self.is_ratio else ("province",))
        return self.target if level in levels else None


def refs_of(refs):
    """A ref or several (a tuple or list) as a tuple: what a figure's numerator, a counter's count, may be."""
    return refs if isinstance(refs, tuple | list) else (refs,)


# ---------------------------------------------------------------------------------------------- registry

_figures: dict[str, Figure] = {}


def register(*figures):
    for figure in figures:
        if figure.key in _figures and _figures[figure.key] is not figure:
            raise ValueError(f"figure {figure.key} registered twice")
        _figures[figure.key] = figure
        for source in figure.sources().values():
            _watch(source)
    return figures[0] if len(figures) == 1 else figures


def all_figures():
    order = {name: i for i, name in enumerate(GROUPS)}
    return sorted(_figures.values(), key=lambda f: (order.get(f.group, len(GROUPS)), f.order, f.key))


def get_figure(key):
    """The figure with this key, or None (a key typed into a URL is not an error worth a 500)."""
    return _figures.get(key)


def autodiscover():
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("figures")


# ------------------------------------------------------------------------- cache version, bumped on change

_watched = set()


def _watch(source):
    watch_models(source.watch)


def watch_models(labels):
    """Bump the version token of each of these models ("app_label.Model") whenever one of its rows is saved or
    deleted: what a source's `watch` and a home counter's `watch` (apps/core/dashboard.py) declare."""
    from django.db.models.signals import post_delete, post_save

    for label in labels:
        if label in _watched:
            continue
        _watched.add(label)
        # a lazy "app_label.Model" sender: the model need not be loaded when a figure is declared
        receiver = _bumper(label)
        post_save.connect(receiver, sender=label, weak=False, dispatch_uid=f"figures.save.{label}")
        post_delete.connect(receiver, sender=label, weak=False, dispatch_uid=f"figures.delete.{label}")


def _bumper(label):
    def bump_on_signal(**kwargs):
        bump(label)
    return bump_on_signal


def bump(*labels):
    """New version tokens for these models ("app_label.Model"; none: every model; apps.core.versions). Figures
    cached before the change and counting one of them are no longer used; once the change commits, a worker
    computes the figures of the province and the cities again (`warm_soon`), so that the next look is served
    from cache."""
    versions.bump(*labels)
    warm_soon()


Versions = versions.Versions
current_version = versions.current  # every model's token, read in one query


def figures_cache():
    """Shared by every web process and worker (Redis), so that what the warm-up computes serves the pages."""
    from django.core.cache import caches

    return caches["figures"]


# ------------------------------------------------------------------------------------------- computation


def state_day(year, cutoff=None):
    """The day a state (a source with yearly=False) is read for `year`: today for this year and later, the
    year's 31 December (or an earlier cut-off) for a past year; None when that is today."""
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    day = min(dt.date(year, 12, 31), cutoff or dt.date(year, 12, 31))
    return day if day < today else None


def end_of(day):
    """The first moment after `day` (Asia/Shanghai): rows saved before it existed on that day."""
    import datetime as dt

    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def history_as_of(model, area, day, **filters):
    """The rows of `model` as they were at the end of `day`, from its history table (django-simple-history):
    each row's latest version saved by then, deleted ones left out, inside the area's path."""
    return (model.history.filter(history_date__lt=end_of(day)).latest_of_each().exclude(history_type="-")
            .filter(region__path__startswith=area.region.path, **filters))


def _rows(source, region, year, day=None):
    """(queryset, path lookup) of the rows `source` counts inside `region`: `year`'s, or a state as it was on `day`."""
    if day is not None and not source.yearly:
        queryset = source.as_of(AreaViewer(region), day)
        path = source.as_of_path or source.path_lookup(queryset)
    else:
        queryset = source.rows(AreaViewer(region), year)
        path = source.path_lookup(queryset)
    return queryset.filter(**{f"{path}__startswith": region.path}), path


def _source_counts(source, region, year, versions, day=None, fresh=False, groups=None):
    """{child code: {count name: int}} of `source` inside `region` for `year`: one statement, cached. A state
    read on a past `day` comes from `source.as_of` (None when the source cannot tell). Province and city counts
    not yet computed for the current version are those the warm-up last computed (`served`), unless `fresh`.
    `groups`: the source's rows of an area around `region` already grouped by region path (the warm-up's one
    statement for the province and its cities), folded here instead of asking the database again."""
    if day is not None and not source.yearly and source.as_of is None:
        return None

    def compute():
        if groups is not None:
            return fold(groups, region.path, list(source.counts))
        queryset, path = _rows(source, region, year, day)
        return per_child(queryset, path, region.path, source.counts)

    key = _cache_key(source, region, year, versions)
    if day and not source.yearly:  # a past day's state: exact, computed on demand (the warm-up does not keep it)
        return served(key + f":{day:%Y%m%d}", None, region, compute, fresh=True)
    return served(key, _latest_key(source.key, region, year if source.yearly else "-"), region, compute, fresh)


def served(key, latest_key, region, compute, fresh=False):
    """The value cached under `key` (which names the data version it was computed from), else computed and cached.

    Stale-while-revalidate for the province and the cities (WARMED_LEVELS), whose figures the warm-up job keeps:
    while a change is new and the warm-up has not yet run, their pages show the value last computed for the area
    (`latest_key`, kept LATEST_SECONDS) and make sure a warm-up is queued, instead of aggregating the whole
    province in the request at every edit (issue 23: edits every second kept the figures always cold). Without
    warm-ups (DASHBOARD_WARMUP off: the tests, a single process) every change shows at once, computed here."""
    hit = _cached(lambda cache: cache.get(key))
    if hit is not None:
        return hit
    if not fresh and latest_key and _serves_stale(region):
        latest = _cached(lambda cache: cache.get(latest_key))
        if latest is not None:
            warm_soon()
            return latest
    value = compute()

    def store(cache):
        cache.set(key, value, CACHE_SECONDS)
        if latest_key:
            cache.set(latest_key, value, LATEST_SECONDS)
    _cached(store)
    return value


WARMED_LEVELS = ("province", "city")
LATEST_SECONDS = 3600  # a worker that stopped warming leaves figures at most this old before pages compute again


def _serves_stale(region):
    from django.conf import settings

    return getattr(settings, "DASHBOARD_WARMUP", True) and region.level in WARMED_LEVELS


def _latest_key(name, region, variant):
    return f"latest:{name}:{region.path}:{variant}"


def area_value(name, region, watch, compute, fresh=False, versions=None):
    """A number about one area that is not a figure (a home page counter, apps/core/dashboard.py): cached per
    version of the models it counts (`watch`) and served like the figures (`served`); `compute()` counts it."""
    versions = current_version() if versions is None else versions
    variant = current_year()  # a counter of "this year" turns over with the year
    key = f"{versions.of_models(watch)}:{name}:{region.path}:{variant}"
    return served(key, _latest_key(name, region, variant), region, compute, fresh)


def _cached(operation):
    """A figures-cache operation; when Redis cannot be reached the page computes its figures (slower, never
    wrong) instead of failing."""
    try:
        return operation(figures_cache())
    except Exception:  # noqa: BLE001 - redis-py's ConnectionError and timeouts
        logger.warning("dashboard figures cache unavailable", exc_info=True)
        return None


def _cache_key(source, region, year, versions):
    return f"{versions.of(source)}:{source.key}:{region.path}:{year if source.yearly else '-'}"


def all_sources():
    sources = {}
    for figure in all_figures():
        sources.update(figure.sources())
    return list(sources.values())


def warm(regions, years=None, versions=None):
    """Compute (or find cached) every source of every figure for these areas and years; returns how many
    were computed. Per-child counts serve an area's own figures, its trend and its bars by sub-area at once.

    Each source and year is asked of the database once, for the widest of the areas (the province), grouped by
    region path; every area inside it is folded from those groups. An area's rows are its parent's rows inside
    its path (a source reads them through `visible_to`, whose rules reach areas above, never beside, and the
    registry keeps only rows inside the area's path), unless the source says otherwise (`folds`): a city asked
    on its own read the whole ledger again for its few thousand rows, so the 17 cities cost four times the
    province (issue 23)."""
    versions = current_version() if versions is None else versions
    years = years or CAMPAIGN_YEARS
    widest = min(regions, key=lambda region: len(region.path))
    outside = [region for region in regions if not region.path.startswith(widest.path)]
    computed = 0
    wanted = {_cache_key(source, region, year, versions): (source, region, year)
              for region in regions for year in years for source in all_sources()
              if source.yearly or year == years[0]}  # rows that do not depend on the year: once
    cached = _cached(lambda cache: cache.get_many(list(wanted))) or {}
    missing = {}
    for key, (source, region, year) in wanted.items():
        if key not in cached:
            missing.setdefault((source, year), []).append(region)
    for (source, year), areas in missing.items():
        groups = None
        if source.folds and len(areas) > 1 and not any(region in outside for region in areas):
            groups = per_path(*_rows(source, widest, year), source.counts)
        for region in areas:
            _source_counts(source, region, year, versions, fresh=True, groups=groups)
            computed += 1
    return computed


WARM_PENDING = "warm-pending"
WARM_RUNNING = "warm-running"

# the warm-up job (a Celery task with apply_async): apps.dashboards' (dashboards.tasks.warm_figures), handed over
# when it starts; without it (no dashboards app) figures are computed on the next look, never queued
_warmer = None


def provide_warmer(task):
    """Called once by apps.dashboards with its warm-up task."""
    global _warmer
    _warmer = task


def warm_soon():
    """After the change commits, queue one warm-up (a second change before it starts queues nothing more): at
    most one warm-up is pending and one running (dashboards.tasks.warm_figures), however many edits there are."""
    from django.conf import settings
    from django.db import transaction

    if not getattr(settings, "DASHBOARD_WARMUP", True) or _warmer is None:
        return

    def queue():
        try:
            cache = figures_cache()
            if cache.add(WARM_PENDING, 1, WARM_DEBOUNCE_SECONDS):
                _warmer.apply_async(countdown=warm_countdown(cache.get(WARM_STARTED)))
        except Exception:  # noqa: BLE001 - Redis away: the change is saved; figures are computed on the next look
            logger.warning("dashboard warm-up not queued", exc_info=True)
    transaction.on_commit(queue)


WARM_DELAY_SECONDS = 5  # an import's or a form's several saves are one change
WARM_DEBOUNCE_SECONDS = 600  # a lost worker cannot keep warm-ups from being queued for longer
# one warm-up starts at most this often: under edits every second (the peak week) the worker recomputes the
# province's and cities' figures twice a minute at most instead of without pause, and their pages lag that much
WARM_EVERY_SECONDS = 30
WARM_STARTED = "warm-started"  # when the last warm-up started (time.time())


def warm_countdown(last_started, now=None):
    """Seconds until the next warm-up may start: WARM_DELAY_SECONDS, or later to keep WARM_EVERY_SECONDS apart."""
    import time

    if last_started is None:
        return WARM_DELAY_SECONDS
    now = time.time() if now is None else now
    return max(WARM_DELAY_SECONDS, round(last_started + WARM_EVERY_SECONDS - now))


class Computation:
    """The sources of some figures for one area and year, each computed once (per child area)."""

    def __init__(self, region, year, version=None, day=None):
        self.region, self.year, self.day = region, year, day
        self.version = current_version() if version is None else version
        self._counts = {}

    def counts(self, source):
        if source.key not in self._counts:
            self._counts[source.key] = _source_counts(source, self.region, self.year, self.version, self.day)
        return self._counts[source.key]

    def total(self, refs, child=None):
        """Sum of these refs over the whole area (child None) or inside one child area (None: not known)."""
        result = 0
        for ref in refs_of(refs):
            rows = self.counts(ref.source)
            if rows is None:
                return None
            if child is None:
                result += sum(int(row.get(ref.name) or 0) for row in rows.values())
            else:
                result += int(rows.get(child, {}).get(ref.name) or 0)
        return result


@dataclass
class FigureValue:
    """A figure's value for one area and year, with its target and how much of it is reached."""

    figure: Figure
    region: object  # the Region, or None for the rows directly at the parent area (本级直属)
    year: int
    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None
    target: float | int | None = None
    name: str = ""

    @property
    def reached(self):
        """Share of the target reached, in percent (one decimal), or None without a target."""
        if self.target in (None, 0) or self.value is None:
            return None
        return round(100 * float(self.value) / float(self.target), 1)

    @property
    def met(self):
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target if self.figure.higher_is_better else self.value <= self.target

    @property
    def key(self):
        return self.figure.key


def _ratio(numerator, denominator):
    return round(100 * numerator / denominator, 1) if denominator and numerator is not None else None


def _target(figure, level, year, computation, child):
    spec = figure.target_spec(level)
    if isinstance(spec, Ref):
        return computation.total(spec, child) or None  # nothing set (e.g. no quota handed down): no target
    if isinstance(spec, dict):
        spec = spec.get(year)
    if isinstance(spec, Decimal):
        spec = float(spec)
    return spec


def _value(figure, computation, region, name, child=None, level=None):
    level = level or region.level
    if figure.is_ratio:
        num, den = computation.total(figure.numerator, child), computation.total(figure.denominator, child)
        value = _ratio(num, den)
    else:
        num = den = None
        value = computation.total(figure.value, child)
    return FigureValue(figure=figure, region=region, year=computation.year, value=value, numerator=num,
                       denominator=den, target=_target(figure, level, computation.year, computation, child),
                       name=name)


def _figures_for(keys):
    if keys is None:
        return all_figures()
    return [f for f in (get_figure(k) for k in keys) if f is not None]


def area_figures(region, year, keys=None, version=None, cutoff=None):
    """Each figure's value for the whole area (a province, city or county Region) in `year`; a state (e.g.
    coordinators on duty) as it was at the end of a past year, or on `cutoff` if earlier (state_day)."""
    computation = Computation(region, year, version, day=state_day(year, cutoff) if cutoff else None)
    return [_value(f, computation, region, region.full_name or region.name) for f in _figures_for(keys)]


def children_of(region):
    return list(region.children.order_by("code"))


def sub_area_figures(region, year, key, children=None, version=None, cutoff=None, computation=None):
    """The figure's value in each direct child area (cities under the province, counties under a city,
    townships under a county), then a 本级直属 row for rows at the area itself, if there are any."""
    figure = get_figure(key)
    if figure is None:
        return []
    computation = computation or Computation(region, year, version,
                                             day=state_day(year, cutoff) if cutoff else None)
    children = children_of(region) if children is None else children
    rows = [_value(figure, computation, child, child.name, child=child.code) for child in children]
    direct = [(computation.counts(ref.source) or {}).get(DIRECT) for ref in figure.refs()]
    if any(row and any(row.values()) for row in direct):
        rows.append(_value(figure, computation, None, "（本级直属）", child=DIRECT, level=region.level))
    return rows


def figure_series(region, key, years=None, version=None):
    """The figure's value for the whole area in each year (2023–2027 by default): the trend."""
    figure = get_figure(key)
    if figure is None:
        return []
    version = current_version() if version is None else version
    return [_value(figure, Computation(region, year, version), region, str(year))
            for year in (years or CAMPAIGN_YEARS)]


def years_so_far(today=None):
    """The campaign years up to this one: a trend never plots a year still to come (as 0)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return [y for y in CAMPAIGN_YEARS if y <= today.year] or CAMPAIGN_YEARS[:1]


current_year = querying.current_year  # one definition (apps/core/querying.py)
