from django import forms

from apps.accounts.models import MemberUnit


class NoticeForm(forms.Form):
    """A joint notice of the tripartite office: rendered as a GB/T 9704 PDF."""

    units = forms.MultipleChoiceField(label="联合发文单位", choices=MemberUnit.choices, initial=MemberUnit.values,
                                      widget=forms.CheckboxSelectMultiple)
    doc_number = forms.CharField(label="文号", max_length=60, help_text="如：鄂劳三方〔2026〕3号")
    title = forms.CharField(label="标题", max_length=200)
    addressee = forms.CharField(label="主送机关", max_length=300,
                                help_text="如：各市、州、直管市、神农架林区人力资源和社会保障局、总工会……")
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 12}),
                           help_text="每段一行，空行分段。")
    issue_date = forms.DateField(label="成文日期", widget=forms.DateInput(attrs={"type": "date"}))
    contact = forms.CharField(label="联系单位与电话", max_length=200, required=False)

    def paragraphs(self):
        return [p.strip() for p in self.cleaned_data["body"].splitlines() if p.strip()]
