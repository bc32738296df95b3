from django.urls import path

from . import views as v

app_name = "risks"
urlpatterns = [
    path("", v.RiskListView.as_view(), name="risk_list"),
    path("add/", v.RiskCreateView.as_view(), name="risk_add"),
    path("export/", v.RiskExportView.as_view(), name="risk_export"),
    path("board/", v.RiskBoardView.as_view(), name="risk_board"),
    path("<int:pk>/", v.RiskDetailView.as_view(), name="risk_detail"),
    path("<int:pk>/transition/", v.RiskTransitionView.as_view(), name="risk_transition"),
]
