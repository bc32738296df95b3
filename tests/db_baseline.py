"""The migrated state of the test database, kept aside and put back after each transactional test.

Django ends a transactional test (live server, real Celery worker) by truncating every table and re-running
post_migrate (content types, permissions, the role groups), which leaves the database without what the data
migrations loaded: the region tree, the first indicator sets, the work tasks. Here the rows present right after
`migrate` are copied once into the schema `test_baseline` of the test database; a transactional test ends by
deleting the rows of the tables it filled and copying the baseline back (milliseconds, not seconds), so every
test, in whatever order and on whichever pytest-xdist worker, starts from the migrated state.

The copy is reused by the next run (`--reuse-db`) while the applied migrations are the same; when they differ
(a new migration) or no copy exists in a database this run did not create, the test database is created anew
so that the copy is taken from a freshly migrated one.

Under pytest-xdist the migrations run once per run, not once per worker: the first worker to get the lock
migrates (or brings up to date) the database `<test database>_template` and takes the copy in it; each
worker's database is then made from it by `CREATE DATABASE … TEMPLATE` (a file copy, a second or so).
"""

import fcntl
import hashlib
import os
import tempfile
import time

from django.db import connections, transaction

SCHEMA = "test_baseline"
FORMAT = "1"  # change to retake every copy when what is copied changes
STARTED = time.time()


def _tables(connection):
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _migrations_key(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        applied = cursor.fetchall()
    return hashlib.sha256(repr((FORMAT, applied)).encode()).hexdigest()


def _stored_key(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{SCHEMA}.key"])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT key FROM {SCHEMA}.key")
        row = cursor.fetchone()
    return row[0] if row else None


def _created_in_this_run(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(applied) FROM django_migrations")
        first = cursor.fetchone()[0]
    return first is not None and first.timestamp() >= STARTED - 5


def _take(connection, key):
    qn = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SCHEMA}")
        for table in _tables(connection):
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {qn(table)})")
            if cursor.fetchone()[0]:
                cursor.execute(f"CREATE TABLE {SCHEMA}.{qn(table)} AS TABLE {qn(table)}")
        cursor.execute(f"CREATE TABLE {SCHEMA}.key (key text)")
        cursor.execute(f"INSERT INTO {SCHEMA}.key VALUES (%s)", [key])


_shape = {}  # (alias, database name): (every table, [(table with baseline rows, its columns)])


def _baseline_shape(connection):
    key = (connection.alias, connection.settings_dict["NAME"])
    if key not in _shape:
        with connection.cursor() as cursor:
            cursor.execute("""
                SELECT c.table_name, string_agg(quote_ident(c.column_name), ', ' ORDER BY c.ordinal_position)
                  FROM information_schema.columns c
                  JOIN information_schema.columns b ON b.table_schema = %s AND b.table_name = c.table_name
                                                   AND b.column_name = c.column_name
                 WHERE c.table_schema = current_schema() AND c.is_generated = 'NEVER'
                 GROUP BY c.table_name ORDER BY c.table_name""", [SCHEMA])
            _shape[key] = (_tables(connection), cursor.fetchall())
    return _shape[key]


def _restore_sql(connection):
    """Delete every row of the tables that have any, but of the baseline tables still equal to their copy (the
    region tree: deleting it would check each of its rows against every table pointing at it), then copy
    the others back. Foreign keys are checked at commit."""
    qn = connection.ops.quote_name
    tables, kept = _baseline_shape(connection)
    differs = " OR ".join([
        "(SELECT count(*) FROM {t}) <> (SELECT count(*) FROM {b})",
        "EXISTS (SELECT x::text FROM {t} x EXCEPT SELECT y::text FROM {b} y)"])
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(
            [f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {qn(t)})" for i, t in enumerate(tables)]
            + [f"SELECT {-1 - i} WHERE " + differs.format(t=qn(t), b=f"{SCHEMA}.{qn(t)}")
               for i, (t, _) in enumerate(kept)]))
        found = {row[0] for row in cursor.fetchall()}
    changed = {kept[-1 - i][0] for i in found if i < 0}
    unchanged = {t for t, _ in kept} - changed
    sql = ["SET CONSTRAINTS ALL DEFERRED"]
    sql += [f"DELETE FROM {qn(tables[i])}" for i in sorted(found) if i >= 0 and tables[i] not in unchanged]
    sql += [f"INSERT INTO {qn(t)} ({cols}) SELECT {cols} FROM {SCHEMA}.{qn(t)}" for t, cols in kept if t in changed]
    return sql


def restore(alias="default"):
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        for statement in _restore_sql(connection):
            cursor.execute(statement)


def prepare(alias="default"):
    """At the start of the run: take the copy, or put the database back to it."""
    connection = connections[alias]
    key = _migrations_key(connection)
    stored = _stored_key(connection)
    if stored != key and not _created_in_this_run(connection):
        connection.close()
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
        stored = None
    if stored != key:
        _take(connection, _migrations_key(connection))
        _shape.clear()
    else:
        restore(alias)


def setup_worker_database(worker, run_id, keepdb, alias="default"):
    """This pytest-xdist worker's test database (`test_<name>_<worker>`), a copy of `test_<name>_template`,
    which the run's first worker migrates (once per run: `run_id` is the run's, shared by its workers)."""
    import psycopg
    from django.conf import settings
    from psycopg import sql

    from tests.conftest import _conninfo

    connection = connections[alias]
    test_settings = connection.settings_dict.setdefault("TEST", {})
    name = test_settings["NAME"]
    template = name.removesuffix(f"_{worker}") + "_template"
    lock_path = os.path.join(tempfile.gettempdir(), "pytest-template-" + hashlib.sha256(
        _conninfo(connection.settings_dict, template).encode()).hexdigest()[:16])
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other workers wait here while the first one migrates
        lock.seek(0)
        if lock.read() != run_id:
            test_settings["NAME"] = template
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=keepdb)
            prepare(alias)
            lock.seek(0)
            lock.truncate()
            lock.write(run_id)
            lock.flush()
        connection.close()  # a template database must have no other session
        with psycopg.connect(_conninfo(connection.settings_dict, "postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name),
                                                                            sql.Identifier(template)))
    test_settings["NAME"] = name
    settings.DATABASES[alias]["NAME"] = connection.settings_dict["NAME"] = name
    connection.ensure_connection()


def fixture_teardown(test_case):
    """TransactionTestCase._fixture_teardown: the baseline back instead of a flush and post_migrate."""
    if test_case.available_apps is not None or test_case.serialized_rollback:
        return _django_fixture_teardown(test_case)
    for alias in test_case._databases_names(include_mirrors=False):
        restore(alias)


_django_fixture_teardown = None


def install():
    """Route every transactional test's teardown through `fixture_teardown`."""
    global _django_fixture_teardown
    from django.test import TransactionTestCase

    if _django_fixture_teardown is None:
        _django_fixture_teardown = TransactionTestCase._fixture_teardown
        TransactionTestCase._fixture_teardown = fixture_teardown
