"""Generic views every app builds on: each one reads rows through the scoping rule."""

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import connections
from django.forms.widgets import NullBooleanSelect
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views import generic
from django_filters.views import FilterView

from .dashboard import home_counters, home_panels
from .filters import harden
from .scoping import OutOfScope, restrict_form_fields, save_in_scope


class ScopedMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Swap the view's queryset for the rows the user may see; missing permission is a 403."""

    raise_exception = False
    permission_required = ()
    breadcrumbs = ()

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()

    def get_permission_required(self):
        if self.permission_required:
            return super().get_permission_required()
        model = self.get_scoped_model()
        return (f"{model._meta.app_label}.{self.default_permission}_{model._meta.model_name}",)

    default_permission = "view"

    def get_scoped_model(self):
        return self.model or self.queryset.model

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ScopedListView(ScopedMixin, tables.SingleTableMixin, FilterView):
    """A filterable, sortable, paginated table of the rows inside the user's area."""

    paginate_by = 20
    template_name = "core/object_list.html"
    empty_text = "暂无记录。"
    # What to do about an empty list ("可点击“新增…”登记"): shown only to a user holding the permission
    # (default: add on the model), so nobody is told to press a button they do not have.
    empty_action = ""
    empty_action_permission = None

    def get_filterset(self, filterset_class):
        # every choice a filter offers (e.g. a foreign-key dropdown) lists only rows the user may see
        filterset = harden(super().get_filterset(filterset_class))
        restrict_form_fields(filterset.form, self.request.user)
        for field in filterset.form.fields.values():
            if isinstance(field.widget, NullBooleanSelect):  # Django's 未知/是/否 reads as a third state
                field.widget.choices = (("unknown", "（全部）"), ("true", "是"), ("false", "否"))
        return filterset

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        return kwargs

    def get_table_kwargs(self):
        return {"empty_text": self.empty_text + (self.empty_action if self.may_act_on_empty() else "")}

    def may_act_on_empty(self):
        if not self.empty_action:
            return False
        permission = self.empty_action_permission
        if permission is None and self.model is not None:
            permission = f"{self.model._meta.app_label}.add_{self.model._meta.model_name}"
        return not permission or self.request.user.has_perm(permission)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.model._meta.verbose_name_plural if self.model else ""
        return context


class ScopedDetailView(ScopedMixin, generic.DetailView):
    pass


class ScopedFormMixin:
    """Model-form views: choices restricted to the user's area, and the save re-checked in scope."""

    success_message = "已保存。"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        restrict_form_fields(form, self.request.user)
        return form

    def form_valid(self, form):
        try:
            self.object = save_in_scope(form, self.request.user)
        except OutOfScope as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class ScopedCreateView(ScopedMixin, ScopedFormMixin, generic.CreateView):
    default_permission = "add"
    template_name = "core/object_form.html"


class ScopedUpdateView(ScopedMixin, ScopedFormMixin, generic.UpdateView):
    default_permission = "change"
    template_name = "core/object_form.html"


class HomeView(LoginRequiredMixin, generic.TemplateView):
    template_name = "core/home.html"

    def get(self, request, *args, **kwargs):
        # an enterprise account lands on its own enterprise
        if getattr(request.user, "kind", "") == "enterprise" and request.user.enterprise_id:
            from django.shortcuts import redirect

            return redirect("enterprises:mine")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counters"] = home_counters(self.request.user)
        context["panels"] = home_panels(self.request.user)
        return context


def healthz(request):
    """Liveness for the load balancer: 200 when the database and Redis answer, else 503."""
    import redis
    from django.conf import settings

    checks = {}
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
        checks["redis"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["redis"] = f"error: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


def permission_denied(request, exception=None):
    # a reason written for people (Chinese) is shown; Django's and libraries' English internals are not
    reason = str(exception or "")
    return render(request, "403.html", {"reason": reason if reason and not reason.isascii() else ""}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
