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
            from apps.core.attachments import check_upload

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
    due_on = forms.DateField(label="报送截止日期", required=False,
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                             help_text="方案规定的截止日期已过时（补起草），由省三方办设定；否则按方案规定的日期。")

    def clean(self):
        data = super().clean()
        kind, year = data.get("kind"), data.get("year")
        from .reports import PERIOD_YEARS, TooEarly, default_due, refuse_before_its_year

        if kind in PERIOD_YEARS and year != PERIOD_YEARS[kind]:
            raise ValidationError(f"{AnnualReport.Kind(kind).label}在 {PERIOD_YEARS[kind]} 年开展，年度请选 {PERIOD_YEARS[kind]}。")
        if kind and year:
            try:
                refuse_before_its_year(kind, year)
            except TooEarly as exc:
                raise ValidationError(str(exc)) from None
            today = timezone.localdate()
            due_on = data.get("due_on")
            if due_on is None and default_due(kind, year) is None:
                raise ValidationError(f"方案规定的截止日期已过，请设定{year}年{AnnualReport.Kind(kind).label}的报送截止日期。")
            if due_on is not None and due_on < today:
                raise ValidationError("报送截止日期不能早于今天。")
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


# ------------------------------------------------------------------------ the tripartite mechanism, plans

from apps.accounts.models import MemberUnit, Office, User  # noqa: E402

from .models import Analysis, ExpertMember, FollowUpAction, Meeting, WorkPlan  # noqa: E402


def _styled(form):
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class OwnAreaForm(forms.ModelForm):
    """A record of the user's own area: its region is the office's, never chosen."""

    upload_types = ("pdf", "docx", "jpg", "png")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        _styled(self)

    def clean(self):
        data = super().clean()
        if not (self.user and self.user.office_id):
            raise ValidationError("您的账号不属于任何三方成员单位，不能登记。")
        upload = data.get("attachment")
        if upload and hasattr(upload, "content_type"):
            from apps.core.attachments import check_upload

            try:
                check_upload(upload, allowed=self.upload_types)
            except ValidationError as exc:
                self.add_error("attachment", exc)
        return data

    def save(self, commit=True):
        obj = super().save(commit=False)
        obj.region = self.user.region
        upload = self.cleaned_data.get("attachment")
        if upload and hasattr(upload, "content_type") and hasattr(obj, "attachment_name"):
            obj.attachment_name = upload.name[-200:]
        for field in ("recorded_by", "filed_by", "uploaded_by"):
            if hasattr(obj, field + "_id"):
                setattr(obj, field, self.user)
        if commit:
            obj.save()
        return obj


class MeetingForm(OwnAreaForm):
    attendee_units = forms.MultipleChoiceField(label="出席成员单位", choices=MemberUnit.choices,
                                               widget=forms.CheckboxSelectMultiple,
                                               error_messages={"required": "请勾选出席会议的成员单位。"})

    class Meta:
        model = Meeting
        fields = ["kind", "title", "held_on", "attendee_units", "attendees", "resolutions"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}), "attendees": forms.Textarea(attrs={"rows": 3}),
                   "resolutions": forms.Textarea(attrs={"rows": 5})}

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise ValidationError("会议日期不能晚于今天：请在会后登记会议记录。")
        return day


