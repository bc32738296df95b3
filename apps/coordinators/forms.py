
from django import forms
from django.urls import reverse_lazy
from django.utils import timezone

from apps.core.fields import blind_index
from apps.core.idnumbers import clean_id_number, compact
from apps.core.pickers import SearchPickWidget
from apps.enterprises.models import Enterprise
from apps.regions.models import Region

from .models import (
    AwardRecommendation,
    Contest,
    Coordinator,
    SkillEvaluation,
    Training,
)


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
    """Attendees picked from the coordinator ledger by name (searchable, only the user's area), or typed by
    身份证号 (one a line), each marked 合格 or 不合格."""

    coordinators = forms.ModelMultipleChoiceField(
        label="从协调员台账选择", queryset=Coordinator.objects.none(), required=False,
        widget=SearchPickWidget(search_url=reverse_lazy("coordinators:pick"), placeholder="输入协调员姓名搜索"),
        help_text="按姓名搜索本辖区台账中的协调员，勾选后添加。")
    id_numbers = forms.CharField(label="或按身份证号添加", required=False,
                                 widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                                 help_text="每行一个身份证号；只能添加本辖区已登记的协调员。")
    passed = forms.TypedChoiceField(label="考核结果", choices=[("1", "合格"), ("0", "不合格")], initial="1",
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect, required=False,
                                    empty_value=True)

    def __init__(self, *args, training, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.training, self.user = training, user
        self.fields["coordinators"].queryset = Coordinator.objects.visible_to(user).select_related("region")

    def clean_id_numbers(self):
        lines = [line.strip() for line in self.cleaned_data["id_numbers"].splitlines() if line.strip()]
        digests, errors = {}, {}
        for number, line in enumerate(lines, start=1):
            digests[number] = blind_index(compact(line))
        # one query for every line, not one per line; a number found in the ledger is never refused
        by_digest = {c.id_digest: c for c in Coordinator.objects.visible_to(self.user).filter(
            id_digest__in=set(digests.values()))}
        found = []
        for number, digest in digests.items():
            if digest in by_digest:
                found.append(by_digest[digest])
                continue
            try:
                clean_id_number(lines[number - 1])
            except forms.ValidationError as exc:
                errors[number] = exc.messages[0]
            else:
                errors[number] = "本辖区未登记该身份证号的协调员。"
        if errors:
            raise forms.ValidationError([f"第{number}行：{errors[number]}" for number in sorted(errors)])
        return found

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("coordinators") and not cleaned.get("id_numbers"):
            raise forms.ValidationError("请从台账选择协调员，或填写身份证号。")
        cleaned["people"] = list({c.pk: c for c in [*(cleaned.get("coordinators") or []),
                                                     *(cleaned.get("id_numbers") or [])]}.values())
        return cleaned


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
