"""The forms of the action-plan pages; the writes go through hub.plans.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.plans.models import FOCUS_AREAS
from hub.projects.models import FOCUS_AREA_LABELS


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial="Smart City Action Plan")
    vision = forms.CharField(label=_("Vision"), widget=forms.Textarea(attrs={"rows": 4}))
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"),
        choices=[(code, FOCUS_AREA_LABELS[code]) for code, _name in FOCUS_AREAS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    focus_notes = forms.CharField(
        label=_("The focus areas in the plan's own words"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TargetForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200, required=False)
    text = forms.CharField(label=_("Target"), widget=forms.Textarea(attrs={"rows": 3}))
    value = forms.DecimalField(label=_("Value"), required=False, max_digits=18, decimal_places=4)
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    indicator = forms.ModelChoiceField(label=_("Measured by the indicator"), queryset=None, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        from hub.projects.models import Indicator

        self.fields["indicator"].queryset = (
            Indicator.objects.filter(project__member=member)
            .select_related("project")
            .order_by("project__title", "name")
        )
