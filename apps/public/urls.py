"""Every page anyone may read without logging in, under /public/ (tests/contracts/test_public_pages.py keeps it
so). /public/stations/, /public/honours/ and /public/honours/publicity/ are printed on notices: keep them."""

from django.urls import path

from apps.core.moved import moved

from .views import ballot, cases, coordinators, honours, stations

app_name = "public"
urlpatterns = [
    path("stations/", stations.StationFinderView.as_view(), name="station_finder"),
    path("coordinators/", coordinators.CoordinatorListView.as_view(), name="coordinator_list"),
    path("gold-medals/", coordinators.GoldMedalListView.as_view(), name="gold_medal_list"),
    path("cases/", cases.CaseListView.as_view(), name="case_list"),
    path("cases/<int:case_no>/", cases.CaseDetailView.as_view(), name="case_detail"),
    path("honours/", honours.NamedUnitsView.as_view(), name="named_units"),
    path("honours/publicity/", honours.PublicityView.as_view(), name="publicity"),
    path("ballot/", ballot.BallotView.as_view(), name="ballot"),
]


# the addresses the public pages had before they moved under /public/ (config/urls.py mounts them at the root);
# people have bookmarked them (apps/core/moved.py: 301, query string kept; a posted ballot keeps its POST)
moved_urlpatterns = ([
    moved("coordinators/public/", "public:coordinator_list"),
    moved("coordinators/public/gold-medals/", "public:gold_medal_list"),
    moved("recognition/public/cases/", "public:case_list"),
    moved("recognition/public/cases/<int:case_no>/", "public:case_detail"),
    moved("evaluations/ballot/", "public:ballot"),  # printed on the ballot codes handed out before the move
], "public_moved")
