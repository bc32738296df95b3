"""Third-party agencies: the ledger, their accounts and entrusting them with assessments."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views import generic

from apps.accounts.models import User
from apps.core.querying import YEAR_MAX, YEAR_MIN, bounded_int
from apps.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedMixin
from apps.enterprises.models import Subject

from .. import services
from ..filters import AgencyFilter
from ..forms import AgencyAccountForm, AgencyForm, AssignAgencyForm
from ..models import Agency, Assessment
from ..tables import AgencyTable
from .common import current_year, require_level


class AgencyListView(ScopedListView):
    model = Agency
    table_class = AgencyTable
    filterset_class = AgencyFilter
    empty_text = "尚未登记第三方评估机构。省、市三方办可点击“登记机构”添加。"

    def get_queryset(self):
        visible = Assessment.objects.visible_to(self.request.user)
        return super().get_queryset().select_related("region").annotate(
            n_assessments=Count("assessments", filter=Q(assessments__in=visible))).order_by("name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("evaluations.add_agency"):
            context.update(create_url_name="evaluations:agency_add", create_label="登记机构")
        return context


class AgencyCreateView(ScopedCreateView):
    model = Agency
    form_class = AgencyForm
    breadcrumbs = (("第三方评估机构", reverse_lazy("evaluations:agency_list")),)
    extra_context = {"title": "登记第三方评估机构"}
    success_message = "机构已登记。"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_level(request.user, ("province", "city"), "省、市三方办")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        form.instance.region = self.request.user.region
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("evaluations:agency_detail", args=[self.object.pk])


class AgencyDetailView(ScopedDetailView):
    model = Agency
    template_name = "evaluations/agency_detail.html"
    breadcrumbs = AgencyCreateView.breadcrumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency = self.object
        context.update(title=agency.name, accounts=agency.accounts.order_by("username"),
                       assessments=agency.assessments.visible_to(self.request.user).select_related(
                           "subject__region").order_by("-year", "subject__name")[:200])
        return context


class AgencyAccountCreateView(ScopedMixin, generic.FormView):
    model = Agency
    sweep_models = {"pk": Agency}
    default_permission = "change"
    form_class = AgencyAccountForm
    template_name = "core/object_form.html"
    breadcrumbs = AgencyCreateView.breadcrumbs

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"为“{self.agency}”添加机构账号", submit_label="创建账号", **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        with transaction.atomic():
            user = User(username=data["username"], full_name=data["full_name"], email=data["email"])
            user.set_password(data["password"])
            self.agency.add_account(user)
        messages.success(self.request, f"已创建机构账号 {user.username}。")
        return redirect("evaluations:agency_detail", pk=self.agency.pk)


class AssignAgencyView(LoginRequiredMixin, generic.FormView):
    """Province or city staff entrust an agency with third-party assessments of chosen subjects."""

    form_class = AssignAgencyForm
    template_name = "evaluations/assign_agency.html"
    breadcrumbs = AgencyCreateView.breadcrumbs

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not request.user.has_perm("evaluations.assign_agency"):
                raise PermissionDenied
            require_level(request.user, ("province", "city"), "省、市三方办")
        return super().dispatch(request, *args, **kwargs)

    def year(self):
        return bounded_int(self.request.POST.get("year") or self.request.GET.get("year"), low=YEAR_MIN,
                           high=YEAR_MAX, default=current_year())

    def candidates(self):
        year = self.year()
        selfs = Assessment.objects.filter(subject=OuterRef("pk"), year=year, kind=Assessment.Kind.SELF).exclude(
            status__in=Assessment.EDITABLE)
        qs = Subject.objects.visible_to(self.request.user).filter(Exists(selfs)).select_related("region")
        q = (self.request.GET.get("q") or "").strip()
        if q:
            qs = qs.filter(name__icontains=q)
        return qs.order_by("region__code", "name")

    def get_form_kwargs(self):
        agency = None
        agency_pk = bounded_int(self.request.GET.get("agency"), low=1)
        if agency_pk:
            agency = Agency.objects.visible_to(self.request.user).filter(pk=agency_pk).first()
        return {**super().get_form_kwargs(), "user": self.request.user, "agency": agency,
                "subjects": self.candidates()}

    def get_initial(self):
        return {"year": self.year()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(title="委托第三方评估", **kwargs)
        context["candidate_count"] = self.candidates().count()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        created = services.assign_agency(data["agency"], data["subjects"], data["year"], self.request.user)
        messages.success(self.request, f"已委托“{data['agency']}”评估 {len(created)} 个创建主体。")
        return redirect("evaluations:agency_detail", pk=data["agency"].pk)
