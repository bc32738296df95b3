"""Screens of the enterprise registry and creation ledger; every row is read through visible_to()."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, Sum
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views import generic

from apps.accounts.models import User
from apps.core import dashboard, exports, querying
from apps.core.paging import EstimatedCountPaginator
from apps.core.pickers import SearchPickView
from apps.core.scoping import OutOfScope, save_in_scope
from apps.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedMixin, ScopedUpdateView

from . import exporting, services
from .contact_units import expected_regions, owing
from .filters import EnterpriseFilter, current_year
from .forms import (
    ActivationForm,
    BulkStatusForm,
    ContactAssignmentForm,
    ContactVisitForm,
    CreationRecordForm,
    EnterpriseForm,
    EnterpriseProfileForm,
    InvitationForm,
    StaleRecord,
)
from .models import ContactAssignment, ContactVisit, CreationRecord, Enterprise, EnterpriseInvitation, Industry
from .tables import ContactAssignmentTable, EnterpriseTable

LIST_CRUMB = ("企业创建台账", reverse_lazy("enterprises:enterprise_list"))
STALE_MESSAGE = ("保存失败：在您打开此页面后，该企业信息已被其他人修改。您填写的内容仍保留在下方，"
                 "请先在新窗口查看最新信息，确认后重新提交。")


def _scoped_enterprise(user, pk, *perms):
    if perms and not user.has_perms(perms):
        raise PermissionDenied
    return get_object_or_404(Enterprise.objects.visible_to(user).select_related("subject", "region"), pk=pk)


class EnterpriseCrumbMixin:
    """Pages about one enterprise (`self.enterprise`): breadcrumb 企业创建台账 › the enterprise."""

    @property
    def breadcrumbs(self):
        return (LIST_CRUMB, (self.enterprise.name, reverse("enterprises:enterprise_detail", args=[self.enterprise.pk])))


class EnterpriseFromUrlMixin(EnterpriseCrumbMixin):
    """The enterprise named in the URL (`enterprise_kwarg`), found through visible_to (404 outside the area)."""

    enterprise_kwarg = "enterprise_pk"
    sweep_models = {"enterprise_pk": Enterprise}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.enterprise = _scoped_enterprise(request.user, kwargs[self.enterprise_kwarg])
        return super().dispatch(request, *args, **kwargs)


# ---------------------------------------------------------------- list, detail, forms

class EnterpriseListView(ScopedListView):
    model = Enterprise
    filterset_class = EnterpriseFilter
    table_class = EnterpriseTable
    template_name = "enterprises/enterprise_list.html"
    create_url_name = "enterprises:enterprise_create"
    table_pagination = {"per_page": 20}
    paginator_class = EstimatedCountPaginator  # 约 N 条 above 100,000 rows: no COUNT over the whole province

    def get_queryset(self):
        return super().get_queryset().select_related("region", "park").only(
            "pk", "name", "uscc", "industry", "employee_count", "subject_id", "region__full_name",
            "region__code", "park__name")

    def get_paginate_by(self, queryset):
        return None  # the table paginates (one COUNT per page, not two)

    def get_table_data(self):
        return self.object_list.with_status(self.filterset.selected_year)

    COLUMNS = [("name", "企业名称"), ("uscc", "统一社会信用代码"), ("region", "所在区划"), (None, "行业门类"),
               ("employee_count", "职工人数（规模）"), (None, "园区"), ("year_status", "当年创建状态")]

    def columns(self):
        current = self.request.GET.get("sort", "")
        columns = []
        for key, label in self.COLUMNS:
            state = "asc" if current == key else "desc" if key and current == f"-{key}" else None
            columns.append({"label": label, "state": state,
                            "sort": None if key is None else (f"-{key}" if state == "asc" else key)})
        return columns

    def records(self, page):
        """The page's rows, with the labels the template shows (the table is drawn without per-cell calls)."""
        industries = dict(Industry.choices)
        statuses = dict(CreationRecord.Status.choices)
        records = [row.record for row in page.object_list]
        for e in records:
            status = e.year_status or CreationRecord.Status.NOT_STARTED
            e.status_label = statuses.get(status, status)
            e.status_tone = CreationRecord.STATUS_TONES.get(status, "secondary")
            e.industry_label = industries.get(e.industry, e.industry).split(" ", 1)[-1]
        return records

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title="企业创建台账", year=self.filterset.selected_year, status_choices=CreationRecord.Status.choices,
            export_query=self.request.GET.urlencode(),
            page=context["table"].page, records=self.records(context["table"].page), columns=self.columns(),
            empty_text=("没有符合条件的企业，请调整筛选条件。"
                        if any(v for k, v in self.request.GET.items() if k not in ("year", "page", "sort"))
                        else "本辖区尚无企业，可单个新增，或下载模板后批量导入。"),
        )
        return context


