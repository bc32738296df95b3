import datetime

from django import forms

from apps.core import attachments
from apps.core.attachments import check_upload
from apps.enterprises.models import Subject
from apps.regions.models import Region

from . import stages
from .models import SelectionRound
from .services import OBJECTION_MAX_BYTES, OBJECTION_TYPES

COMMITMENT_TYPES = {"pdf", "jpg", "jpeg", "png"}  # 盖章后的承诺书扫描件

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})


def bootstrap(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class RoundForm(forms.ModelForm):
    class Meta:
        model = SelectionRound
        fields = ["year", "kind", "name", "total_quota", "assessment_year", "min_score", "min_score_years",
                  "publicity_days", "keep_reserve", "drop_extremes", *stages.form_deadlines()]
        widgets = {f: DATE for f in stages.form_deadlines()}

    criteria_text = forms.CharField(
        label="评审项目", widget=forms.Textarea(attrs={"rows": 4}),
        initial="劳动关系协调机制|30\n职工权益保障|30\n民主管理与人文关怀|20\n示范带动作用|20",
        help_text="每行一项：名称|满分，如 “劳动关系协调机制|30”")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a stage added to the spec brings its deadline field (apps/honours/stages.py)
        for name in stages.form_deadlines():
            if name not in self.fields:
                self.fields[name] = SelectionRound._meta.get_field(name).formfield(widget=DATE)
                self.fields[name].initial = getattr(self.instance, name, None)
        bootstrap(self)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2023 <= year <= 2100:
            raise forms.ValidationError("年度须在 2023 至 2100 之间。")
        return year

    def clean_total_quota(self):
        quota = self.cleaned_data["total_quota"]
        if not 1 <= quota <= 1000:
            raise forms.ValidationError("命名总名额须在 1 至 1000 之间。")
        return quota

    def clean_publicity_days(self):
        days = self.cleaned_data["publicity_days"]
        if not 5 <= days <= 30:
            raise forms.ValidationError("公示期须为 5 至 30 个工作日。")
        return days

    def clean_criteria_text(self):
        criteria = []
        for n, line in enumerate(self.cleaned_data["criteria_text"].splitlines(), 1):
            if not line.strip():
                continue
            name, _, top = line.partition("|")
            try:
                top = int(top.strip())
            except ValueError:
                raise forms.ValidationError(f"第 {n} 行须写成“名称|满分”，满分为整数。") from None
            if not name.strip() or not 1 <= top <= 100:
                raise forms.ValidationError(f"第 {n} 行：名称不能为空，满分须在 1 至 100 之间。")
            criteria.append({"name": name.strip()[:50], "max": top})
        if not criteria:
            raise forms.ValidationError("请至少填写一个评审项目。")
        return criteria

    def clean(self):
        data = super().clean()
        problem = stages.deadline_order_problem(data)
        if problem:
            raise forms.ValidationError(problem)
        if data.get("kind") and data.get("year") and SelectionRound.objects.filter(
                year=data["year"], kind=data["kind"]).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"{data['year']}年已有同类评选活动。")
        return data

    def save(self, commit=True):
        self.instance.criteria = self.cleaned_data["criteria_text"]
        for name in stages.form_deadlines():
            setattr(self.instance, name, self.cleaned_data[name])
        return super().save(commit)


class QuotaForm(forms.Form):
    """The allocation among the 17 city-level units: one quota and one reserve per city."""

    def __init__(self, round_, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        self.rows = []
        current = {q.city_id: q for q in round_.quotas.all()}
        for city in Region.objects.cities().order_by("code"):
            q = current.get(city.pk)
            self.fields[f"q_{city.code}"] = forms.IntegerField(
                label=f"{city.name} 名额", min_value=0, max_value=round_.total_quota,
                initial=q.quota if q else 0, widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))
            self.fields[f"r_{city.code}"] = forms.IntegerField(
                label=f"{city.name} 候补", min_value=0, max_value=100, initial=q.reserve if q else 0,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))
            self.rows.append((city, self[f"q_{city.code}"], self[f"r_{city.code}"]))

    def clean(self):
        data = super().clean()
        total = sum(v for k, v in data.items() if k.startswith("q_") and v is not None)
        if total > self.round.total_quota:
            raise forms.ValidationError(f"各市（州）名额合计 {total} 个，超过命名总名额 {self.round.total_quota} 个。")
        return data