class FollowUpActionForm(forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        # an action is owned by an office of the meeting's area or below
        self.fields["owner"].queryset = Office.objects.filter(
            region__path__startswith=meeting.region.path).select_related("region")
        self.fields["owner"].error_messages["invalid_choice"] = "请选择本地区或下级的成员单位。"
        _styled(self)

    def clean_due_on(self):
        day = self.cleaned_data["due_on"]
        if day < self.meeting.held_on:
            raise ValidationError("完成时限不能早于会议日期。")
        return day

    def save(self, commit=True):
        action = super().save(commit=False)
        action.meeting = self.meeting
        if commit:
            action.save()
        return action


class ExpertForm(forms.ModelForm):
    """Add an expert to the roster: creates the expert's account (kind 评审专家) at the same time."""

    username = forms.RegexField(label="登录名", regex=r"^[A-Za-z0-9_.-]{4,40}$",
                                error_messages={"invalid": "登录名为 4–40 位字母、数字、点、横线或下划线。"})
    full_name = forms.CharField(label="姓名", max_length=50)

    class Meta:
        model = ExpertMember
        fields = ["organization", "title", "specialty", "appointed_on", "term_ends_on"]
        widgets = {"appointed_on": forms.DateInput(attrs={"type": "date"}),
                   "term_ends_on": forms.DateInput(attrs={"type": "date"})}

    field_order = ["full_name", "username", "organization", "title", "specialty", "appointed_on", "term_ends_on"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        _styled(self)

    def clean_username(self):
        name = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=name).exists():
            raise ValidationError("该登录名已被使用，请换一个。")
        return name

    def clean(self):
        data = super().clean()
        if not (self.user and self.user.office_id):
            raise ValidationError("您的账号不属于任何三方成员单位，不能聘任专家。")
        start, end = data.get("appointed_on"), data.get("term_ends_on")
        if start and end and end <= start:
            self.add_error("term_ends_on", "聘期届满日须晚于聘任日期。")
        return data

    def save(self, commit=True):
        member = super().save(commit=False)
        account = User(username=self.cleaned_data["username"], full_name=self.cleaned_data["full_name"],
                       kind=User.Kind.EXPERT)
        account.set_unusable_password()  # the office admin sets the first password in 用户管理
        account.save()
        member.user = account
        member.region = self.user.region
        member.save()
        return member


class AnalysisForm(OwnAreaForm):
    class Meta:
        model = Analysis
        fields = ["kind", "title", "period", "summary", "attachment"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}


class WorkPlanForm(OwnAreaForm):
    upload_types = ("pdf", "docx")

    class Meta:
        model = WorkPlan
        fields = ["title", "doc_number", "issued_on", "attachment"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"})}
        error_messages = {"attachment": {"required": "请上传工作方案全文（PDF 或 Word）。"}}

    def clean(self):
        data = super().clean()
        if self.user and self.user.office_id:
            region = self.user.region
            if region.level == "township":
                raise ValidationError("工作方案由省、市（州）、县（市、区）三方办制定。")
            if WorkPlan.objects.filter(region=region).exists():
                raise ValidationError(f"{region.full_name}已上传工作方案，不能重复上传。")
        if data.get("issued_on") and data["issued_on"] > timezone.localdate():
            self.add_error("issued_on", "印发日期不能晚于今天。")
        return data


from .models import Bulletin  # noqa: E402


class BulletinForm(OwnAreaForm):
    class Meta:
        model = Bulletin
        fields = ["year", "title", "doc_number", "opening"]
        widgets = {"opening": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"opening": "通报正文的开头一段；排名表由系统根据台账数据生成"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from apps.documents.numbering import proposal

        if not self.instance.pk and self.user and self.user.office_id:
            self.fields["doc_number"].initial = proposal(self.user.region)  # the next free 文号

    def owner(self):
        return f"supervision.bulletin:{self.instance.pk}" if self.instance.pk else ""

    def clean_doc_number(self):
        from apps.core.workflow import WorkflowError
        from apps.documents.numbering import check

        try:
            return check(self.cleaned_data["doc_number"], self.owner())[0]
        except WorkflowError as exc:
            raise ValidationError(exc.message) from None

    def clean(self):
        data = super().clean()
        if self.user and self.user.office_id and self.user.region.level == "township":
            raise ValidationError("乡镇（街道）没有下级地区，不能印发排名通报。")
        return data

    def save(self, commit=True):
        from apps.documents.numbering import claim

        from .bulletins import compute_rankings

        bulletin = super().save(commit=False)
        bulletin.created_by = self.user
        bulletin.rankings = compute_rankings(bulletin.region, bulletin.year)
        if commit:
            bulletin.save()
            claim(bulletin.doc_number, kind="bulletin", title=bulletin.title, owner=f"supervision.bulletin:{bulletin.pk}",
                  region=bulletin.region, user=self.user)
        return bulletin
