"""Jobs yield the machine to pages (issue 23): the worker's processes and their PostgreSQL backends run at a lower
priority where they share the machine with the web server."""

import os

import pytest
from django.db import connections

from config.celery import renice_backend

pytestmark = pytest.mark.django_db


def niceness(pid):
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[16])


def test_a_jobs_postgresql_backend_on_this_machine_runs_below_the_pages():
    connection = connections.create_connection("default")
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        with open(f"/proc/{pid}/status") as status:
            owner = int(next(line for line in status if line.startswith("Uid:")).split()[1])
        if os.geteuid() not in (0, owner):
            pytest.skip("PostgreSQL runs as another user here: its backends are not ours to renice")
        before = niceness(pid)
        assert renice_backend(connection, before + 5)
        assert niceness(pid) == before + 5
        assert renice_backend(connection, 1) and niceness(pid) == before + 5  # never raised back
    finally:
        connection.close()


def test_a_server_on_another_machine_is_left_alone():
    connection = connections.create_connection("default")
    connection.settings_dict = {**connection.settings_dict, "HOST": "db.example.internal"}
    assert renice_backend(connection, 10) is False
