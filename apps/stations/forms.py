from django import forms

from apps.parks.forms import ModelErrorsMixin, bootstrap, check_in_area, offer_regions
from apps.regions.models import Park, Region

from .models import SIX_HAVES, Service, Station


class StationForm(ModelErrorsMixin, forms.ModelForm):
    services = forms.MultipleChoiceField(label="服务内容", choices=Service.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Station
        fields = ["name", "kind", "region", "park", "address", "phone", "opening_hours", "services",
                  "staff_count", "staff_names", "coordinator_count", "coordinator_names", "established_on",
                  *[f for f, _ in SIX_HAVES]]
        widgets = {"established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["park"].required = False
        bootstrap(self)

    def widen_area_fields(self):
        offer_regions(self.fields["region"], self.user, [Region.Level.TOWNSHIP, Region.Level.COUNTY])
        park = self.fields["park"]
        park.queryset = Park.objects.all()
        park.widget.choices = [("", "（不属于园区）")] + list(
            Park.objects.visible_to(self.user).values_list("pk", "name"))

    def clean_region(self):
        return check_in_area(self.user, self.cleaned_data.get("region"))

    def clean_park(self):
        park = self.cleaned_data.get("park")
        if park is not None and not Park.objects.visible_to(self.user).filter(pk=park.pk).exists():
            # the name of a park outside the area is not echoed back
            raise forms.ValidationError("所选园区不在您的管辖区域内。")
        return park


class AcceptanceForm(ModelErrorsMixin, forms.ModelForm):
    """验收评估 and model-station status: recorded by a reviewer or leader."""

    class Meta:
        model = Station
        fields = ["acceptance_result", "acceptance_date", "acceptance_evaluator", "acceptance_notes", "model_status"]
        widgets = {"acceptance_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "acceptance_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("acceptance_result") != Station.Acceptance.PENDING and not cleaned.get("acceptance_evaluator"):
            self.add_error("acceptance_evaluator", "请填写验收单位或验收人。")
        return cleaned
