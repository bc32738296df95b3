"""Forms of the recognition app: what a user types is validated here and kept on error."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.accounts.models import MemberUnit
from apps.coordinators.forms import clean_phone
from apps.core.idnumbers import clean_id_number
from apps.core.masking import mask_id_number, mask_phone
from apps.enterprises.models import Enterprise
from apps.honours.models import DemonstrationTitle

from .models import Case, Commendation, Incentive

YEARS = range(2023, 2036)
CASE_BODY_MAX = 10_000
DEEDS_MAX = 3_000
INCENTIVE_CONTENT_MAX = 5_000
MAX_BENEFICIARIES = 500


def year_field(label):
    return forms.TypedChoiceField(label=label, coerce=int, choices=[(y, f"{y}年") for y in YEARS],
                                  initial=timezone.localdate().year)


def visible_enterprise(user, uscc):
    """The enterprise with this code if the user may see it; a message that names nothing otherwise."""
    uscc = (uscc or "").strip().upper()
    if not uscc:
        return None
    enterprise = Enterprise.objects.visible_to(user).select_related("region").filter(uscc=uscc).first()
    if enterprise is None:
        raise ValidationError("本辖区企业台账中没有该统一社会信用代码的企业，请核对或先在企业创建台账中登记。")
    return enterprise


def max_length_text(value, limit, label):
    if len(value) > limit:
        raise ValidationError(f"{label}不能超过 {limit:,} 字（现 {len(value):,} 字）。")
    return value


class StyledForm:
    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                widget.attrs.setdefault("class", "form-check-input")
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


# ------------------------------------------------------------------------------------------ typical cases


class CaseForm(StyledForm, forms.ModelForm):
    year = year_field("年度")
    uscc = forms.CharField(label="所属企业统一社会信用代码", max_length=18, required=False,
                           help_text="企业案例请填写，案例将归入该企业所在区划；园区、乡镇案例可不填")

    field_order = ["title", "category", "year", "unit_name", "uscc", "summary", "body"]

    class Meta:
        model = Case
        fields = ["title", "category", "year", "unit_name", "summary", "body"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.kind == "enterprise":
            del self.fields["uscc"]
            self.fields["unit_name"].initial = user.enterprise.name if user.enterprise_id else ""
        elif self.instance.enterprise_id:
            self.fields["uscc"].initial = self.instance.enterprise.uscc
        self.style()

    def clean_body(self):
        return max_length_text(self.cleaned_data["body"], CASE_BODY_MAX, "案例正文")

    def clean_uscc(self):
        return visible_enterprise(self.user, self.cleaned_data.get("uscc"))

    def clean(self):
        data = super().clean()
        user = self.user
        if user.kind == "enterprise":
            if not user.enterprise_id:
                raise ValidationError("企业账号未关联企业，不能报送案例。")
            self.instance.enterprise = user.enterprise
            self.instance.region = user.enterprise.region
            self.instance.author_kind = "enterprise"
        elif "uscc" in data:
            enterprise = data.get("uscc")
            if user.region is None or user.region.level not in ("county", "city"):
                raise ValidationError("典型案例由县（市、区）、市（州）三方办或企业报送。")
            self.instance.enterprise = enterprise
            self.instance.region = enterprise.region if enterprise else user.region
        return data


# ------------------------------------------------------------------------------------------- commendations


class CommendationForm(StyledForm, forms.ModelForm):
    year = year_field("表彰年度")
    uscc = forms.CharField(label="所在企业统一社会信用代码", max_length=18, required=False,
                           help_text="先进集体为企业时、或个人所在企业在台账中时填写；推荐将归入该企业所在区划")
    id_number = forms.CharField(label="身份证号", max_length=18, required=False,
                                help_text="先进个人必填；加密保存，页面只显示脱敏号码")
    phone = forms.CharField(label="联系电话", max_length=13, required=False, help_text="11位手机号码；加密保存")

    field_order = ["year", "kind", "name", "uscc", "workplace", "gender", "id_number", "phone", "deeds"]

    class Meta:
        model = Commendation
        fields = ["year", "kind", "name", "workplace", "gender", "id_number", "phone", "deeds"]
        widgets = {"deeds": forms.Textarea(attrs={"rows": 10}), "kind": forms.RadioSelect}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance
        if instance.pk:
            # personal data is never sent back to the browser: left empty, it stays as it is
            self.initial["id_number"] = self.initial["phone"] = ""
            if instance.id_number:
                self.fields["id_number"].help_text = f"已登记：{mask_id_number(instance.id_number)}。留空则不变。"
            if instance.phone:
                self.fields["phone"].help_text = f"已登记：{mask_phone(instance.phone)}。留空则不变。"
            if instance.enterprise_id:
                self.fields["uscc"].initial = instance.enterprise.uscc
        self.fields["kind"].choices = Commendation.Kind.choices  # a radio without the empty "---------"
        self.fields["gender"].choices = [("", "请选择"), *Commendation.Gender.choices]
        self.style()

    def clean_deeds(self):
        return max_length_text(self.cleaned_data["deeds"], DEEDS_MAX, "主要事迹")

    def clean_uscc(self):
        return visible_enterprise(self.user, self.cleaned_data.get("uscc"))

    def clean_id_number(self):
        value = (self.cleaned_data.get("id_number") or "").strip()
        if not value:
            return self.instance.id_number if self.instance.pk else ""
        return clean_id_number(value)

    def clean_phone(self):
        value = clean_phone(self.cleaned_data.get("phone"))
        return value or (self.instance.phone if self.instance.pk else "")

    def clean(self):
        data = super().clean()
        user, instance = self.user, self.instance
        if user.region is None or user.region.level not in ("county", "city"):
            raise ValidationError("表彰推荐由县（市、区）或市（州）三方办提出。")
        kind = data.get("kind")
        if kind == Commendation.Kind.INDIVIDUAL:
            for name, label in (("id_number", "身份证号"), ("gender", "性别"), ("workplace", "工作单位及职务")):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, f"推荐先进个人须填写{label}。")
        elif kind == Commendation.Kind.COLLECTIVE:
            data["id_number"] = data["phone"] = data["gender"] = ""
            instance.id_number = instance.phone = ""
        year, id_number = data.get("year"), data.get("id_number")
        if kind == Commendation.Kind.INDIVIDUAL and year and id_number:
            same = Commendation.objects.with_id_number(id_number).filter(year=year).exclude(pk=instance.pk)
            if same.exists():
                # do not say where or by whom: the other nomination may lie outside the user's area
                self.add_error("id_number", f"此人已被推荐参加{year}年度表彰，同一人同一年度不能重复推荐。")
        if "uscc" in data:
            enterprise = data.get("uscc")
            instance.enterprise = enterprise
            instance.region = enterprise.region if enterprise else user.region
        if not instance.pk:
            instance.nominator_region = user.region
            instance.nominator_level = user.region.level
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label="推荐材料", help_text="推荐审批表、事迹材料等；PDF、JPG、PNG、Word 或 Excel，不超过 10 MB",
                           error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"})

    def clean_file(self):
        from apps.core.attachments import check_upload

        upload = self.cleaned_data["file"]
        self.file_type = check_upload(upload)
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由或意见", max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if required:
            self.fields["reason"].error_messages["required"] = "请填写理由。"


class RosterForm(forms.Form):
    doc_number = forms.CharField(label="文号", max_length=40, help_text="如 鄂劳三方〔2026〕3号",
                                 widget=forms.TextInput(attrs={"class": "form-control"}))


# ----------------------------------------------------------------------------------- joint incentive measures


class IncentiveForm(StyledForm, forms.ModelForm):
    member_units = forms.MultipleChoiceField(label="三方成员单位", choices=MemberUnit.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    beneficiary_codes = forms.CharField(
        label="受益企业（统一社会信用代码）", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"每行一个；只能填写本辖区台账中的企业，最多 {MAX_BENEFICIARIES} 家")

    class Meta:
        model = Incentive
        fields = ["title", "kind", "member_units", "other_departments", "doc_number", "issued_on", "valid_until",
                  "content", "titles"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "content": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.initial["beneficiary_codes"] = "\n".join(
                self.instance.beneficiaries.order_by("uscc").values_list("uscc", flat=True))
        titles = self.fields["titles"]
        # the titles held now (valid or under re-review) that the user may see, with their units' names
        titles.queryset = (DemonstrationTitle.objects.visible_to(user).valid().select_related("subject")
                           .order_by("subject__name", "pk"))
        titles.label_from_instance = lambda t: f"{t.subject}（{t.get_kind_display()}，{t.certificate_number}）"
        titles.widget.attrs["size"] = 8
        self.style()

    def clean_content(self):
        return max_length_text(self.cleaned_data["content"], INCENTIVE_CONTENT_MAX, "措施内容")

    def clean_doc_number(self):
        """A 文号, when given, is well formed and not another document's (the one register)."""
        from apps.core.workflow import WorkflowError
        from apps.documents.numbering import check

        value = (self.cleaned_data.get("doc_number") or "").strip()
        if not value:
            return ""
        try:
            return check(value, f"recognition.incentive:{self.instance.pk}" if self.instance.pk else "")[0]
        except WorkflowError as exc:
            raise ValidationError(exc.message) from None

    def clean_beneficiary_codes(self):
        codes = []
        for line in (self.cleaned_data.get("beneficiary_codes") or "").replace("，", "\n").replace(",", "\n").split():
            code = line.strip().upper()
            if code and code not in codes:
                codes.append(code)
        if len(codes) > MAX_BENEFICIARIES:
            raise ValidationError(f"一次最多关联 {MAX_BENEFICIARIES} 家企业（现 {len(codes):,} 家）。")
        found = dict(Enterprise.objects.visible_to(self.user).filter(uscc__in=codes).values_list("uscc", "pk"))
        unknown = [c for c in codes if c not in found]
        if unknown:
            shown = "、".join(unknown[:5]) + (f" 等 {len(unknown)} 个" if len(unknown) > 5 else "")
            raise ValidationError(f"本辖区企业台账中没有这些代码：{shown}。")
        return [found[c] for c in codes]

    def clean(self):
        data = super().clean()
        if not data.get("member_units") and not (data.get("other_departments") or "").strip():
            self.add_error("member_units", "请至少选择一个三方成员单位或填写其他部门。")
        issued, until = data.get("issued_on"), data.get("valid_until")
        if issued and until and until < issued:
            self.add_error("valid_until", "有效期不能早于发布日期。")
        if issued and issued.year < 2000:
            self.add_error("issued_on", "发布日期不正确。")
        if self.user.region is None:
            raise ValidationError("只有三方成员单位的工作人员可以录入激励措施。")
        if not self.instance.pk:
            self.instance.region = self.user.region
        return data

    def save(self, commit=True):
        from simple_history.utils import update_change_reason

        obj = super().save(commit=commit)
        if commit:
            from apps.documents.numbering import claim, release

            owner = f"recognition.incentive:{obj.pk}"
            if obj.doc_number:
                claim(obj.doc_number, kind="incentive", title=obj.title, owner=owner, region=obj.region,
                      user=self.user)
            else:
                release(owner)
            obj.beneficiaries.set(self.cleaned_data.get("beneficiary_codes") or [])
            # the links, as words on this save's 变更记录 row (raw link rows mean nothing to a reader)
            update_change_reason(obj, f"适用示范称号 {obj.titles.count()} 个，受益企业 {obj.beneficiaries.count()} 家")
        return obj
