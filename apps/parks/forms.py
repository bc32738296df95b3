from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from apps.enterprises.forms import refuse_derived, settable_statuses
from apps.enterprises.models import CreationRecord
from apps.regions.models import Region

from .models import Park


def bootstrap(form):
    """Bootstrap classes on the widgets (the shared form template renders `field.as_widget`)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class ModelErrorsMixin:
    """Errors the model's clean() raises about fields this form does not show go to the top of the form."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            fixed = {}
            for name, messages in errors.error_dict.items():
                key = name if name in self.fields else NON_FIELD_ERRORS
                fixed.setdefault(key, []).extend(messages)
            errors = ValidationError(fixed)
        super()._update_errors(errors)


def offer_regions(field, user, levels):
    """Validate a region choice against every region, but offer only the user's own of these levels.

    The form's clean method then says in plain words why a region outside the area is refused, rather
    than the generic "not one of the available choices".
    """
    field.queryset = Region.objects.all()
    offered = Region.objects.visible_to(user).filter(level__in=levels).values_list("pk", "full_name")
    field.widget.choices = [("", "请选择")] + list(offered)


def check_in_area(user, region, field_label="所在区划"):
    if region is not None and not Region.objects.visible_to(user).filter(pk=region.pk).exists():
        area = user.region.full_name if user.region else "您的管辖区域"
        raise forms.ValidationError(f"{field_label}“{region.full_name}”不在您的管辖区域（{area}）内，不能在此登记。")
    return region


class ParkForm(ModelErrorsMixin, forms.ModelForm):
    class Meta:
        model = Park
        fields = ["name", "level", "region", "townships", "managing_body", "enterprise_count", "worker_count",
                  "contact_person", "contact_phone"]
        widgets = {"townships": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "townships" in self.fields:
            self.fields["townships"].queryset = (Region.objects.visible_to(user).filter(level=Region.Level.TOWNSHIP)
                                                 .select_related("parent").order_by("code"))
            # "江岸区 · 大智街道": a township is where the park lies, not a region the park could belong to
            self.fields["townships"].label_from_instance = lambda r: f"{r.parent.name} · {r.name}"
            self.fields["townships"].help_text = "园区实际所在的乡镇（街道），可多选（按住 Ctrl）；企业选择本园区时，所在乡镇须在其中。"
        bootstrap(self)

    def widen_area_fields(self):
        offer_regions(self.fields["region"], self.user, [Region.Level.COUNTY, Region.Level.CITY])

    def clean_region(self):
        return check_in_area(self.user, self.cleaned_data.get("region"))

    def clean(self):
        data = super().clean()
        region, townships = data.get("region"), data.get("townships") or []
        outside = [t.name for t in townships if region is not None and not t.path.startswith(region.path)]
        if outside:
            self.add_error("townships", f"{'、'.join(outside)}不在园区所属的{region.full_name}内。")
        return data


class CreationRecordForm(forms.ModelForm):
    """A park's or township's part in the campaign in one year (a second entry for a year updates it)."""

    class Meta:
        model = CreationRecord
        fields = ["year", "status", "started_on", "notes"]
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"}), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject
        self.fields["status"].widget.choices = settable_statuses()  # the others refused in clean_status
        bootstrap(self)

    def clean_status(self):
        return refuse_derived(self.cleaned_data["status"])

    def validate_unique(self):
        pass  # one record per subject and year: saving updates the year's record instead of refusing it

    def save_for(self, user):
        data = {k: self.cleaned_data[k] for k in ("status", "started_on", "notes")}
        current = CreationRecord.objects.filter(subject=self.subject, year=self.cleaned_data["year"]).first()
        if current is not None and current.is_derived:
            data.pop("status")  # 达标/未达标/示范 follow an assessment or a title, not this form
        record, created = CreationRecord.objects.update_or_create(
            subject=self.subject, year=self.cleaned_data["year"], defaults={**data, "updated_by": user})
        return record, created
