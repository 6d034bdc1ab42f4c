"""The write pages' forms. They only collect input: checks and writes are the services' (their field
messages are put back on the form's fields, so page and API say the same thing)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.network.models import Member, Organisation, OrganisationKind
from hub.partnerships.choices import Instrument
from hub.partnerships.models import FinancingStage, PartnershipKind, PartnershipStatus, Programme
from hub.partnerships.models_assessments import Recommendation
from hub.partnerships.models_opportunities import READINESS, OpportunityStage
from hub.partnerships.money import CURRENCY_CHOICES


def apply_errors(form: forms.Form, exc) -> None:
    """A service's ValidationError onto the form: each message at its field, the rest at the top."""
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class OpportunityForm(forms.Form):
    project = forms.ModelChoiceField(queryset=None, label=_("Project"), to_field_name="slug")
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("What the money is for"), widget=forms.Textarea(attrs={"rows": 4}))
    amount = forms.CharField(label=_("Amount needed"), max_length=30, help_text=_("E.g. 2500000000 (no spaces)."))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Instrument.choices)
    stage = forms.ChoiceField(label=_("Stage"), choices=OpportunityStage.choices)
    readiness = forms.MultipleChoiceField(
        label=_("What is ready"), choices=list(READINESS.items()), required=False, widget=forms.CheckboxSelectMultiple
    )
    readiness_note = forms.CharField(
        label=_("More on what is ready"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_name = forms.CharField(label=_("Contact"), max_length=120)
    contact_email = forms.EmailField(label=_("Contact e-mail"))

    def __init__(self, *args, projects=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        if editing:
            del self.fields["project"]


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MessageForm(forms.Form):
    message = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class FinancingForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=FinancingStage.choices)
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Instrument.choices)
    amount = forms.CharField(label=_("Amount"), max_length=30)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    on_date = forms.CharField(label=_("Date"), max_length=10, help_text=_("YYYY-MM-DD"))
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}))
    member = forms.ModelChoiceField(queryset=Member.objects.none(), required=False, label=_("For member"))

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is None:
            del self.fields["member"]
        else:
            self.fields["member"].queryset = members


class PartnershipForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    partner = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.PARTNER).order_by("name"), label=_("Partner")
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.order_by("name"), required=False, label=_("Programme")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnershipKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=PartnershipStatus.choices, initial=PartnershipStatus.ACTIVE)
    members = forms.ModelMultipleChoiceField(
        queryset=Member.objects.select_related("country").order_by("name"), required=False, label=_("Members")
    )
    start = forms.CharField(label=_("Start"), required=False, max_length=10, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD"))
    end = forms.CharField(label=_("End"), required=False, max_length=10, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD"))
    amount = forms.CharField(label=_("Stated amount"), required=False, max_length=30)
    currency = forms.ChoiceField(label=_("Currency"), choices=[("", "—"), *CURRENCY_CHOICES], required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AssessmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    assessed_on = forms.CharField(label=_("Assessed on"), max_length=10, help_text=_("YYYY-MM-DD"))
    criteria = forms.CharField(
        label=_("Criteria, scores and evidence"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One criterion a line: criterion | score 0-5 | evidence."),
    )
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def criteria_rows(self) -> list[dict]:
        rows = []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            parts += [""] * (3 - len(parts))
            rows.append({"criterion": parts[0], "score": parts[1], "evidence": " | ".join(parts[2:]).strip(" |")})
        return rows


class NominationForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    text = forms.CharField(label=_("The recommendation"), widget=forms.Textarea(attrs={"rows": 4}))
