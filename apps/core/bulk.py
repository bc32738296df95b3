"""Bulk writes at import speed, for the import engine's `write`s: PostgreSQL COPY for new rows and their
history rows, and one `UPDATE … FROM (VALUES …)` per batch for changed rows.

Django's bulk_create compiles an INSERT with a placeholder per value and prepares every value through its
field: of a 10,000-row enterprise import's seven seconds of writing, five went there
(bench/bench_enterprises.py). COPY streams the rows instead. What bulk_create does and these keep:
- primary keys come back on the objects (taken from the table's sequence before the COPY);
- every field's `pre_save` runs (auto_now and auto_now_add), and any field that is not a plain column type
  (an encrypted field, JSON, a file) is prepared by the field itself, so its stored value is what a save
  would store;
- no signals are sent: callers send their own bulk signal (e.g. enterprises_bulk_saved).
History rows are django-simple-history's own historical models, filled as its `bulk_history_create` fills
them (tracked fields, date, user, reason, "+" or "~").
"""

from django.db import connections, models, router
from django.utils import timezone

# column types whose Python value psycopg writes as the field would prepare it; exact types only, so that a
# subclass (an encrypted CharField) is always prepared by its own field
PLAIN = {models.AutoField, models.BigAutoField, models.CharField, models.TextField, models.SlugField,
         models.EmailField, models.IntegerField, models.BigIntegerField, models.SmallIntegerField,
         models.PositiveIntegerField, models.PositiveSmallIntegerField, models.PositiveBigIntegerField,
         models.BooleanField, models.ForeignKey, models.OneToOneField}
BATCH = 5000


def _connection(model):
    return connections[router.db_for_write(model)]


def _copy(connection, table, fields, rows):
    """COPY `rows` (lists of values for `fields`, already prepared) into `table`."""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
                for row in rows[start:start + BATCH]:
                    copy.write_row(row)


def _preparer(field, connection):
    """value → what the column gets: plain column types as they are, anything else through its field."""
    if type(field) in PLAIN:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def insert(model, objs):
    """INSERT `objs` (instances of `model`) with COPY; sets their primary keys. Returns objs."""
    if not objs:
        return objs
    connection = _connection(model)
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not getattr(f, "generated", False)]
    missing = [obj for obj in objs if obj.pk is None]
    if missing:
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [opts.db_table, opts.pk.column, len(missing)])
            for obj, (value,) in zip(missing, cursor.fetchall(), strict=True):
                setattr(obj, opts.pk.attname, value)
    prepared = [(f, _preparer(f, connection)) for f in fields]
    rows = [[f.pre_save(obj, True) if prep is None else prep(f.pre_save(obj, True)) for f, prep in prepared]
            for obj in objs]
    _copy(connection, opts.db_table, fields, rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def insert_history(model, objs, *, user=None, reason="", date=None, update=False):
    """The history rows of `objs` ("+" created, "~" changed), written with COPY: the columns simple-history's
    `bulk_history_create` fills (the tracked fields, date, user, reason, type), the rest at their defaults."""
    if not objs:
        return
    history = model.history.model
    connection = _connection(history)
    tracked = {f.name for f in history.tracked_fields}
    fixed = {"history_date": date or timezone.now(), "history_type": "~" if update else "+",
             "history_change_reason": reason, "history_user": getattr(user, "pk", None)}
    fields, cells = [], []  # per column: obj -> the value it gets
    for field in history._meta.concrete_fields:
        if field.primary_key:
            continue  # history_id: the column's own default
        fields.append(field)
        prep = _preparer(field, connection) or (lambda value: value)
        if field.name in tracked or field.name == "history_relation":
            name = "pk" if field.name == "history_relation" else field.attname
            cells.append(lambda obj, name=name, prep=prep: prep(getattr(obj, name)))
        else:  # the same for every row: prepared once
            value = fixed[field.name] if field.name in fixed else field.get_default()
            value = None if value is None else prep(value)
            cells.append(lambda obj, value=value: value)
    rows = [[cell(obj) for cell in cells] for obj in objs]
    _copy(connection, history._meta.db_table, fields, rows)


def insert_with_history(model, objs, *, user=None, reason="", date=None):
    """New rows and their "+" history rows: `simple_history.utils.bulk_create_with_history`, by COPY."""
    insert(model, objs)
    insert_history(model, objs, user=user, reason=reason, date=date)
    return objs


def update(model, objs, field_names, batch_size=2000):
    """UPDATE … FROM (VALUES …): one statement per batch, each value prepared by its field (so encrypted
    fields are encrypted). Django's bulk_update builds a CASE per field and row, about ten times slower."""
    connection = _connection(model)
    fields = [model._meta.get_field(name) for name in field_names]
    pk = model._meta.pk
    quote = connection.ops.quote_name
    columns = [pk.column, *(f.column for f in fields)]
    casts = [pk.db_type(connection), *(f.db_type(connection) for f in fields)]
    row_sql = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    column_list = ", ".join(quote(c) for c in columns)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            chunk = objs[start:start + batch_size]
            params = []
            for obj in chunk:
                params.append(obj.pk)
                params.extend(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields)
            cursor.execute(f"UPDATE {table} AS t SET {assignments} FROM (VALUES " + ", ".join([row_sql] * len(chunk))
                           + f") AS v({column_list}) WHERE t.{quote(pk.column)} = v.{quote(pk.column)}", params)
