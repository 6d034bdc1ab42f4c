"""Forms of the M&E pages. They only parse and present; the services validate and write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.projects.models import Indicator, Language, ProjectStatus

MAIN_FIELDS = ("status", "progress", "milestones", "narrative", "challenges", "support_needed", "language")


class UpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Project status"), choices=ProjectStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        help_text=_("How far the project has come overall, from 0 to 100."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    milestones = forms.CharField(
        label=_("Milestones reached in the cycle"),
        required=False,
        help_text=_("One per line."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    narrative = forms.CharField(
        label=_("What happened in the cycle"),
        required=False,
        help_text=_("Needed to submit. Written for the public once accepted."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    challenges = forms.CharField(label=_("Challenges"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    support_needed = forms.CharField(
        label=_("Support needed"),
        required=False,
        help_text=_("From partners, other members or the Secretariat."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = forms.ChoiceField(label=_("Language of the texts"), choices=Language.choices)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, indicators: list[Indicator] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"value_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.name} ({indicator.unit})",
                required=False,
                max_digits=18,
                decimal_places=4,
                help_text=_target_text(indicator),
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=_("Note on %(name)s") % {"name": indicator.name}, required=False, max_length=300
            )

    def main_fields(self):
        return [self[name] for name in MAIN_FIELDS]

    def indicator_fields(self):
        return [(self[f"value_{i.pk}"], self[f"note_{i.pk}"]) for i in self.indicators]

    def update_data(self) -> dict:
        d = self.cleaned_data
        return {
            "status": d["status"],
            "progress": d["progress"],
            "milestones": [line.strip() for line in d["milestones"].splitlines() if line.strip()],
            "narrative": d["narrative"],
            "challenges": d["challenges"],
            "support_needed": d["support_needed"],
            "language": d["language"],
        }

    def values(self) -> list[dict]:
        result = []
        for indicator in self.indicators:
            value: Decimal | None = self.cleaned_data.get(f"value_{indicator.pk}")
            if value is not None:
                note = self.cleaned_data.get(f"note_{indicator.pk}", "")
                result.append({"indicator": indicator.pk, "value": value, "note": note})
        return result


def _target_text(indicator: Indicator) -> str:
    parts = []
    if indicator.baseline is not None:
        parts.append(_("baseline %(value)s") % {"value": _plain(indicator.baseline)})
    if indicator.target is not None:
        parts.append(_("target %(value)s") % {"value": _plain(indicator.target)})
    parts.append(str(indicator.get_direction_display()))
    return ", ".join(parts)


def _plain(value: Decimal) -> str:
    value = value.normalize()
    return f"{value:f}" if value != value.to_integral() else str(int(value))


class StepForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CycleForm(forms.Form):
    end_year = forms.IntegerField(
        label=_("Ends in year"),
        min_value=2000,
        max_value=2100,
        help_text=_("2025 for the cycle 2024–2025 (the 2025 M&E report)."),
    )
    start_month = forms.TypedChoiceField(
        label=_("First month"),
        coerce=int,
        initial=10,
        choices=[
            (m, name)
            for m, name in enumerate(
                [
                    _("January"),
                    _("February"),
                    _("March"),
                    _("April"),
                    _("May"),
                    _("June"),
                    _("July"),
                    _("August"),
                    _("September"),
                    _("October"),
                    _("November"),
                    _("December"),
                ],
                start=1,
            )
        ],
    )
    due_date = forms.DateField(
        label=_("Reports due"),
        required=False,
        help_text=_("Optional; the cycle's last day if empty."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
