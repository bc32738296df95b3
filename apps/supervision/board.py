"""The board (工作任务督办): every task's state by level inside an area, in a fixed handful of queries.

For each task and level: how many offices must report (the annex's 责任单位 mapped in annex.py), how many
reported this quarter, how many marked it completed, and — past a task's deadline — how many have not.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from apps.accounts.models import Office
from apps.core.aggregation import child_code
from apps.regions.models import Region

from .models import TaskProgress, WorkTask, quarter_of

LEVELS = ("province", "city", "county")


@dataclass
class Cell:
    level: str
    responsible: int = 0
    reported: int = 0
    completed: int = 0
    overdue: int = 0
    applies: bool = False

    @property
    def missing(self):
        return max(0, self.responsible - self.reported)


@dataclass
class Row:
    task: WorkTask
    cells: list = field(default_factory=list)
    overdue_day: bool = False

    @property
    def totals(self):
        return Cell("all", *(sum(getattr(c, f) for c in self.cells) for f in ("responsible", "reported",
                                                                              "completed", "overdue")), True)


def office_counts(area):
    """{(level, unit): number of offices} inside the area."""
    rows = (Office.objects.filter(region__path__startswith=area.path).values("region__level", "member_unit")
            .annotate(n=Count("pk")).order_by())
    return {(r["region__level"], r["member_unit"]): r["n"] for r in rows}


def progress_counts(area, year, quarter):
    """({(task, level): offices reporting this quarter}, {(task, level): offices that marked it completed}),
    in one pass over the area's progress rows."""
    rows = (TaskProgress.objects.filter(office__region__path__startswith=area.path)
            .values("task_id", "office__region__level")
            .annotate(reported=Count("office", distinct=True, filter=Q(year=year, quarter=quarter)),
                      completed=Count("office", distinct=True, filter=Q(status=TaskProgress.Status.COMPLETED)))
            .order_by())
    reported, completed = {}, {}
    for r in rows:
        key = (r["task_id"], r["office__region__level"])
        reported[key], completed[key] = r["reported"], r["completed"]
    return reported, completed


def board(area, year=None, quarter=None, today=None):
    today = today or timezone.localdate()
    if year is None or quarter is None:
        year, quarter = quarter_of(today)
    levels = [lv for lv in LEVELS if Region.Level.values.index(lv) >= Region.Level.values.index(area.level)]
    offices = office_counts(area)
    reported, completed = progress_counts(area, year, quarter)
    rows = []
    for task in WorkTask.objects.all():
        row = Row(task, overdue_day=task.is_overdue_on(today))
        for level in levels:
            cell = Cell(level, applies=level in task.levels)
            if cell.applies:
                cell.responsible = sum(offices.get((level, unit), 0) for unit in task.units)
                cell.reported = reported.get((task.pk, level), 0)
                cell.completed = min(cell.responsible, completed.get((task.pk, level), 0))
                if row.overdue_day:
                    cell.overdue = cell.responsible - cell.completed
            row.cells.append(cell)
        rows.append(row)
    return {"rows": rows, "levels": levels, "year": year, "quarter": quarter}


@dataclass
class OfficeState:
    office: Office
    latest: TaskProgress | None
    this_quarter: bool
    overdue: bool

    @property
    def completed(self):
        return self.latest is not None and self.latest.status == TaskProgress.Status.COMPLETED


def task_offices(task, area, year, quarter, today=None):
    """Each responsible office inside the area with its latest progress: the drill-down of one task."""
    today = today or timezone.localdate()
    offices = list(Office.objects.filter(region__path__startswith=area.path, region__level__in=task.levels,
                                         member_unit__in=task.units).select_related("region")
                   .order_by("region__path", "member_unit")[:500])
    latest = {p.office_id: p for p in TaskProgress.objects.filter(task=task, office__in=offices).latest_per_office()}
    quarter_ids = set(TaskProgress.objects.filter(task=task, office__in=offices, year=year, quarter=quarter)
                      .values_list("office_id", flat=True))
    states = []
    for office in offices:
        p = latest.get(office.pk)
        done = p is not None and p.status == TaskProgress.Status.COMPLETED
        states.append(OfficeState(office, p, office.pk in quarter_ids, task.is_overdue_on(today) and not done))
    return states


def task_children(task, area, year, quarter):
    """Per child area (cities under the province, counties under a city): responsible, reported, completed."""
    children = list(Region.objects.filter(parent=area).exclude(level=Region.Level.TOWNSHIP).order_by("code"))
    if not children:
        return []
    offices = Office.objects.filter(region__path__startswith=area.path, region__level__in=task.levels,
                                    member_unit__in=task.units).exclude(region=area)
    per_child = {}
    for path in offices.values_list("region__path", flat=True):
        per_child.setdefault(child_code(path, area.path), [0, 0, 0])[0] += 1
    progress = TaskProgress.objects.filter(task=task, office__in=offices)
    for index, rows in ((1, progress.filter(year=year, quarter=quarter)),
                        (2, progress.filter(status=TaskProgress.Status.COMPLETED))):
        for path, _office in rows.values_list("office__region__path", "office").distinct():
            per_child.setdefault(child_code(path, area.path), [0, 0, 0])[index] += 1
    return [(child, *per_child.get(child.code, [0, 0, 0])) for child in children]
