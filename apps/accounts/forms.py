from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group

from .models import Office, User
from .roles import ADMIN, ROLES


def is_above(editor, office):
    """The editor's office is at a higher level than this office and the office lies inside its area."""
    if editor.is_superuser:
        return True
    if office is None or not editor.office_id:
        return False
    mine = editor.office.region
    return office.region_id != mine.pk and office.region.path.startswith(mine.path)


def role_names_of(user):
    return set(user.groups.filter(name__in=ROLES.values()).values_list("name", flat=True))


def can_manage(editor, target):
    """Who an office admin may edit: anyone of an office below its own level; at its own level only users that
    hold no 管理员 and no role the admin lacks (its own account too, with its roles and office locked)."""
    if editor.is_superuser or editor.pk == target.pk or is_above(editor, target.office):
        return True
    held = role_names_of(target)
    return ROLES[ADMIN] not in held and held <= role_names_of(editor)


class LoginForm(AuthenticationForm):
    error_messages = {
        # the same words whether the user exists or not
        "invalid_login": "用户名或密码错误。连续失败 5 次将锁定 30 分钟。",
        "inactive": "用户名或密码错误。连续失败 5 次将锁定 30 分钟。",
    }


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class StaffUserForm(forms.ModelForm):
    """An office admin adds or edits the users of the offices inside the admin's area."""

    roles = RoleChoiceField(queryset=Group.objects.filter(name__in=ROLES.values()), label="角色", required=False,
                            widget=forms.CheckboxSelectMultiple)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=True), required=False,
                               help_text="至少 8 位，不能全为数字、不能过于常见；编辑时留空则不修改。")

    class Meta:
        model = User
        fields = ["username", "full_name", "office", "email", "is_active"]
        help_texts = {"username": "登录用的用户名，字母、数字与 @.+-_ 。", "is_active": "停用后该用户不能登录。"}

    SELF_REFUSED = "不能修改自己的角色或用户类型，请由上级单位的管理员办理。"
    SELF_OFFICE_REFUSED = "不能修改自己的所在单位，请由上级单位的管理员办理。"
    ADMIN_REFUSED = "“管理员”角色只能由上级单位的管理员授予。"

    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        # an admin may not grant itself 审核 or 负责人 (and act as reviewer or leader): its own roles are locked
        self.editor = editor
        self.is_self = editor is not None and self.instance.pk is not None and editor.pk == self.instance.pk
        self.held_before = role_names_of(self.instance) if self.instance.pk else set()
        if self.is_self:
            self.fields["roles"].disabled = True
            self.fields["roles"].help_text = "不能修改自己的角色，请由上级单位的管理员办理。"
            self.fields["office"].disabled = True
            self.fields["office"].help_text = "不能修改自己的所在单位，请由上级单位的管理员办理。"
        else:
            self.fields["roles"].help_text = ("在本级单位只能授予您本人具有的角色；“管理员”角色以及下级单位用户的角色"
                                              "由上级单位的管理员授予。")
        self.fields["office"].required = True
        self.fields["office"].queryset = Office.objects.select_related("region")
        if self.instance.pk:
            self.fields["roles"].initial = self.instance.groups.all()
        else:
            self.fields["password"].required = True

    def clean(self):
        data = super().clean()
        if self.is_self:
            current = {str(pk) for pk in self.instance.groups.values_list("pk", flat=True)}
            posted_roles = self.data.getlist(self.add_prefix("roles")) if hasattr(self.data, "getlist") else []
            posted_kind = self.data.get(self.add_prefix("kind"))
            if (posted_roles and set(posted_roles) != current) or (posted_kind and posted_kind != self.instance.kind):
                raise forms.ValidationError(self.SELF_REFUSED)
            posted_office = self.data.get(self.add_prefix("office"))
            if posted_office and posted_office != str(self.instance.office_id):
                raise forms.ValidationError(self.SELF_OFFICE_REFUSED)
        elif self.editor is not None and not self.editor.is_superuser and "roles" in data:
            granted = {g.name for g in data["roles"]} - self.held_before
            if not is_above(self.editor, data.get("office")):
                if ROLES[ADMIN] in granted:
                    raise forms.ValidationError(self.ADMIN_REFUSED)
                lacking = granted - role_names_of(self.editor)
                if lacking:
                    raise forms.ValidationError(
                        f"在本级单位不能授予您本人没有的角色（{'、'.join(sorted(lacking))}），请由上级单位的管理员办理。")
        return data

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            password_validation.validate_password(password, self.instance)
        return password

    def save(self, commit=True):
        user = super().save(commit=False)
        user.kind = User.Kind.STAFF
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if self.instance.pk is not None:
            changed = [self.fields[name].label for name in self.changed_data
                       if name != "roles" and not (name == "password" and not self.cleaned_data.get("password"))]
            if changed:  # 变更记录 names what changed (the password's value is never kept)
                user._change_reason = f"修改：{'、'.join(str(c) for c in changed)}"
        user.save()
        if not self.is_self:  # the roles field of one's own account is locked (and not submitted)
            user.groups.set(self.cleaned_data["roles"])
        return user
