"""Pages for office admins: tokens (issue, shown once, revoke), sister platforms, the API call log, API docs."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views import generic

from apps.core.views import ScopedListView, ScopedMixin

from . import services
from .filters import CallFilter, TokenFilter
from .forms import PlatformForm, TokenForm
from .models import ApiCall, ApiToken, Platform
from .tables import CallTable, PlatformTable, TokenTable

TOKENS_CRUMB = ("接口令牌", reverse_lazy("exchange:token_list"))


class TokenListView(ScopedListView):
    model = ApiToken
    table_class = TokenTable
    filterset_class = TokenFilter
    permission_required = ("exchange.manage_apitoken",)
    template_name = "exchange/token_list.html"
    empty_text = "本辖区尚未签发接口令牌。可点击“签发令牌”为本单位或已登记的兄弟平台签发。"

    def get_queryset(self):
        return super().get_queryset().select_related("office__region", "platform")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "接口令牌"}


class TokenCreateView(ScopedMixin, generic.FormView):
    """Issue a token for the admin's own office; the secret is shown on this response only."""

    model = ApiToken
    form_class = TokenForm
    permission_required = ("exchange.manage_apitoken",)
    template_name = "exchange/token_form.html"
    breadcrumbs = (TOKENS_CRUMB,)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.office_id:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "office": self.request.user.office}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "签发接口令牌", "view": self}

    def form_valid(self, form):
        data = form.cleaned_data
        token, secret = services.issue_token(
            office=self.request.user.office, name=data["name"], platform=data["platform"],
            can_read=data["can_read"], can_post_signals=data["can_post_signals"], days=data["days"],
            rate_limit=data["rate_limit"], created_by=self.request.user)
        response = render(self.request, "exchange/token_issued.html",
                          {"title": "令牌已签发", "token": token, "secret": secret, "view": self})
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(ScopedMixin, generic.View):
    model = ApiToken
    breadcrumbs = (TOKENS_CRUMB,)
    permission_required = ("exchange.manage_apitoken",)

    def get_object(self):
        return get_object_or_404(ApiToken.objects.visible_to(self.request.user).select_related("platform", "office"),
                                 pk=self.kwargs["pk"])

    def get(self, request, pk):
        return render(request, "exchange/token_revoke.html",
                      {"title": "吊销令牌", "token": self.get_object(), "view": self})

    def post(self, request, pk):
        token = self.get_object()
        if services.revoke_token(token, request.user):
            messages.success(request, f"令牌“{token.name}”已吊销，使用它的调用将返回 401。")
        else:
            messages.info(request, f"令牌“{token.name}”此前已被吊销。")
        return redirect("exchange:token_list")


class PlatformListView(ScopedListView):
    model = Platform
    table_class = PlatformTable
    template_name = "exchange/platform_list.html"
    empty_text = "本辖区尚未登记兄弟平台。登记后即可为其签发令牌。"

    def get_queryset(self):
        now = timezone.now()
        return (super().get_queryset().select_related("office__region")
                .annotate(usable_tokens=Count("tokens", filter=Q(tokens__revoked_at__isnull=True,
                                                                 tokens__expires_at__gt=now)))
                .order_by("name", "pk"))  # an aggregate drops Meta.ordering: pages must keep a stable order

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "兄弟平台",
                "can_add": self.request.user.has_perm("exchange.add_platform") and self.request.user.office_id}


class PlatformCreateView(ScopedMixin, generic.CreateView):
    model = Platform
    form_class = PlatformForm
    default_permission = "add"
    template_name = "core/object_form.html"
    breadcrumbs = (("兄弟平台", reverse_lazy("exchange:platform_list")),)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.office_id:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "登记兄弟平台"}

    def form_valid(self, form):
        form.instance.office = self.request.user.office
        form.save()
        messages.success(self.request, f"已登记“{form.instance.name}”，可为其签发令牌。")
        return redirect("exchange:platform_list")


class CallListView(ScopedListView):
    model = ApiCall
    table_class = CallTable
    filterset_class = CallFilter
    empty_text = "本辖区的令牌尚无调用记录。"

    def get_queryset(self):
        return super().get_queryset().select_related("token__platform")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": "接口调用记录"}


def api_docs(request):
    """The API's documentation, drawn on the server from the served OpenAPI document (no script, no CDN)."""
    from .api import api
    from .docs import describe

    return render(request, "exchange/api_docs.html", {"title": "数据交换接口文档", **describe(api)})
