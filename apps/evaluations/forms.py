from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from apps.accounts.models import User
from apps.accounts.roles import LEADER, REVIEWER, ROLES
from apps.core.attachments import check_upload
from apps.enterprises.models import CAMPAIGN_YEARS, Subject

from .models import Agency, Assessment, Indicator, IndicatorSet, SatisfactionBallot, SpotCheck, SpotCheckItem

VETO_CHOICES = [("", "请选择"), ("no", "不存在"), ("yes", "存在")]


def parse_score(raw, indicator, label="自评分"):
    """A score between 0 and the indicator's maximum, at most one decimal place; None when empty."""
    raw = (raw or "").strip()
    if raw == "":
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(f"{indicator.code} {indicator.name}：{label}“{raw}”不是数字。") from None
    if not value.is_finite() or value < 0 or value > indicator.max_points:
        raise ValidationError(f"{indicator.code} {indicator.name}：{label}须在 0 至 {indicator.max_points} 分之间，"
                              f"您填写的是 {raw}。")
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError(f"{indicator.code} {indicator.name}：{label}最多保留一位小数。")
    return value


def parse_veto(raw):
    return {"yes": True, "no": False}.get(raw)


class SheetForm:
    """The filler's whole sheet in one POST: per item a score (or veto answer), an explanation and
    any number of evidence files. Everything is validated first; a single bad value saves nothing."""

    def __init__(self, items, data=None, files=None):
        self.items = items
        self.data, self.files = data, files
        self.errors = []
        self.cleaned = {}

    def is_valid(self):
        for item in self.items:
            ind = item.indicator
            key = str(item.pk)
            try:
                if ind.is_veto:
                    raw = self.data.get(f"veto_{key}", "")
                    value = parse_veto(raw)
                else:
                    value = parse_score(self.data.get(f"score_{key}"), ind)
            except ValidationError as exc:
                self.errors.extend(exc.messages)
                continue
            uploads = self.files.getlist(f"files_{key}") if self.files else []
            for upload in uploads:
                try:
                    check_upload(upload)
                except ValidationError as exc:
                    self.errors.extend(f"{ind.code} {ind.name}：{m}" for m in exc.messages)
            explanation = (self.data.get(f"note_{key}") or "").strip()
            if len(explanation) > 2000:
                self.errors.append(f"{ind.code} {ind.name}：说明不能超过 2000 字。")
            self.cleaned[item.pk] = (value, explanation, uploads)
        return not self.errors


class ReviewForm:
    """The reviewer's decisions on many items in one POST: accept, or adjust with score and reason."""

    def __init__(self, items, data):
        self.items, self.data = items, data
        self.errors, self.cleaned = [], {}

    def is_valid(self):
        for item in self.items:
            ind, key = item.indicator, str(item.pk)
            action = self.data.get(f"action_{key}", "")
            if action not in ("accept", "adjust"):
                continue
            comment = (self.data.get(f"comment_{key}") or "").strip()
            score = veto = None
            if action == "adjust":
                if not comment:
                    self.errors.append(f"{ind.code} {ind.name}：调整须填写理由。")
                    continue
                if ind.is_veto:
                    veto = parse_veto(self.data.get(f"rveto_{key}", ""))
                    if veto is None:
                        self.errors.append(f"{ind.code} {ind.name}：请选择是否存在否决情形。")
                        continue
                else:
                    try:
                        score = parse_score(self.data.get(f"rscore_{key}"), ind, label="审核分")
                    except ValidationError as exc:
                        self.errors.extend(exc.messages)
                        continue
                    if score is None:
                        self.errors.append(f"{ind.code} {ind.name}：请填写调整后的审核分。")
                        continue
            self.cleaned[item.pk] = (action, score, veto, comment)
        return not self.errors


