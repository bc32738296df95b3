import datetime
import functools

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.util import isdigits

from apps.core.fields import blind_index
from apps.core.pickers import SearchPickWidget
from apps.enterprises.models import Enterprise
from apps.regions.models import Region

from .models import (
    AwardRecommendation,
    Contest,
    Coordinator,
    RiskReport,
    SkillEvaluation,
    Training,
)

ID_ERRORS = {
    InvalidLength: "身份证号应为18位。",
    InvalidFormat: "身份证号格式不正确：前17位应为数字，最后一位为数字或X。",
    InvalidChecksum: "身份证号校验码不正确，请核对后重新输入。",
    InvalidComponent: "身份证号中的出生日期或地区码无效。",
}


def clean_id_number(value):
    """Validate a 身份证号 (GB 11643-1999) and return it compact; a ValidationError in Chinese otherwise."""
    value = (value or "").strip().upper()
    try:
        return _validate_id_number(value)
    except ValidationError as exc:
        message = next((text for kind, text in ID_ERRORS.items() if isinstance(exc, kind)), "身份证号无效。")
        raise forms.ValidationError(message) from exc


def _validate_id_number(value):
    """`stdnum.cn.ric.validate`, with its one slow step — finding the place of birth in stdnum's table of
    division codes — remembered per place and birth year (a 20,000-row import has a few hundred of them)."""
    number = ric.compact(value)
    if len(number) != 18:
        raise InvalidLength()
    if not isdigits(number[:-1]):  # ASCII digits only (str.isdigit would take full-width ones)
        raise InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidChecksum()
    try:  # ric.get_birth_date without compacting the number once more
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidComponent() from None
    if not _known_birth_place(number[:10]):
        raise InvalidComponent()
    return number


@functools.lru_cache(maxsize=16384)
def _known_birth_place(place_and_year):
    """Whether the division code (6 digits) was in use in the birth year (4 digits): stdnum's own check."""
    try:
        ric.get_birth_place(place_and_year + "01010000")  # 1 January of that year, any sequence number
    except ValidationError:
        return False
    return True


def clean_phone(value):
    value = (value or "").strip().replace(" ", "").replace("-", "")
    if value and not (value.isdigit() and len(value) == 11 and value.startswith("1")):
        raise forms.ValidationError("手机号码应为以1开头的11位数字。")
    return value


def duplicate_message(existing, named):
    """The holder's name and place only for someone who may see that row (`named`). To anyone else: that it
    is registered and whom to ask — never where, which would tell another area where that person works."""
    if named:
        return f"该身份证号已登记（{existing.name}，{existing.region.full_name}），不能重复登记。"
    return DUPLICATE_ELSEWHERE


DUPLICATE_ELSEWHERE = "该身份证号已登记，不能重复登记。如需核实或调整登记，请联系省三方办（省人社厅劳动关系处）。"


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.name


class CoordinatorForm(forms.ModelForm):
    id_number = forms.CharField(label="身份证号", max_length=18, help_text="18位居民身份证号，系统自动校验并据此计算性别和出生日期；保存后仅显示脱敏号码。")
    phone = forms.CharField(label="手机号码", max_length=11, required=False)
    region = RegionChoiceField(label="所在区划", queryset=Region.objects.filter(level__in=["county", "township"]),
                               help_text="登记的县（市、区）或乡镇（街道）")
    enterprises = forms.ModelMultipleChoiceField(
        label="服务企业", queryset=Enterprise.objects.all(), required=False,
        widget=SearchPickWidget(search_url=reverse_lazy("enterprises:pick"), placeholder="输入企业名称或统一社会信用代码搜索"),
        help_text="勾选的企业即为服务企业；搜索只列出本辖区企业，取消勾选即移除。")

    class Meta:
        model = Coordinator
        fields = ["name", "id_number", "phone", "education", "workplace_type", "workplace_name", "region",
                  "enterprises", "skill_level", "certificate_no", "pay_band", "status", "on_public_list"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # the stored number is never put back into the page: leave blank to keep it
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = "已登记：" + self.instance.masked_id_number + "。如需更正请输入完整号码，留空则不变。"
            self.initial["id_number"] = ""
            self.initial["phone"] = ""
            self.fields["phone"].help_text = (f"已登记：{self.instance.masked_phone}。留空则不变。"
                                              if self.instance.phone else "")
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-select" if isinstance(
                    field.widget, forms.Select) else "form-control")

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number")
        if not value and self.instance.pk:
            return self.instance.id_number
        value = clean_id_number(value)
        existing = Coordinator.objects.with_id_number(value).exclude(pk=self.instance.pk).select_related(
            "region").first()
        if existing is not None:
            user = getattr(self, "user", None)
            raise forms.ValidationError(duplicate_message(existing, user is not None and Coordinator.objects.visible_to(
                user).filter(pk=existing.pk).exists()))
        return value

    def clean_phone(self):
        value = clean_phone(self.cleaned_data.get("phone"))
        if not value and self.instance.pk:
            return self.instance.phone
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("skill_level") and not cleaned.get("certificate_no"):
            self.add_error("certificate_no", "已选择职业技能等级，请填写证书编号。")
        return cleaned

    def save(self, commit=True):
        self.instance.set_id_number(self.cleaned_data["id_number"])
        return super().save(commit)