class EnterpriseDetailView(ScopedDetailView):
    model = Enterprise
    template_name = "enterprises/enterprise_detail.html"
    breadcrumbs = (LIST_CRUMB,)

    def get_queryset(self):
        return super().get_queryset().select_related("region", "park", "subject")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enterprise, user = self.object, self.request.user
        records = list(enterprise.subject.creation_records.select_related("updated_by").order_by("-year"))
        year = current_year()
        context.update(
            title=enterprise.name, records=records,
            current_record=next((r for r in records if r.year == year), None), year=year,
            missing_years=[y for y in range(2023, 2028) if y not in {r.year for r in records}],
            contacts=ContactAssignment.objects.visible_to(user).filter(subject=enterprise.subject)
            .select_related("office__region").annotate(visit_count=Count("visits")),
            accounts=enterprise.accounts.select_related("invitation").order_by("username"),
        )
        return context


class EnterpriseFormMixin:
    form_class = EnterpriseForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.instance._history_user = self.request.user
        try:
            self.object = save_in_scope(form, self.request.user)
        except StaleRecord:
            form.add_error(None, STALE_MESSAGE)
            return self.form_invalid(form)
        except OutOfScope as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, f"已保存：{self.object.name}")
        for warning in getattr(form, "warnings", []):
            messages.warning(self.request, warning)
        return HttpResponseRedirect(reverse("enterprises:enterprise_detail", args=[self.object.pk]))


class EnterpriseCreateView(EnterpriseFormMixin, ScopedCreateView):
    model = Enterprise
    breadcrumbs = (LIST_CRUMB,)
    extra_context = {"title": "新增企业"}


class EnterpriseUpdateView(EnterpriseFormMixin, ScopedUpdateView):
    model = Enterprise

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"修改：{self.object.name}"
        return context

    @property
    def breadcrumbs(self):
        return (LIST_CRUMB, (self.object.name, reverse("enterprises:enterprise_detail", args=[self.object.pk])))


# ---------------------------------------------------------------- creation records

class RecordFormMixin:
    form_class = CreationRecordForm
    template_name = "enterprises/record_form.html"

    def form_valid(self, form):
        record = form.instance
        record.updated_by = self.request.user
        record._history_user = self.request.user
        record._change_reason = form.cleaned_data.get("change_reason") or ""
        try:
            self.object = save_in_scope(form, self.request.user)
        except OutOfScope as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, f"{self.object.year} 年创建台账已保存。")
        return HttpResponseRedirect(self.get_success_url())


class CreationRecordCreateView(EnterpriseFromUrlMixin, RecordFormMixin, ScopedCreateView):
    model = CreationRecord

    def get_initial(self):
        return {"year": self.request.GET.get("year") or current_year()}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["subject"] = self.enterprise.subject
        kwargs["instance"] = CreationRecord(subject=self.enterprise.subject)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=f"新增年度创建台账：{self.enterprise.name}", enterprise=self.enterprise)
        return context

    def get_success_url(self):
        return reverse("enterprises:enterprise_detail", args=[self.enterprise.pk]) + "#ledger"


