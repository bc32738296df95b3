"""Forms of the enterprise registry: every rule a clerk can break is told in plain Chinese."""

import re

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc as uscc_number

from apps.accounts.models import Office, User
from apps.core.masking import is_masked, mask_phone
from apps.parks.models import Park
from apps.regions.models import Region

from .models import CAMPAIGN_YEARS, ContactAssignment, ContactVisit, CreationRecord, Enterprise

PHONE_RE = re.compile(r"^[0-9\-+ ]{5,20}$")


class StaleRecord(Exception):
    """The row was saved by someone else after this form was opened."""


def clean_uscc(value):
    """Normalise a USCC and check it (GB 32100-2015); raise ValueError with the Chinese reason."""
    value = (value or "").strip().upper().replace(" ", "")
    if not value:
        raise ValueError("统一社会信用代码不能为空")
    try:
        return uscc_number.validate(value)
    except stdnum_errors.InvalidLength:
        raise ValueError(f"统一社会信用代码“{value}”应为 18 位（现为 {len(value)} 位）") from None
    except stdnum_errors.InvalidFormat:
        raise ValueError(f"统一社会信用代码“{value}”含有不允许的字符（前 8 位为数字，不含 I、O、Z、S、V）") from None
    except stdnum_errors.InvalidChecksum:
        raise ValueError(f"统一社会信用代码“{value}”校验码错误，请核对后重新填写") from None


def check_phone(phone):
    """The 联系电话 rule of the form and of the import: digits, "-", "+" and spaces, 5 to 20 of them."""
    if not PHONE_RE.match(phone):
        raise ValueError(f"联系电话“{phone}”格式不正确，只能包含数字、“-”和“+”，5 至 20 位")
    return phone


def park_problem(park, region):
    """The rule of an enterprise's park, for the form and the import: the park lies around the enterprise's
    region and, when the park names its townships, the enterprise's township is one of them. '' when fine."""
    if not region.path.startswith(park.region.path):
        return f"园区“{park.name}”不在所选区划{region.full_name}内。"
    return park.township_mismatch(region)


def region_choices_for(user):
    """Regions of the user's area usable for an enterprise: counties and townships inside it."""
    return (Region.objects.visible_to(user).filter(level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP])
            .order_by("code"))


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}（{obj.code}）"


