"""Forms of outcomes: information, a decision (with the change to the registry it makes), an action item,
and comments on action items.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hub.accounts.models import User
from hub.core.dates import PartialDate
from hub.core.labels import use_labels
from hub.meetings.forms.common import DateInput
from hub.meetings.models import ActionStatus, AgendaItem, EffectKind, Outcome, OutcomeKind
from hub.network.models import Country, Member, MemberKind, MembershipStatus, Organisation, Person


class OutcomeForm(forms.ModelForm):
    owner_email = forms.EmailField(
        label=_("Owner's account (e-mail)"),
        required=False,
        help_text=_("Optional: the person who owns the action, if they have an account. They get the reminders."),
    )
    effect_kind = forms.ChoiceField(
        label=_("Change to the registry"),
        required=False,
        choices=[("", _("none"))] + list(EffectKind.choices),
    )
    effect_members = forms.ModelMultipleChoiceField(
        label=_("Members admitted"),
        required=False,
        queryset=Member.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Candidates and others not yet members on the meeting's first day; they become members from it."),
    )
    # A city the decision admits that is not in the registry yet: created with the admission (Secretariat).
    new_member_name = forms.CharField(
        label=_("Or a new member's name"),
        required=False,
        max_length=200,
        help_text=_(
            "Not in the list above? Give its name, kind and country: it is added to the registry and admitted."
        ),
    )
    new_member_kind = forms.ChoiceField(label=_("New member's kind"), required=False, choices=MemberKind.choices)
    new_member_country = forms.ModelChoiceField(
        label=_("New member's country"), required=False, queryset=Country.objects.order_by("name")
    )
    effect_country = forms.ModelChoiceField(
        label=_("Member state taking over"), required=False, queryset=Country.objects.order_by("name")
    )
    effect_organisation = forms.ModelChoiceField(
        label=_("Acting body"), required=False, queryset=Organisation.objects.order_by("name")
    )
    effect_person = forms.ModelChoiceField(label=_("Person"), required=False, queryset=Person.objects.order_by("name"))
    effect_start = forms.CharField(
        label=_("Term starts"),
        required=False,
        max_length=10,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD; the meeting's first day if empty."),
    )
    effect_end = forms.CharField(
        label=_("Term ends"), required=False, max_length=10, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD; open if empty.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    EFFECT_FIELDS = (
        "effect_kind",
        "effect_members",
        "new_member_name",
        "new_member_kind",
        "new_member_country",
        "effect_country",
        "effect_organisation",
        "effect_person",
        "effect_start",
        "effect_end",
    )

    class Meta:
        model = Outcome
        fields = ["kind", "text", "owner_organisation", "owner_name", "due_date", "status"]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 4}),
            "due_date": DateInput,
        }
        labels = {"owner_organisation": _("Owner (organisation)"), "owner_name": _("Owner (name, without account)")}

    def __init__(
        self, *args, item: AgendaItem, user=None, allow_effects: bool = False, fixed_kind: str | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        use_labels(self)
        self.item = item
        self.fixed_kind = fixed_kind
        self.instance.agenda_item = item
        self.allow_effects = allow_effects and not self.instance.pk
        self.fields["kind"].choices = [(value, capfirst(label)) for value, label in OutcomeKind.choices]
        self.fields["status"].choices = [("", _("— for action items —"))] + list(ActionStatus.choices)
        self.fields["status"].required = False
        self.fields["owner_organisation"].queryset = Organisation.objects.order_by("name")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if self.instance.owner_user_id:
                self.fields["owner_email"].initial = self.instance.owner_user.email
        if fixed_kind:
            # Reached through "Record a decision" (or an action item, information): only that kind's fields.
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["kind"].initial = fixed_kind
            if fixed_kind != OutcomeKind.ACTION:
                for name in self.ACTION_FIELDS:
                    del self.fields[name]
            if fixed_kind != OutcomeKind.DECISION:
                self.allow_effects = False
        if not self.allow_effects:
            for name in self.EFFECT_FIELDS:
                del self.fields[name]
        else:
            day = item.meeting.start_date
            self.fields["effect_members"].queryset = (
                Member.objects.with_status(day)
                .filter(Q(status_on__isnull=True) | ~Q(status_on=MembershipStatus.MEMBER))
                .select_related("country")
                .order_by("name")
            )
            self.fields["effect_members"].label_from_instance = lambda m: f"{m.name} ({m.country.label})"

    @property
    def effect_bound_fields(self):
        return [self[name] for name in self.EFFECT_FIELDS if name in self.fields]

    ACTION_FIELDS = ("owner_organisation", "owner_email", "owner_name", "due_date", "status")

    @property
    def main_bound_fields(self):
        skip = {*self.EFFECT_FIELDS, *self.ACTION_FIELDS, "version"}
        return [self[name] for name in self.fields if name not in skip]

    @property
    def action_bound_fields(self):
        return [self[name] for name in self.ACTION_FIELDS if name in self.fields]

    def clean_owner_email(self):
        email = (self.cleaned_data.get("owner_email") or "").strip().lower()
        if not email:
            self.instance.owner_user = None
            return None
        user = User.objects.filter(email=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No active account has this e-mail address."))
        self.instance.owner_user = user
        return user

    def _partial(self, name: str) -> PartialDate | None:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            self.add_error(name, str(exc))
            return None

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == OutcomeKind.ACTION and not data.get("status"):
            data["status"] = ActionStatus.OPEN
            self.instance.status = ActionStatus.OPEN
        if self.allow_effects:
            effect = data.get("effect_kind")
            data["effect_start_date"] = self._partial("effect_start")
            data["effect_end_date"] = self._partial("effect_end")
            if effect and kind != OutcomeKind.DECISION:
                self.add_error("effect_kind", _("Only a decision changes the registry."))
            new_name = (data.get("new_member_name") or "").strip()
            if effect == EffectKind.ADMIT_MEMBER and not data.get("effect_members") and not new_name:
                self.add_error("effect_members", _("Choose the member(s) the decision admits."))
            if new_name and effect != EffectKind.ADMIT_MEMBER:
                self.add_error("new_member_name", _("A new member is added only with an admission."))
            if new_name and not data.get("new_member_country"):
                self.add_error("new_member_country", _("Choose the new member's country."))
            if effect in (EffectKind.CHAIR_HANDOVER, EffectKind.SHEPHERD_HANDOVER) and not data.get("effect_country"):
                self.add_error("effect_country", _("Choose the member state that takes over."))
        return data

    def service_data(self) -> dict:
        data = {
            "kind": self.fixed_kind or self.cleaned_data["kind"],
            "text": self.cleaned_data["text"],
            "owner_organisation": self.cleaned_data.get("owner_organisation"),
            "owner_user": self.cleaned_data.get("owner_email"),
            "owner_name": self.cleaned_data.get("owner_name") or "",
            "due_date": self.cleaned_data.get("due_date"),
        }
        if data["kind"] == OutcomeKind.ACTION:
            data["status"] = self.cleaned_data.get("status") or ActionStatus.OPEN
        return data

    def new_members(self) -> list[dict]:
        """The member to create with the admission, if one is named (see new_member_name)."""
        name = (self.cleaned_data.get("new_member_name") or "").strip() if self.allow_effects else ""
        if not name or self.cleaned_data.get("effect_kind") != EffectKind.ADMIT_MEMBER:
            return []
        kind = self.cleaned_data.get("new_member_kind") or MemberKind.CITY
        return [{"name": name, "kind": kind, "country": self.cleaned_data["new_member_country"]}]

    def effect_specs(self) -> list:
        from hub.meetings.services import EffectSpec

        if not self.allow_effects:
            return []
        kind = self.cleaned_data.get("effect_kind")
        if not kind:
            return []
        if kind == EffectKind.ADMIT_MEMBER:
            return [EffectSpec(kind=kind, member=m) for m in self.cleaned_data["effect_members"]]
        return [
            EffectSpec(
                kind=kind,
                country=self.cleaned_data.get("effect_country"),
                organisation=self.cleaned_data.get("effect_organisation"),
                person=self.cleaned_data.get("effect_person"),
                start=self.cleaned_data.get("effect_start_date"),
                end=self.cleaned_data.get("effect_end_date"),
            )
        ]


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