def _style(form):
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            continue
        field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                      else "form-control")


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class TrainingForm(StyledModelForm):
    region = RegionChoiceField(label="举办区划", queryset=Region.objects.filter(level__in=["city", "county", "township",
                                                                                        "province"]))

    class Meta:
        model = Training
        fields = ["organiser", "region", "park", "date", "topic", "hours", "location"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours <= 0:
            raise forms.ValidationError("学时应大于0。")
        return hours

    def clean(self):
        cleaned = super().clean()
        park, region = cleaned.get("park"), cleaned.get("region")
        if park and region and not park.region.path.startswith(region.path) and not region.path.startswith(
                park.region.path):
            self.add_error("park", "所选园区不在举办区划内。")
        return cleaned


class AttendanceAddForm(forms.Form):
    id_numbers = forms.CharField(label="参训协调员身份证号", widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
                                 help_text="每行一个身份证号；只能添加本辖区已登记的协调员。")

    def __init__(self, *args, training, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.training, self.user = training, user

    def clean_id_numbers(self):
        lines = [line.strip() for line in self.cleaned_data["id_numbers"].splitlines() if line.strip()]
        digests, errors = {}, {}
        for number, line in enumerate(lines, start=1):
            try:
                digests[number] = blind_index(clean_id_number(line))
            except forms.ValidationError as exc:
                errors[number] = exc.messages[0]
        # one query for every line, not one per line
        by_digest = {c.id_digest: c for c in Coordinator.objects.visible_to(self.user).filter(
            id_digest__in=set(digests.values()))}
        found = []
        for number, digest in digests.items():
            if digest in by_digest:
                found.append(by_digest[digest])
            else:
                errors[number] = "本辖区未登记该身份证号的协调员。"
        if errors:
            raise forms.ValidationError([f"第{number}行：{errors[number]}" for number in sorted(errors)])
        return found


class SkillEvaluationForm(StyledModelForm):
    class Meta:
        model = SkillEvaluation
        fields = ["level", "date", "agency", "result", "certificate_no"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("result") == SkillEvaluation.Result.PASSED and not cleaned.get("certificate_no"):
            self.add_error("certificate_no", "评价通过时请填写证书编号。")
        return cleaned


class ContestForm(StyledModelForm):
    region = RegionChoiceField(label="举办区划", queryset=Region.objects.all())

    class Meta:
        model = Contest
        fields = ["name", "region", "date", "participants", "notes"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "notes": forms.Textarea(attrs={"rows": 4})}


class AwardRecommendationForm(StyledModelForm):
    class Meta:
        model = AwardRecommendation
        # the outcome is a workflow step (apps/coordinators/workflow.py, AwardOutcome), not a form field
        fields = ["award", "year", "recommended_on", "recommender"]
        widgets = {"recommended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class GoldMedalNominationForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2023, max_value=2035)
    citation = forms.CharField(label="主要事迹", max_length=300, required=False,
                               widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].widget.attrs["class"] = "form-control"


class RiskReportForm(StyledModelForm):
    class Meta:
        model = RiskReport
        fields = ["enterprise", "category", "severity", "people_affected", "amount", "description",
                  "actions_taken", "coordinator"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "actions_taken": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"severity": "重大风险提交后立即通知市、省两级三方办。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].error_messages["invalid_choice"] = "所选企业不在您的管辖区域内，不能上报。"
        self.fields["coordinator"].error_messages["invalid_choice"] = "所选协调员不在您的管辖区域内。"

    def clean_amount(self):
        amount = self.cleaned_data.get("amount") or 0
        if amount < 0:
            raise forms.ValidationError("涉及金额不能为负数。")
        return amount


class RiskTransitionForm(forms.Form):
    note = forms.CharField(label="处置说明", widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    due_date = forms.DateField(label="下一步办理时限", required=False,
                               widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