class EnterpriseForm(forms.ModelForm):
    """Create or edit an enterprise; carries the version it was opened at (optimistic concurrency)."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Enterprise
        fields = ["name", "uscc", "region", "park", "industry", "ownership", "employee_count", "has_union",
                  "has_collective_contract", "contact_person", "contact_phone", "contact_email"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"contact_phone": forms.TextInput(attrs={"autocomplete": "off"})}
        error_messages = {"uscc": {"unique": "该统一社会信用代码已登记，请勿重复录入（可在列表中按代码查找该企业）。"}}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and "region" in self.fields:
            self.fields["region"].queryset = region_choices_for(user)
            self.fields["park"].queryset = Park.objects.visible_to(user).order_by("name")
        if "uscc" in self.fields:
            self.fields["uscc"].help_text = "18 位，按 GB 32100-2015 校验（末位为校验码），例如 91420102MA4K00017C。"
        self.fields["contact_phone"].help_text = "手机或座机号码；列表和导出中只显示部分号码。"
        self.stored_phone = self.instance.contact_phone if self.instance.pk else ""
        if self.stored_phone:
            # the stored number never goes back into the page: the input shows it masked, kept if unchanged
            self.initial["contact_phone"] = mask_phone(self.stored_phone)
            self.fields["contact_phone"].help_text = "已登记的号码只显示部分；不修改则保留原号码，如需更换请输入完整号码。"
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput) or isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)

    def clean_uscc(self):
        try:
            return clean_uscc(self.cleaned_data.get("uscc"))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_contact_phone(self):
        phone = (self.cleaned_data.get("contact_phone") or "").strip()
        if is_masked(phone):
            if self.stored_phone and phone == mask_phone(self.stored_phone):
                return self.stored_phone
            raise forms.ValidationError("请输入完整的联系电话，或保留显示的部分号码不变（即不修改）。")
        try:
            return check_phone(phone) if phone else phone
        except ValueError as exc:
            raise forms.ValidationError(f"{exc}。") from None

    def clean(self):
        data = super().clean()
        park, region = data.get("park"), data.get("region")
        if park and region and park_problem(park, region):
            self.add_error("park", park_problem(park, region))
        self.warnings = []
        uscc = data.get("uscc")
        if uscc and region is not None:
            from . import uscc_region_mismatch

            message = uscc_region_mismatch(uscc, region.code)
            if message:
                self.warnings.append(message)
        return data

    def save(self, commit=True):
        """Save only if nobody saved the row since the form was opened (row lock + version check)."""
        if self.instance.pk and commit:
            with transaction.atomic():
                current = Enterprise.objects.select_for_update().filter(pk=self.instance.pk) \
                    .values_list("version", flat=True).first()
                loaded = self.cleaned_data.get("loaded_version")
                if loaded is not None and current != loaded:
                    raise StaleRecord()
                self.instance.version = current
                return super().save(commit)
        return super().save(commit)


class EnterpriseProfileForm(EnterpriseForm):
    """What an enterprise account may change about itself (not its code, name or place)."""

    class Meta(EnterpriseForm.Meta):
        fields = ["industry", "ownership", "employee_count", "has_union", "has_collective_contract",
                  "contact_person", "contact_phone", "contact_email"]

    def clean_uscc(self):  # not on this form
        return self.instance.uscc


DEMONSTRATION_REFUSED = CreationRecord.DERIVED_FROM[CreationRecord.Status.DEMONSTRATION]


def settable_statuses():
    """Every creation status a clerk may set (CreationRecord.HAND_SET); 达标/未达标/示范 follow an assessment
    or a title."""
    return [(v, label) for v, label in CreationRecord.Status.choices if v in CreationRecord.HAND_SET]


def refuse_derived(status):
    if status in CreationRecord.DERIVED_FROM:
        raise forms.ValidationError(CreationRecord.DERIVED_FROM[status])
    return status


class CreationRecordForm(forms.ModelForm):
    class Meta:
        model = CreationRecord
        fields = ["year", "status", "started_on", "notes"]
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    change_reason = forms.CharField(label="变更说明", max_length=200, required=False,
                                    help_text="状态变化的原因，记入变更记录")

    def __init__(self, *args, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject or getattr(self.instance, "subject", None)
        if self.instance.pk:
            self.fields["year"].disabled = True
        self.fields["status"].widget.choices = settable_statuses()  # the others refused in clean_status
        if self.instance.pk and self.instance.is_derived:
            # a year at 达标/未达标/示范 keeps its status: shown, never offered for change (nor preselected away)
            self.fields["status"].widget.choices = [(self.instance.status, self.instance.get_status_display())]
            self.fields["status"].disabled = True
            self.fields["status"].help_text = CreationRecord.DERIVED_FROM[self.instance.status]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_status(self):
        if self.fields["status"].disabled:
            return self.instance.status
        return refuse_derived(self.cleaned_data["status"])

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if self.subject is not None and year and not self.instance.pk and \
                CreationRecord.objects.filter(subject=self.subject, year=year).exists():
            self.add_error("year", f"{year} 年的创建台账已存在，请直接修改该年度记录。")
        if data.get("status") and data["status"] != CreationRecord.Status.NOT_STARTED and not data.get("started_on"):
            self.add_error("started_on", "已启动创建的年度请填写启动日期。")
        return data


class BulkStatusForm(forms.Form):
    pks = forms.ModelMultipleChoiceField(queryset=Enterprise.objects.none(), error_messages={
        "required": "请先勾选要修改的企业。", "invalid_choice": "所选企业不存在或不在您的管辖范围内。",
        "invalid_pk_value": "所选企业不存在或不在您的管辖范围内。"})
    year = forms.TypedChoiceField(label="年度", choices=CAMPAIGN_YEARS, coerce=int)
    status = forms.ChoiceField(label="改为状态", choices=CreationRecord.Status.choices)
    reason = forms.CharField(label="变更说明", max_length=200, required=False)

    def clean_status(self):
        return refuse_derived(self.cleaned_data["status"])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pks"].queryset = Enterprise.objects.visible_to(user)
        self.fields["status"].widget.choices = settable_statuses()  # the others refused in clean_status
        for name in ("year", "status"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["reason"].widget.attrs["class"] = "form-control form-control-sm"


class ContactAssignmentForm(forms.ModelForm):
    class Meta:
        model = ContactAssignment
        fields = ["office", "year", "contact_person", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject
        offices = Office.objects.visible_to(user).select_related("region")
        if user is not None and user.office_id:
            # a member unit names contact units for itself: its own office, or its unit's offices below it
            offices = offices.filter(member_unit=user.office.member_unit)
            if not self.is_bound and not getattr(self.instance, "office_id", None):
                self.initial["office"] = user.office_id
        self.fields["office"].queryset = offices
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        office, year = data.get("office"), data.get("year")
        if office and self.subject is not None:
            if not self.subject.region.path.startswith(office.region.path):
                self.add_error("office", f"{office}只能联系其辖区内的单位。")
            elif year and ContactAssignment.objects.filter(office=office, subject=self.subject, year=year).exclude(
                    pk=self.instance.pk).exists():
                self.add_error("year", f"{office}已于 {year} 年将该单位列为联系单位。")
        return data


class ContactVisitForm(forms.ModelForm):
    class Meta:
        model = ContactVisit
        fields = ["visited_on", "content"]
        widgets = {"visited_on": forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
                   "content": forms.Textarea(attrs={"rows": 3, "class": "form-control"})}


class InvitationForm(forms.Form):
    """The account to open; the activation link goes to the enterprise's registered contact, never to the clerk."""

    username = forms.CharField(label="登录账号", max_length=150,
                               help_text="建议用统一社会信用代码；只能包含字母、数字和 @ . + - _")
    full_name = forms.CharField(label="联系人姓名", max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not re.match(r"^[\w.@+-]+$", username):
            raise forms.ValidationError("登录账号只能包含字母、数字和 @ . + - _。")
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(f"登录账号“{username}”已被使用，请换一个。")
        return username


class ActivationForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
