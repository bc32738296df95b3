"""The scoping rule itself: visible_to, form choices, filter choices, the save re-check."""

import django_tables2 as tables
import pytest
from django import forms
from django.test import RequestFactory

from apps.core.scoping import OutOfScope, restrict_form_fields, save_in_scope
from apps.core.views import ScopedListView
from apps.parks.models import Park
from apps.regions.models import Region
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def parks():
    return {
        "jiangan": Park.objects.create(name="江岸园", level="provincial", region=Region.objects.get(code="420102")),
        "xiling": Park.objects.create(name="西陵园", level="provincial", region=Region.objects.get(code="420502")),
    }


def test_visible_to_follows_the_tree(parks):
    assert set(Park.objects.visible_to(make_staff("420102"))) == {parks["jiangan"]}
    assert set(Park.objects.visible_to(make_staff("4201"))) == {parks["jiangan"]}
    assert set(Park.objects.visible_to(make_staff("42"))) == set(parks.values())
    assert not Park.objects.visible_to(make_staff("420102002")).exists()  # a township does not hold the county


class ParkForm(forms.ModelForm):
    class Meta:
        model = Park
        fields = ["name", "level", "region"]


def test_form_choices_and_save_stay_inside_the_area(parks):
    user = make_staff("420102")
    form = ParkForm(data={"name": "新园", "level": "municipal", "region": Region.objects.get(code="420502").pk})
    restrict_form_fields(form, user)
    assert not form.fields["region"].queryset.filter(code="420502").exists()
    assert not form.is_valid() and "region" in form.errors
    # a form that was not restricted still cannot write outside the area: the save re-check rolls back
    unrestricted = ParkForm(data={"name": "越界园", "level": "municipal",
                                  "region": Region.objects.get(code="420502").pk})
    assert unrestricted.is_valid()
    with pytest.raises(OutOfScope):
        save_in_scope(unrestricted, user)
    assert not Park.objects.filter(name="越界园").exists()


class ParkTable(tables.Table):
    class Meta:
        model = Park
        fields = ["name"]


class ParkListView(ScopedListView):
    model = Park
    table_class = ParkTable
    filterset_fields = ["region", "level"]


def test_default_filters_offer_only_visible_choices(parks):
    request = RequestFactory().get("/parks/")
    request.user = make_staff("420102")
    response = ParkListView.as_view()(request)
    offered = response.context_data["filter"].form.fields["region"].queryset
    assert offered.filter(code="420102").exists() and not offered.filter(code="420502").exists()
    assert [p.name for p in response.context_data["object_list"]] == ["江岸园"]