class CreationRecordUpdateView(EnterpriseCrumbMixin, RecordFormMixin, ScopedUpdateView):
    model = CreationRecord

    def get_queryset(self):
        return super().get_queryset().select_related("subject__enterprise")

    @property
    def enterprise(self):
        return self.object.subject.enterprise

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=f"修改{self.object.year}年创建台账：{self.enterprise.name}", enterprise=self.enterprise,
                       record=self.object)
        return context

    def get_success_url(self):
        return reverse("enterprises:enterprise_detail", args=[self.enterprise.pk]) + "#ledger"


class BulkStatusView(ScopedMixin, generic.View):
    """Bulk status change: a confirmation page naming how many rows will change, then the change."""

    model = CreationRecord
    default_permission = "change"
    http_method_names = ["post"]

    def post(self, request):
        form = BulkStatusForm(request.POST, user=request.user)
        back = reverse("enterprises:enterprise_list") + ("?" + request.POST["back"] if request.POST.get("back") else "")
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        enterprises = list(form.cleaned_data["pks"].select_related("region").order_by("name"))
        year, status = form.cleaned_data["year"], form.cleaned_data["status"]
        label = CreationRecord.Status(status).label
        if request.POST.get("confirm") != "1":
            return render(request, "enterprises/bulk_status_confirm.html", {
                "form": form, "enterprises": enterprises, "year": year, "status": status, "status_label": label,
                "count": len(enterprises), "back": request.POST.get("back", ""), "title": "批量修改创建状态",
                "view": self})
        changed = services.change_status(enterprises, year, status, request.user, form.cleaned_data["reason"])
        messages.success(request, f"已将 {len(enterprises)} 家企业的 {year} 年创建状态设为“{label}”"
                                  f"（其中 {changed} 家发生变化）。")
        return redirect(back)

    breadcrumbs = (LIST_CRUMB,)


# ---------------------------------------------------------------- export and import

class EnterpriseExportView(ScopedMixin, generic.View):
    model = Enterprise
    permission_required = ("enterprises.export_enterprise",)

    def get(self, request):
        return exports.export_response(exporting.EnterpriseExporter, request)


# ---------------------------------------------------------------- invitation and activation

class InviteView(EnterpriseFromUrlMixin, ScopedMixin, generic.FormView):
    model = Enterprise
    permission_required = ("enterprises.invite_enterprise",)
    form_class = InvitationForm
    template_name = "enterprises/invite.html"
    enterprise_kwarg = "pk"
    sweep_models = {"pk": Enterprise}

    def get_initial(self):
        return {"username": self.enterprise.uscc, "full_name": self.enterprise.contact_person}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=f"邀请开通企业账号：{self.enterprise.name}", enterprise=self.enterprise)
        return context

    def form_valid(self, form):
        def link_for(token):
            return self.request.build_absolute_uri(reverse("enterprises:activate", args=[token]))

        try:
            user, address = services.invite(self.enterprise, invited_by=self.request.user, link_for=link_for,
                                            **form.cleaned_data)
        except services.DeliveryError as exc:
            if User.objects.filter(username=form.cleaned_data["username"]).exists():
                messages.error(self.request, str(exc))  # the account exists; the clerk can resend
                return redirect("enterprises:enterprise_detail", self.enterprise.pk)
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        return render(self.request, "enterprises/invite_done.html", {
            "enterprise": self.enterprise, "account": user, "address": address, "days": services.INVITATION_DAYS,
            "title": "企业账号已创建", "view": self})


