from django.urls import path

from . import views as v

app_name = "exchange"
urlpatterns = [
    path("exchange/tokens/", v.TokenListView.as_view(), name="token_list"),
    path("exchange/tokens/new/", v.TokenCreateView.as_view(), name="token_create"),
    path("exchange/tokens/<int:pk>/revoke/", v.TokenRevokeView.as_view(), name="token_revoke"),
    path("exchange/platforms/", v.PlatformListView.as_view(), name="platform_list"),
    path("exchange/platforms/new/", v.PlatformCreateView.as_view(), name="platform_create"),
    path("exchange/calls/", v.CallListView.as_view(), name="call_list"),
    path("api/v1/docs/", v.api_docs, name="api_docs"),
]