class StartAssessmentForm(forms.Form):
    subject = forms.ModelChoiceField(queryset=Subject.objects.none(), label="创建主体")
    year = forms.TypedChoiceField(choices=CAMPAIGN_YEARS, coerce=int, label="年度")
    kind = forms.ChoiceField(choices=[(Assessment.Kind.TRIPARTITE, "三方评估"),
                                      (Assessment.Kind.SELF, "自评（代工业园区、乡镇（街道）填报）")],
                             label="评估类型")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # parks and townships, and enterprises whose self-assessment has been submitted (a tripartite
        # assessment follows the self-assessment): never a list of every enterprise of the area
        from django.db.models import Exists, OuterRef, Q

        from .models import Assessment

        submitted = Assessment.objects.filter(subject=OuterRef("pk"), kind=Assessment.Kind.SELF).exclude(
            status__in=Assessment.EDITABLE)
        self.fields["subject"].queryset = (Subject.objects.visible_to(user)
                                           .filter(Q(kind__in=[Subject.Kind.PARK, Subject.Kind.TOWNSHIP])
                                                   | Q(Exists(submitted)))
                                           .select_related("region").order_by("kind", "name"))
        self.fields["subject"].help_text = "可选本区域的工业园区、乡镇（街道），以及已提交自评的企业。"

    def clean(self):
        data = super().clean()
        subject, kind = data.get("subject"), data.get("kind")
        if subject and kind == Assessment.Kind.SELF and subject.kind == Subject.Kind.ENTERPRISE:
            raise ValidationError("企业自评由企业账号填报，工作人员只能代工业园区、乡镇（街道）填报自评。")
        if subject and IndicatorSet.objects.current_for(subject.kind) is None:
            raise ValidationError(f"尚无已发布的{subject.get_kind_display()}评价指标体系。")
        return data


class IndicatorSetForm(forms.ModelForm):
    class Meta:
        model = IndicatorSet
        fields = ["name", "total_points", "pass_mark", "grade_thresholds", "satisfaction_threshold",
                  "ballot_turnout", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "grade_thresholds": forms.Textarea(attrs={"rows": 3})}

    def clean_grade_thresholds(self):
        value = self.cleaned_data["grade_thresholds"] or []
        if not isinstance(value, list) or not all(
                isinstance(r, dict) and "grade" in r and isinstance(r.get("min"), (int, float)) for r in value):
            raise ValidationError('格式应为 [{"grade": "AAA", "min": 90}, …]。')
        return value

    def clean(self):
        data = super().clean()
        for name in ("satisfaction_threshold", "ballot_turnout"):
            if data.get(name) is not None and data[name] > 100:
                self.add_error(name, "比例不能超过 100%。")
        return data


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["parent", "code", "name", "guidance", "max_points", "scoring_rule", "is_veto",
                  "evidence_required", "order"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2}), "scoring_rule": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, indicator_set=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator_set = indicator_set
        parents = indicator_set.indicators.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = "留空为一级指标；二级指标为计分项。"

    def clean(self):
        data = super().clean()
        code = data.get("code")
        if code and self.indicator_set.indicators.filter(code=code).exclude(pk=self.instance.pk).exists():
            self.add_error("code", "本版本中已有相同编号的指标。")
        if data.get("max_points") is not None and data["max_points"] < 0:
            self.add_error("max_points", "分值不能为负数。")
        if data.get("is_veto"):
            if not data.get("parent"):
                self.add_error("is_veto", "一票否决项须是二级指标。")
            if data.get("max_points"):
                self.add_error("max_points", "一票否决项不计分，分值应为 0。")
        if self.instance.pk and data.get("parent") and self.instance.children.exists():
            self.add_error("parent", "该指标下已有二级指标，不能改为二级指标。")
        return data

    def save(self, commit=True):
        self.instance.indicator_set = self.indicator_set
        return super().save(commit)


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "uscc", "contact_person", "contact_phone", "is_active"]


