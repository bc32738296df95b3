from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from apps.accounts.views import LoginView
from apps.core.views import HomeView, healthz
from apps.exchange.api import api
from apps.public.urls import moved_urlpatterns

handler403 = "apps.core.views.permission_denied"
handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.availability.outage_or_server_error"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include("apps.core.urls")),
    path("", include("apps.documents.urls")),
    path("", include(moved_urlpatterns)),  # the public pages' old addresses answer 301 to /public/…
    path("accounts/", include("apps.accounts.urls")),
    path("enterprises/", include("apps.enterprises.urls")),
    path("evaluations/", include("apps.evaluations.urls")),
    path("parks/", include("apps.parks.urls")),
    path("stations/", include("apps.stations.urls")),
    path("coordinators/risks/", include("apps.risks.moved_urls")),  # before 2026-12: permanent redirects
    path("coordinators/", include("apps.coordinators.urls")),
    path("risks/", include("apps.risks.urls")),
    path("public/", include("apps.public.urls")),
    path("supervision/", include("apps.supervision.urls")),
    path("recognition/", include("apps.recognition.urls")),
    path("dashboards/", include("apps.dashboards.urls")),
    path("", include("apps.exchange.urls")),
    path("api/v1/", api.urls),
    path("honours/", include("apps.honours.urls")),
    path("sysadmin/", admin.site.urls),
]
