from django import forms
from django.urls import reverse_lazy

from apps.coordinators.models import Coordinator
from apps.core.pickers import SearchPickWidget
from apps.parks.forms import ModelErrorsMixin, bootstrap, check_in_area, offer_regions
from apps.parks.models import Park
from apps.regions.models import Region

from .models import SIX_HAVES, Service, Station


class StationForm(ModelErrorsMixin, forms.ModelForm):
    services = forms.MultipleChoiceField(label="服务内容", choices=Service.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Station
        fields = ["name", "kind", "region", "park", "address", "phone", "opening_hours", "services",
                  "staff_count", "staff_names", "coordinator_count", "coordinators", "coordinator_names",
                  "established_on",
                  *[f for f, _ in SIX_HAVES]]
        widgets = {"established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["park"].required = False
        coordinators = self.fields["coordinators"]
        coordinators.queryset = Coordinator.objects.visible_to(user)
        coordinators.widget = SearchPickWidget(search_url=reverse_lazy("coordinators:pick"),
                                               placeholder="输入协调员姓名搜索")
        coordinators.widget.choices = coordinators.choices
        coordinators.help_text = "从协调员台账中选择（只列出本辖区的协调员），详情页可直接打开其台账。"
        self.fields["coordinator_names"].label = "其他驻站协调员（未入台账）"
        bootstrap(self)

    def widen_area_fields(self):
        offer_regions(self.fields["region"], self.user, [Region.Level.TOWNSHIP, Region.Level.COUNTY])
        park = self.fields["park"]
        park.queryset = Park.objects.all()
        park.widget.choices = [("", "（不属于园区）")] + list(
            Park.objects.visible_to(self.user).values_list("pk", "name"))

    def clean_region(self):
        return check_in_area(self.user, self.cleaned_data.get("region"))

    def clean(self):
        cleaned = super().clean()
        region = cleaned.get("region")
        if region is not None:
            county = "/".join(region.path.split("/")[:3]) + "/"
            outside = [c.name for c in cleaned.get("coordinators") or [] if not c.region_path.startswith(county)]
            if outside:
                self.add_error("coordinators", f"{'、'.join(outside)}不是本站所在县（市、区）的协调员。")
        return cleaned

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
