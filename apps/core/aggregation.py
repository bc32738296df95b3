"""The generic per-area aggregation: counts of any scoped queryset per region path, in one statement, folded into
the child areas of one area. The figure registry (apps/core/figures.py) and the coordinators' structure page use
it; whatever else folds region paths into child areas calls `child_code`."""

from django.db.models import F


def child_code(path, parent_path):
    """The code of the child area of `parent_path` that the region path `path` lies in ('' for the parent itself):
    paths are materialised ("42/4201/420102/"), so the child is the first segment after the parent's."""
    return path[len(parent_path):].split("/", 1)[0]


def per_path(queryset, path_lookup, aggregates):
    """{region path: {name: value}} of `queryset`: ONE statement grouped by the rows' region path (an indexed
    column, ~1,600 groups at most in the province), so that any area above them can be folded from it."""
    inner = queryset.values(rpath=F(path_lookup)).annotate(**aggregates).order_by()
    return {row.pop("rpath"): row for row in inner}


def fold(groups, parent_path, names):
    """The per-path `groups` inside `parent_path`, summed per child area: {child code: {name: int}}. The counts are
    summable (Count, Sum: a Sum over no value counts 0), so one grouping of the province serves every city."""
    children = {}
    for path, values in groups.items():
        if path is None or not path.startswith(parent_path):
            continue
        sums = children.setdefault(child_code(path, parent_path), dict.fromkeys(names, 0))
        for name in names:
            sums[name] += int(values[name] or 0)
    return children


def per_child(queryset, path_lookup, parent_path, aggregates):
    """Aggregates of `queryset` per child region of `parent_path`, in ONE statement: {child code: {name: value}}
    ('' = rows at the parent itself)."""
    return fold(per_path(queryset, path_lookup, aggregates), parent_path, list(aggregates))
