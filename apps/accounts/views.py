import django_filters
import django_tables2 as tables
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.urls import reverse_lazy

from apps.core.filters import PortalFilterSet
from apps.core.views import ScopedCreateView, ScopedListView, ScopedUpdateView

from .forms import LoginForm, StaffUserForm, can_manage
from .models import MemberUnit, User


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class UserFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label="用户名/姓名")
    member_unit = django_filters.ChoiceFilter(field_name="office__member_unit", choices=MemberUnit.choices,
                                              label="成员单位")
    is_active = django_filters.BooleanFilter(label="启用")

    class Meta:
        model = User
        fields = ["q", "member_unit", "is_active"]

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))


class UserTable(tables.Table):
    username = tables.Column(linkify=("accounts:user_edit", {"pk": tables.A("pk")}), verbose_name="用户名")
    office = tables.Column(verbose_name="所在单位", order_by=("office__region__code", "office__member_unit"))
    roles = tables.Column(empty_values=(), orderable=False, verbose_name="角色")
    is_active = tables.BooleanColumn(verbose_name="启用", yesno="是,否")

    class Meta:
        model = User
        fields = ["username", "full_name", "office", "roles", "is_active", "last_login"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_roles(self, record):
        return "、".join(g.name for g in record.groups.all()) or "—"


class UserListView(ScopedListView):
    model = User
    table_class = UserTable
    filterset_class = UserFilter
    empty_text = "本区域尚无用户，可点击“新增用户”添加。"

    def get_queryset(self):
        return super().get_queryset().filter(kind=User.Kind.STAFF).prefetch_related(
            Prefetch("groups", queryset=Group.objects.only("name")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="用户管理", create_url_name="accounts:user_add", create_label="新增用户")
        return context


class StaffUserFormMixin:
    model = User
    form_class = StaffUserForm
    template_name = "accounts/user_form.html"
    success_url = reverse_lazy("accounts:user_list")
    breadcrumbs = (("用户管理", reverse_lazy("accounts:user_list")),)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editor": self.request.user}


class UserCreateView(StaffUserFormMixin, ScopedCreateView):
    success_message = "用户已创建。"
    extra_context = {"title": "新增用户"}


class UserUpdateView(StaffUserFormMixin, ScopedUpdateView):
    success_message = "用户已保存。"
    extra_context = {"title": "编辑用户"}

    def get_queryset(self):
        return super().get_queryset().filter(kind=User.Kind.STAFF)

    def get_object(self, queryset=None):
        target = super().get_object(queryset)
        if not can_manage(self.request.user, target):
            raise PermissionDenied("该用户是管理员或具有您没有的角色，只能由上级单位的管理员修改。")
        return target
