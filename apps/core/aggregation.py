"""The generic per-area aggregation: counts of any scoped queryset folded into the child areas of one area, in
one statement. The figure registry (apps/core/figures.py) and the coordinators' structure page use it."""

from django.db import connection
from django.db.models import F


def per_child(queryset, path_lookup, parent_path, aggregates):
    """Aggregates of `queryset` per child region of `parent_path`, in ONE statement.

    The inner query groups by the rows' region path (an indexed column, ~1,500 groups at most); the outer
    query folds those groups into the child regions with split_part, so the string work is done on the
    groups, not on every row. Returns {child code: {name: value}} ('' = rows at the parent itself).
    """
    inner = queryset.values(rpath=F(path_lookup)).annotate(**aggregates).order_by()
    sql, params = inner.query.sql_with_params()
    sums = ", ".join(f'COALESCE(SUM(t."{name}"), 0)::bigint AS "{name}"' for name in aggregates)
    outer = f"SELECT split_part(substring(t.\"rpath\" from %s), '/', 1) AS child, {sums} FROM ({sql}) t GROUP BY 1"
    with connection.cursor() as cursor:
        cursor.execute(outer, [len(parent_path) + 1, *params])
        names = [col[0] for col in cursor.description]
        return {row[0]: dict(zip(names[1:], row[1:], strict=True)) for row in cursor.fetchall()}
