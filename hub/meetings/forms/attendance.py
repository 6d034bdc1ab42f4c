"""Forms of delegations and participants."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hub.accounts.models import User
from hub.core.labels import use_labels
from hub.meetings.models import Delegation, Meeting, Participant
from hub.network.models import Country, Member, Organisation, Person


class DelegationForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ["kind", "member", "country", "organisation", "status", "note"]
        help_texts = {
            "member": _("For a member delegation."),
            "country": _("For a member state's delegation."),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        use_labels(self)
        self.instance.meeting = meeting
        self.fields["member"].queryset = Member.objects.select_related("country").order_by("name")
        self.fields["country"].queryset = Country.objects.order_by("name")
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except ValidationError as exc:
            self._update_errors(exc)


class ParticipantForm(forms.ModelForm):
    email = forms.EmailField(
        label=_("User account (e-mail)"),
        required=False,
        help_text=_("A participant with an account may read the meeting and its documents even if restricted."),
    )

    class Meta:
        model = Participant
        fields = ["name", "position", "person", "delegation", "status"]
        help_texts = {"name": _("Leave empty if you choose a person or give an account.")}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        use_labels(self)
        self.instance.meeting = meeting
        self.fields["delegation"].queryset = meeting.delegations.select_related("member", "country", "organisation")
        self.fields["person"].queryset = Person.objects.order_by("name")

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if not email:
            self.instance.user = None
            return None
        user = User.objects.filter(email=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No active account has this e-mail address."))
        self.instance.user = user
        return user

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except ValidationError as exc:
            self._update_errors(exc)

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "email"}
        data["user"] = self.cleaned_data.get("email")
        return data
