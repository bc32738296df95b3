from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group

from .models import Office, User
from .roles import ROLES


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].required = True
        self.fields["office"].queryset = Office.objects.select_related("region")
        if self.instance.pk:
            self.fields["roles"].initial = self.instance.groups.all()
        else:
            self.fields["password"].required = True

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
        user.save()
        user.groups.set(self.cleaned_data["roles"])
        return user