class InviteResendView(EnterpriseFromUrlMixin, ScopedMixin, generic.View):
    """Send a fresh one-time link to the registered contact again (the earlier link stops working)."""

    model = Enterprise
    permission_required = ("enterprises.invite_enterprise",)
    enterprise_kwarg = "pk"
    sweep_models = {"pk": Enterprise}
    http_method_names = ["post"]

    def post(self, request, pk):
        invitation = (EnterpriseInvitation.objects.visible_to(request.user).select_related("user", "enterprise")
                      .filter(enterprise=self.enterprise, activated_at__isnull=True,
                              pk=request.POST.get("invitation")).first())
        if invitation is None:
            messages.error(request, "没有待激活的账号邀请。")
            return redirect("enterprises:enterprise_detail", self.enterprise.pk)
        try:
            address = services.resend(invitation, by=request.user, link_for=lambda token: request.build_absolute_uri(
                reverse("enterprises:activate", args=[token])))
        except services.DeliveryError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"新的激活链接已发送到 {address}，原链接已失效。")
        return redirect("enterprises:enterprise_detail", self.enterprise.pk)


class ActivateView(generic.View):
    """Public page of the one-time activation link: set the password, once."""

    template_name = "enterprises/activate.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = services.invitation_for(kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form=None, status=200):
        return render(self.request, self.template_name, {
            "invitation": self.invitation, "form": form, "title": "激活企业账号", "submit_label": "设置密码并激活"},
            status=status)

    def get(self, request, token):
        if self.invitation is None:
            return self.render_page(status=410)
        return self.render_page(ActivationForm(self.invitation.user))

    def post(self, request, token):
        if self.invitation is None:
            return self.render_page(status=410)
        form = ActivationForm(self.invitation.user, request.POST)
        if not form.is_valid():
            return self.render_page(form)
        if not services.activate(self.invitation, form):
            self.invitation = None
            return self.render_page(status=410)
        messages.success(request, f"账号 {self.invitation.user.username} 已激活，请用新密码登录。")
        return redirect("login")


# ---------------------------------------------------------------- the enterprise account's own pages

class OwnEnterpriseMixin(LoginRequiredMixin):
    def get_enterprise(self):
        user = self.request.user
        if user.kind != User.Kind.ENTERPRISE or not user.enterprise_id:
            raise PermissionDenied
        return Enterprise.objects.visible_to(user).select_related("region", "park", "subject").get()


class MyEnterpriseView(OwnEnterpriseMixin, generic.TemplateView):
    template_name = "enterprises/my_enterprise.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enterprise = self.get_enterprise()
        context.update(object=enterprise, enterprise=enterprise, title=enterprise.name,
                       records=CreationRecord.objects.visible_to(self.request.user).order_by("-year"),
                       # what apps above this one show the enterprise here (this year's self-assessment: evaluations)
                       panels=dashboard.panels("enterprise", enterprise))
        return context


class MyEnterpriseEditView(OwnEnterpriseMixin, generic.UpdateView):
    form_class = EnterpriseProfileForm
    template_name = "core/object_form.html"
    breadcrumbs = (("本企业信息", reverse_lazy("enterprises:mine")),)
    extra_context = {"title": "修改本企业信息"}

    def get_object(self, queryset=None):
        return self.get_enterprise()

    def form_valid(self, form):
        form.instance._history_user = self.request.user
        form.instance._change_reason = "企业用户修改本企业信息"
        try:
            form.save()
        except StaleRecord:
            form.add_error(None, STALE_MESSAGE)
            return self.form_invalid(form)
        messages.success(self.request, "本企业信息已保存。")
        return redirect("enterprises:mine")


# ---------------------------------------------------------------- 联系培育

class ContactAssignmentListView(ScopedListView):
    model = ContactAssignment
    table_class = ContactAssignmentTable
    filterset_fields = ["year"]
    template_name = "enterprises/contact_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("office__region", "subject").annotate(
            visit_count=Count("visits")).order_by("-year", "office__region__code", "office__member_unit", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "联系培育"
        return context


class ContactAssignmentCreateView(EnterpriseFromUrlMixin, ScopedCreateView):
    model = ContactAssignment
    form_class = ContactAssignmentForm

    def get_initial(self):
        return {"year": current_year()}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, subject=self.enterprise.subject,
                      instance=ContactAssignment(subject=self.enterprise.subject, created_by=self.request.user))
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"设为联系单位：{self.enterprise.name}"
        return context

    def get_success_url(self):
        return reverse("enterprises:contact_detail", args=[self.object.pk])


