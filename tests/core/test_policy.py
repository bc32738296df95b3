"""apps/core/policy.users_with: the one query for "staff over (or at) an area holding a permission"."""

import pytest

from apps.core.policy import users_with
from apps.regions.models import Region
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def test_users_with_a_permission_over_an_area_at_levels():
    county = make_staff("420102", username="p-county")
    clerk = make_staff("420102", roles=("clerk",), username="p-clerk")  # may not recommend
    city = make_staff("4201", username="p-city")
    province = make_staff("42", username="p-province")
    make_staff("420502", username="p-other")
    path = Region.objects.get(code="420102002").path
    assert list(users_with("honours.recommend_application", over=path)) == [county, city, province]
    assert list(users_with("honours.recommend_application", over=path, levels=["county"])) == [county]
    assert list(users_with("honours.add_application", over=path, levels=["county"])) == [county, clerk]
    assert list(users_with("honours.review_application", at=Region.objects.get(code="4201"))) == [city]
    assert list(users_with("honours.decide_round", levels=["province"])) == [province]
    assert not users_with("stations.recommend_application", over=path).exists()  # the app label counts
