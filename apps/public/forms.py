"""The forms of the public pages: the county of the coordinator list, the search of typical cases, the
objection to a 公示 (anyone may lodge one, name optional) and the workers' satisfaction ballot."""

from django import forms
from django.db.models import Q

from apps.evaluations.services import ANSWERS, QUESTIONS
from apps.honours.forms import bootstrap, checked_file
from apps.honours.models import Application
from apps.recognition.models import Case
from apps.regions.models import Region


class CountyForm(forms.Form):
    county = forms.ModelChoiceField(queryset=Region.objects.filter(level__in=["county", "city"]).order_by("code"),
                                    to_field_name="code", label="县（市、区）", empty_label="请选择县（市、区）",
                                    widget=forms.Select(attrs={"class": "form-select"}))


class CaseSearchForm(forms.Form):
    """The public page's search: words, city, category (no log-in)."""

    q = forms.CharField(label="关键词", max_length=50, required=False,
                        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "案例标题、单位或内容"}))
    city = forms.ChoiceField(label="市（州）", required=False)
    category = forms.ChoiceField(label="类别", required=False,
                                 choices=[("", "全部类别"), *Case.Category.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cities = Region.objects.filter(level=Region.Level.CITY).order_by("code").values_list("code", "name")
        self.fields["city"].choices = [("", "全省"), *cities]
        for name in ("city", "category"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"].strip():
            words = data["q"].strip()
            queryset = queryset.filter(Q(title__icontains=words) | Q(unit_name__icontains=words)
                                       | Q(summary__icontains=words) | Q(body__icontains=words))
        if data["city"]:
            city = Region.objects.filter(code=data["city"]).first()
            queryset = queryset.inside(city.path) if city else queryset.none()
        if data["category"]:
            queryset = queryset.filter(category=data["category"])
        return queryset


class ObjectionForm(forms.Form):
    application = forms.ModelChoiceField(label="被异议单位", queryset=Application.objects.none(),
                                         error_messages={"required": "请选择被异议单位。",
                                                         "invalid_choice": "所选单位不在公示名单中。"})
    name = forms.CharField(label="姓名（可不填）", max_length=50, required=False)
    contact = forms.CharField(label="联系方式", max_length=100, help_text="电话或电子邮箱，便于核查时联系您",
                              error_messages={"required": "请填写联系方式。"})
    text = forms.CharField(label="异议内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text="请写明具体事实和线索，5000 字以内",
                           error_messages={"required": "请填写异议内容。",
                                           "max_length": "异议内容不能超过 5000 字。"})
    attachment = forms.FileField(label="证明材料（可选）", required=False,
                                 help_text="PDF、Word 或 JPG/PNG 图片，不超过 10 MB")

    def __init__(self, rounds, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = (
            Application.objects.filter(round__in=rounds, status="selected")
            .select_related("subject", "city", "round").order_by("-round__year", "round__kind", "city__code", "pk"))
        several = len(rounds) > 1
        self.fields["application"].label_from_instance = (
            lambda a: f"{a.round.name} · {a.city.name} · {a.subject.name}" if several
            else f"{a.city.name} · {a.subject.name}")
        bootstrap(self)

    def clean_text(self):
        text = self.cleaned_data["text"]
        if "\x00" in text:
            raise forms.ValidationError("异议内容含有无效字符。")
        return text.strip()

    def clean_attachment(self):
        return checked_file(self.cleaned_data.get("attachment"))


class BallotCodeForm(forms.Form):
    code = forms.CharField(max_length=12, label="测评码", widget=forms.TextInput(
        attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "latin"}))


class BallotAnswerForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, text in QUESTIONS:
            self.fields[key] = forms.ChoiceField(choices=ANSWERS, label=text, widget=forms.RadioSelect,
                                                 error_messages={"required": "请选择一项。"})
