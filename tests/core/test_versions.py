"""One cache-version table (apps.core.versions) behind the dashboards' figures and the coordinators' structure."""

from django.urls import reverse

from apps.coordinators.figures import ON_DUTY
from apps.coordinators.models import Coordinator
from apps.core import figures, versions
from apps.core.models import DataVersion
from tests.coordinators.test_coordinators import make_coordinator


def on_duty_on_the_structure_page(client):
    return client.get(reverse("coordinators:structure")).context["data"]["totals"]["on_duty"]


def test_structure_statistics_and_dashboard_figures_read_the_same_version_table(client, province_user):
    coordinator = make_coordinator()
    client.force_login(province_user)
    assert on_duty_on_the_structure_page(client) == 1
    before = figures.current_version()
    # a bulk statement sends no signal: the structure page still serves what it cached
    Coordinator.objects.filter(pk=coordinator.pk).update(status=Coordinator.Status.OFF_DUTY)
    assert on_duty_on_the_structure_page(client) == 1

    versions.bump("coordinators.Coordinator")  # what whatever wrote the rows says afterwards

    assert DataVersion.objects.filter(key="coordinators.Coordinator").exists()
    assert figures.current_version().of(ON_DUTY) != before.of(ON_DUTY)  # the dashboards' key changed …
    assert on_duty_on_the_structure_page(client) == 0  # … and so did the structure statistics' key
