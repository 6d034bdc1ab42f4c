"""Forms of the exchange pages. They only parse and check input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from hub.exchange import policies
from hub.exchange.models import (
    Challenge,
    ChallengeStatus,
    CollaborationKind,
    CollaborationStatus,
    DigestPeriod,
    Severity,
)
from hub.network.models import Member
from hub.projects.models import FocusArea, Language, Project

_url = URLValidator(schemes=["http", "https"])


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class _ServiceErrors:
    """Show a service's ValidationError next to the fields it names (else on the form)."""

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for name, messages in exc.message_dict.items():
            field = name if name in self.fields else None
            for message in messages:
                self.add_error(field, message)


class ChallengeForm(_ServiceErrors, forms.Form):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("Member"), empty_label=None)
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(), label=_("Project"), required=False, empty_label=_("No project")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("What the challenge is"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What goes wrong, for whom, and what you tried: other members find it by these words."),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=Language.choices, initial=Language.EN)
    focus_areas = forms.MultipleChoiceField(label=_("Focus areas"), widget=forms.CheckboxSelectMultiple)
    severity = forms.TypedChoiceField(
        label=_("How much it hurts"), choices=Severity.choices, coerce=int, initial=Severity.MODERATE
    )
    wants_knowledge = forms.BooleanField(label=_("Knowledge: how others did it"), required=False)
    wants_partner = forms.BooleanField(label=_("A partner to work with"), required=False)
    wants_funding = forms.BooleanField(label=_("Funding"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ChallengeStatus.choices, initial=ChallengeStatus.OPEN)
    solved_by_project = forms.ModelChoiceField(
        queryset=Project.objects.none(), label=_("Solved by the project"), required=False, empty_label="—"
    )
    solution = forms.CharField(
        label=_("How it was solved"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    published = forms.BooleanField(
        label=_("Published"),
        required=False,
        help_text=_(
            "Public for everyone; unpublished, only your member's officers, its National Representative and "
            "the Secretariat read it."
        ),
    )
    sources = forms.CharField(
        label=_("Sources"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Web addresses the challenge is described at, one per line."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    CLASSIFICATION = ("focus_areas", "severity", "wants_knowledge", "wants_partner", "wants_funding", "version")

    def __init__(self, *args, user=None, challenge: Challenge | None = None, member: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.challenge = challenge
        self.fields["focus_areas"].choices = [(fa.code, fa.name) for fa in FocusArea.objects.order_by("position")]
        self.fields["member"].label_from_instance = lambda m: f"{m.name} ({m.country.label})"
        if challenge is None:
            members = policies.members_for_new_challenges(user)
            self.fields["member"].queryset = members
            chosen = member or (members.first() if not self.is_bound else None)
            if chosen is not None:
                self.initial.setdefault("member", chosen.pk)
            projects = Project.objects.filter(member__in=members)
        else:
            del self.fields["member"]
            projects = Project.objects.filter(member_id=challenge.member_id)
            if policies.editable_challenge_fields(user, challenge) is not None:
                for name in list(self.fields):
                    if name not in self.CLASSIFICATION:
                        del self.fields[name]
        for name in ("project", "solved_by_project"):
            if name in self.fields:
                self.fields[name].queryset = projects.select_related("member").order_by("title")
        self.fields["focus_areas"].required = True

    @classmethod
    def initial_for(cls, challenge: Challenge) -> dict[str, Any]:
        return {
            "project": challenge.project_id,
            "title": challenge.title,
            "text": challenge.text,
            "language": challenge.language,
            "focus_areas": [fa.code for fa in challenge.focus_areas.all()],
            "severity": challenge.severity,
            "wants_knowledge": challenge.wants_knowledge,
            "wants_partner": challenge.wants_partner,
            "wants_funding": challenge.wants_funding,
            "status": challenge.status,
            "solved_by_project": challenge.solved_by_project_id,
            "solution": challenge.solution,
            "published": challenge.published,
            "sources": "\n".join(challenge.sources or []),
            "version": challenge.version,
        }

    def clean_sources(self) -> list[str]:
        urls = _lines(self.cleaned_data.get("sources", ""))
        for url in urls:
            try:
                _url(url)
            except ValidationError:
                raise ValidationError(_("'%(url)s' is not a web address.") % {"url": url}) from None
        return urls

    def clean_project(self):
        project = self.cleaned_data.get("project")
        member = self.cleaned_data.get("member") or (self.challenge.member if self.challenge else None)
        if project is not None and member is not None and project.member_id != member.pk:
            raise ValidationError(_("The project must be one of the member's own projects."))
        return project

    def service_data(self) -> dict[str, Any]:
        """The model fields the form holds (focus areas and version go separately)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("focus_areas", "version")}


class RequestForm(_ServiceErrors, forms.Form):
    from_member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("From"), empty_label=None)
    to_member = forms.ModelChoiceField(
        queryset=Member.objects.none(), label=_("Ask this member"), empty_label=_("Choose a member")
    )
    kind = forms.ChoiceField(label=_("What you ask for"), choices=CollaborationKind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you would like to learn or do together, and who to contact on your side."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        mine = policies.members_for_new_challenges(user)
        self.fields["from_member"].queryset = mine
        self.fields["to_member"].queryset = (
            Member.objects.select_related("country").exclude(pk__in=mine.values("pk")).order_by("name")
        )
        for name in ("from_member", "to_member"):
            self.fields[name].label_from_instance = lambda m: f"{m.name} ({m.country.label})"
        first = mine.first() if not self.is_bound else None
        if first is not None:
            self.initial.setdefault("from_member", first.pk)


class AnswerForm(_ServiceErrors, forms.Form):
    reply = forms.CharField(
        label=_("Reply"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when you decline; the other side reads it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DigestForm(forms.Form):
    period = forms.ChoiceField(label=_("E-mail digest"), choices=DigestPeriod.choices, widget=forms.RadioSelect)


class CollaborationForm(_ServiceErrors, forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    add_member = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        label=_("Add a member"),
        required=False,
        empty_label="—",
        help_text=_("Another member that takes part."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=CollaborationStatus.choices)
    end_date = forms.DateField(
        label=_("Ended"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("YYYY-MM-DD")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, collaboration=None, **kwargs):
        super().__init__(*args, **kwargs)
        taking_part = collaboration.members.values("pk") if collaboration is not None else []
        self.fields["add_member"].queryset = (
            Member.objects.select_related("country").exclude(pk__in=taking_part).order_by("name")
        )
        self.fields["add_member"].label_from_instance = lambda m: f"{m.name} ({m.country.label})"
