import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import QUARTERS, YEARS, AnnualReport, TaskProgress, WorkTask, quarter_of

FIGURE_LINE = re.compile(r"^\s*(?P<name>[^：:]{1,40})\s*[：:]\s*(?P<value>.{1,60}?)\s*$")
NOT_YOURS = "该任务的责任单位是“{responsible}”，不是本单位（{office}），不能报送其进展。"


class ProgressForm(forms.ModelForm):
    """A responsible office's quarterly progress on one of its tasks; reported once per quarter."""

    task = forms.ModelChoiceField(WorkTask.objects.none(), label="工作任务",
                                  error_messages={"invalid_choice": "请选择本单位负责的工作任务。"})
    figures_text = forms.CharField(label="主要数据", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text="每行一项，“名称：数值”，如 “开展协调员培训：3 次”")
    attachment = forms.FileField(label="附件", required=False, help_text="PDF、Word 或图片，不超过上传上限")

    class Meta:
        model = TaskProgress
        fields = ["task", "year", "quarter", "status", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"text": "本季度推进了哪些工作、取得什么进展、下一步安排"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        office = user.office if user and user.office_id else None
        self.office = office
        # every task is offered, so that a task of another office is refused with a clear message
        self.fields["task"].queryset = WorkTask.objects.all()
        self.fields["task"].label_from_instance = lambda t: f"{t.number}. {t.task[:40]}（{t.responsible}）"
        year, quarter = quarter_of(timezone.localdate())
        self.fields["year"].initial = year
        self.fields["quarter"].initial = quarter
        self.fields["year"].choices = YEARS
        self.fields["quarter"].choices = QUARTERS
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_task(self):
        task = self.cleaned_data["task"]
        if self.office is None:
            raise ValidationError("您的账号不属于任何三方成员单位，不能报送任务进展。")
        if not task.is_for(self.office):
            raise ValidationError(NOT_YOURS.format(responsible=task.responsible, office=self.office))
        return task

    def clean_figures_text(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["figures_text"].splitlines(), start=1):
            if not line.strip():
                continue
            match = FIGURE_LINE.match(line)
            if not match:
                raise ValidationError(f"第 {number} 行“{line[:30]}”格式不对，应为“名称：数值”。")
            rows.append([match["name"].strip(), match["value"].strip()])
        if len(rows) > 30:
            raise ValidationError("主要数据最多填写 30 项。")
        return rows

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            from apps.evaluations.services import check_upload

            check_upload(upload, allowed=("pdf", "docx", "jpg", "png"))
        return upload

    def clean(self):
        data = super().clean()
        task, year, quarter = data.get("task"), data.get("year"), data.get("quarter")
        if not (task and year and quarter and self.office):
            return data
        now_year, now_quarter = quarter_of(timezone.localdate())
        if (int(year), int(quarter)) > (now_year, now_quarter):
            raise ValidationError(f"{year}年{dict(QUARTERS)[int(quarter)]}尚未开始，不能提前报送。")
        if TaskProgress.objects.filter(task=task, office=self.office, year=year, quarter=quarter).exists():
            raise ValidationError(f"本单位已报送第 {task.number} 项任务{year}年{dict(QUARTERS)[int(quarter)]}的进展，"
                                  "同一季度不能重复报送。")
        return data

    def save(self, commit=True):
        progress = super().save(commit=False)
        progress.office = self.office
        progress.reported_by = self.user
        progress.figures = self.cleaned_data["figures_text"]
        upload = self.cleaned_data.get("attachment")
        if upload:
            progress.attachment = upload
            progress.attachment_name = upload.name[-200:]
        if commit:
            progress.save()
        return progress


class ReportNarrativeForm(forms.ModelForm):
    """The sections staff write; the figures are the portal's and a form carrying one is refused whole."""

    class Meta:
        model = AnnualReport
        fields = list(AnnualReport.NARRATIVE)
        widgets = {f: forms.Textarea(attrs={"rows": 6, "class": "form-control"}) for f in AnnualReport.NARRATIVE}

    def clean(self):
        data = super().clean()
        computed = [k for k in self.data if k == "figures" or k.startswith("figure") or k in self.computed_keys()]
        if computed:
            raise ValidationError("报告中的统计数据由系统根据台账自动计算，不能手工填写或修改；如数据有误，请更正台账后点击“重新计算”。")
        if not self.instance.is_editable:
            raise ValidationError(f"报告{self.instance.get_status_display()}，不能再修改。")
        return data

    def computed_keys(self):
        return {row["key"] for row in (self.instance.figures or {}).get("rows", [])}


class DraftReportsForm(forms.Form):
    kind = forms.ChoiceField(label="报告类型", choices=AnnualReport.Kind.choices)
    year = forms.TypedChoiceField(label="年度", choices=YEARS, coerce=int)

    def clean(self):
        data = super().clean()
        kind, year = data.get("kind"), data.get("year")
        from .reports import PERIOD_YEARS

        if kind in PERIOD_YEARS and year != PERIOD_YEARS[kind]:
            raise ValidationError(f"{AnnualReport.Kind(kind).label}在 {PERIOD_YEARS[kind]} 年开展，年度请选 {PERIOD_YEARS[kind]}。")
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