class ApplicationForm(forms.Form):
    round = forms.ModelChoiceField(label="评选活动", queryset=SelectionRound.objects.none(),
                                   error_messages={"required": "请选择评选活动。", "invalid_choice": "所选活动不在申报阶段。"})
    subject = forms.ModelChoiceField(label="申报单位", queryset=Subject.objects.none(),
                                     error_messages={"required": "请选择申报单位。",
                                                     "invalid_choice": "所选单位不在您的管辖范围内。"})
    summary = forms.CharField(label="创建工作简介", max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="创建工作的主要做法和成效，3000 字以内")
    commitment = forms.FileField(label="承诺书", help_text="盖章后的承诺书扫描件（PDF 或图片，不超过 10 MB）",
                                 error_messages={"required": "请上传承诺书。"})

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = SelectionRound.objects.filter(stage__in=stages.stages_opening("apply"))
        subjects = Subject.objects.visible_to(user).filter(kind__in=["enterprise", "park"]).order_by("name")
        self.fields["subject"].queryset = subjects
        if user.kind == "enterprise":
            self.fields["subject"].initial = user.enterprise.subject_id if user.enterprise_id else None
        bootstrap(self)

    def clean_commitment(self):
        return checked_file(self.cleaned_data["commitment"], allowed=COMMITMENT_TYPES)


def checked_file(upload, allowed=OBJECTION_TYPES):
    """The one upload validator (apps/core/attachments.py): type, size, content and structure."""
    if upload is None:
        return upload
    ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if ext not in allowed:
        raise forms.ValidationError("只接受 PDF、Word 或 JPG/PNG 图片。" if "docx" in allowed else "只接受 PDF 或 JPG/PNG 图片。")
    if upload.size > OBJECTION_MAX_BYTES:
        raise forms.ValidationError(f"文件不能超过 {OBJECTION_MAX_BYTES // 1024 // 1024} MB"
                                    f"（所选文件 {upload.size / 1024 / 1024:.1f} MB）。")
    check_upload(upload, allowed=tuple(attachments.EXTENSIONS[t] for t in allowed), max_bytes=OBJECTION_MAX_BYTES)
    return upload


class StepForm(forms.Form):
    """A workflow step with its reason (opinion) and, where the stage ranks, a rank."""

    action = forms.CharField(widget=forms.HiddenInput)
    rank = forms.IntegerField(label="排序", min_value=1, max_value=100000, required=False)
    reason = forms.CharField(label="意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    number = forms.IntegerField(label="文号序号", min_value=1, max_value=9999, required=False)
    named_on = forms.DateField(label="命名日期", required=False, widget=DATE)
    cause = forms.CharField(required=False, max_length=20)
    risk_note = forms.CharField(label="重大风险说明", max_length=2000, required=False)


class ScoreForm(forms.Form):
    comment = forms.CharField(label="评审意见", max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, criteria, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for i, c in enumerate(criteria):
            self.fields[f"c{i}"] = forms.DecimalField(label=f"{c['name']}（满分 {c['max']}）", min_value=0,
                                                      max_value=c["max"], decimal_places=1, max_digits=5,
                                                      error_messages={"required": "请填写分数。"})
        self.order_fields([f"c{i}" for i in range(len(criteria))] + ["comment"])
        bootstrap(self)

    def scores(self):
        return {c["name"]: self.cleaned_data[f"c{i}"] for i, c in enumerate(self.criteria)}


class RevokeForm(forms.Form):
    from .models import Revocation as _R

    cause = forms.ChoiceField(label="撤销原因", choices=[c for c in _R.Cause.choices if c[0] != "rereview"])
    reason = forms.CharField(label="撤销理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "撤销命名须填写理由。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


def today():
    return datetime.date.today()