class ContactAssignmentDetailView(ScopedDetailView):
    model = ContactAssignment
    template_name = "enterprises/contact_detail.html"
    breadcrumbs = (("联系培育", reverse_lazy("enterprises:contact_list")),)

    def get_queryset(self):
        return super().get_queryset().select_related("office__region", "subject__enterprise").prefetch_related(
            Prefetch("visits", queryset=ContactVisit.objects.select_related("created_by")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=f"联系培育：{self.object.subject}", visit_form=ContactVisitForm())
        return context


class ContactVisitCreateView(ScopedMixin, generic.View):
    model = ContactVisit
    default_permission = "add"
    http_method_names = ["post"]
    sweep_models = {"assignment_pk": ContactAssignment}

    def post(self, request, assignment_pk):
        assignment = get_object_or_404(ContactAssignment.objects.visible_to(request.user), pk=assignment_pk)
        form = ContactVisitForm(request.POST, instance=ContactVisit(assignment=assignment, created_by=request.user))
        if form.is_valid():
            form.save()
            messages.success(request, "指导记录已保存。")
        else:
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}：{error}" if label else error)
        return redirect("enterprises:contact_detail", assignment.pk)


class ContactAssignmentUpdateView(ScopedUpdateView):
    """Correct a contact assignment (its office, year, person, aims); every change is kept in its history."""

    model = ContactAssignment
    form_class = ContactAssignmentForm
    breadcrumbs = (("联系培育", reverse_lazy("enterprises:contact_list")),)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "subject": self.object.subject}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": f"修改联系单位：{self.object.subject}"}

    def get_success_url(self):
        return reverse("enterprises:contact_detail", args=[self.object.pk])


class ContactVisitUpdateView(ScopedUpdateView):
    """Correct a visit's date or content (a date after today is refused); the history keeps what it was."""

    model = ContactVisit
    form_class = ContactVisitForm
    breadcrumbs = (("联系培育", reverse_lazy("enterprises:contact_list")),)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": f"修改指导记录：{self.object.assignment.subject}"}

    def get_success_url(self):
        return reverse("enterprises:contact_detail", args=[self.object.assignment_id])


class ContactVisitDeleteView(ScopedMixin, generic.View):
    """Remove a visit recorded by mistake (the history keeps it)."""

    model = ContactVisit
    default_permission = "delete"
    http_method_names = ["post"]

    def post(self, request, pk):
        visit = get_object_or_404(ContactVisit.objects.visible_to(request.user), pk=pk)
        assignment_id = visit.assignment_id
        visit._change_reason = "删除误录的指导记录"
        visit.delete()
        messages.success(request, "指导记录已删除。")
        return redirect("enterprises:contact_detail", assignment_id)


class ContactComplianceView(ScopedMixin, generic.ListView):
    """Offices (member units) inside the user's area that have named no contact unit this year."""

    model = ContactAssignment
    template_name = "enterprises/contact_compliance.html"
    paginate_by = 50
    breadcrumbs = (("联系培育", reverse_lazy("enterprises:contact_list")),)

    def get_year(self):
        return querying.campaign_year(self.request)

    def get_queryset(self):
        return owing(self.request.user, self.get_year())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        totals = expected_regions(self.request.user, year).aggregate(owed=Sum("units"), kept=Sum("done"))
        context.update(title=f"{year}年未落实联系单位的成员单位", year=year, years=range(2023, 2028),
                       office_total=totals["owed"] or 0, office_done=totals["kept"] or 0)
        return context


# ---------------------------------------------------------------- searchable picker (e.g. a coordinator's 服务企业)

class EnterprisePickView(SearchPickView):
    model = Enterprise

    def search(self, queryset, q):
        return (queryset.filter(Q(name__contains=q) | Q(uscc__startswith=q.upper())).select_related("region")
                .only("pk", "name", "uscc", "region__name").order_by("name"))

    def label(self, obj):
        return f"{obj.name}（{obj.region.name}）"