class AgencyAccountForm(forms.Form):
    username = forms.RegexField(regex=r"^[\w.@+-]+$", max_length=150, label="用户名",
                                error_messages={"invalid": "用户名只能包含字母、数字与 @.+-_ 。"})
    full_name = forms.CharField(max_length=50, label="姓名")
    email = forms.EmailField(required=False, label="联系邮箱")
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=True),
                               help_text="至少 8 位，不能全为数字、不能过于常见。")

    def clean_username(self):
        name = self.cleaned_data["username"]
        if User.objects.filter(username=name).exists():
            raise ValidationError("该用户名已被使用。")
        return name

    def clean_password(self):
        from django.contrib.auth import password_validation

        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class AssignAgencyForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="第三方机构")
    year = forms.TypedChoiceField(choices=CAMPAIGN_YEARS, coerce=int, label="年度")
    subjects = forms.ModelMultipleChoiceField(queryset=Subject.objects.none(), label="委托评估的创建主体",
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text="仅列出本年度已提交或已完成自评的创建主体。")

    def __init__(self, *args, user=None, agency=None, subjects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.visible_to(user).filter(is_active=True)
        if agency:
            self.fields["agency"].initial = agency.pk
        self.fields["subjects"].queryset = subjects if subjects is not None else Subject.objects.none()


class PaperBallotForm(forms.ModelForm):
    class Meta:
        model = SatisfactionBallot
        fields = ["eligible", "respondents", "satisfied", "held_on", "minutes"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"minutes": "经职工代表签字的职代会或职工大会测评记录（PDF、JPG、PNG、Word），须含参加人数与计票结果。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].required = True
        self.fields["held_on"].required = True

    def clean_minutes(self):
        f = self.cleaned_data.get("minutes")
        if f and hasattr(f, "size") and not getattr(f, "_committed", False):
            check_upload(f, allowed=("pdf", "jpg", "png", "docx"))
        return f

    def clean(self):
        data = super().clean()
        eligible, respondents, satisfied = data.get("eligible"), data.get("respondents"), data.get("satisfied")
        if eligible is not None and eligible < 1:
            self.add_error("eligible", "应参加职工人数至少为 1。")
        if eligible and respondents is not None and respondents > eligible:
            self.add_error("respondents", "实际参加人数不能多于应参加人数。")
        if respondents is not None and satisfied is not None and satisfied > respondents:
            self.add_error("satisfied", "满意人数不能多于实际参加人数。")
        return data


class OnlineBallotForm(forms.Form):
    """The number of codes is the ledger's headcount; the county reviewer may set another with a reason."""

    eligible = forms.IntegerField(min_value=1, max_value=20000, required=False,
                                  label="发放测评码数量（应参加职工人数）",
                                  help_text="默认为企业台账的职工人数；改为其他数量须说明原因，记入变更记录。")
    reason = forms.CharField(max_length=80, required=False, label="调整原因")


class SpotCheckDrawForm(forms.Form):
    year = forms.TypedChoiceField(choices=CAMPAIGN_YEARS, coerce=int, label="年度")
    target = forms.ChoiceField(choices=SpotCheck.Target.choices, label="抽查对象")
    proportion = forms.DecimalField(min_value=Decimal("0.01"), max_value=100, decimal_places=2, label="抽查比例（%）")
    seed = forms.IntegerField(required=False, min_value=0, max_value=2**62, label="随机种子",
                              help_text="留空由系统随机生成并记录；填写以往的种子可复现当次抽取结果。")
    title = forms.CharField(max_length=120, required=False, label="名称")


class SpotCheckItemForm(forms.ModelForm):
    class Meta:
        model = SpotCheckItem
        fields = ["checker", "result", "findings", "checked_on"]
        widgets = {"checked_on": forms.DateInput(attrs={"type": "date"}), "findings": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # reviewers and leaders of the offices in the user's area, not every staff account of the province
        checkers = User.objects.visible_to(user).staff().filter(is_active=True).filter(
            Q(groups__name__in=[ROLES[REVIEWER], ROLES[LEADER]]) | Q(pk=self.instance.checker_id))
        self.fields["checker"].queryset = checkers.distinct().order_by("office__region__code", "username")

    def clean(self):
        data = super().clean()
        if data.get("result") and data["result"] != SpotCheckItem.Result.PENDING and not data.get("findings"):
            self.add_error("findings", "请填写核查发现。")
        return data
