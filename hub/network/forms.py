"""Forms of the registry's write pages. They only parse and validate input; the services write.

A form turns the submitted text into the ``data`` mapping a service function takes (model field
names, partial dates split into day and precision, sources as a list) and carries the record's
``version`` so that a stale edit is refused (``hub.core.services.Conflict``) instead of overwriting.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from hub.core.dates import PartialDate, format_partial
from hub.core.inputs import validate_web_address
from hub.core.labels import use_labels
from hub.network import services
from hub.network.models import Country, Member, MembershipEvent, Organisation, RoleTerm

SOURCED_FIELDS = ("sources", "confidence", "source_note")

LABELS = {
    "name": _("Name"),
    "local_name": _("Local name"),
    "name_id": _("Name in Bahasa Indonesia"),
    "short_name": _("Short name"),
    "slug": _("Slug (address of the page)"),
    "kind": _("Kind"),
    "country": _("Country"),
    "member": _("Member"),
    "organisation": _("Organisation"),
    "person": _("Person"),
    "parent": _("Part of"),
    "website": _("Website"),
    "summary": _("Summary"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "status": _("Status"),
    "effective": _("Effective from"),
    "decided_by": _("Decided by"),
    "role": _("Role"),
    "start": _("Start"),
    "end": _("End"),
    "note": _("Note"),
    "asean_joined": _("Joined ASEAN"),
    "sources": _("Sources"),
    "confidence": _("Confidence"),
    "source_note": _("Note on sources"),
}

PARTIAL_DATE_HELP = _("YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source is, e.g. 2024 or 2024-06.")

HELP = {
    "sources": _("One web address per line."),
    "in_force_on": _(
        "A day (YYYY-MM-DD) on which a source shows the term in force while its start is unknown; the term then "
        "counts from that day."
    ),
    "latitude": _("Decimal degrees, −90 to 90 (south is negative), e.g. -6.858."),
    "longitude": _("Decimal degrees, −180 to 180 (west is negative), e.g. 107.924."),
    "decided_by": _("The meeting or body that decided it, e.g. the 7th ASCN Annual Meeting."),
    "slug": _("Lower-case letters, digits and hyphens."),
}

TEXTAREAS = {"summary", "note", "source_note"}


class PartialDateField(forms.CharField):
    """A date known to the year, the month or the day, typed as YYYY, YYYY-MM or YYYY-MM-DD."""

    def to_python(self, value) -> PartialDate | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return PartialDate.parse(text)
        except ValueError:
            raise ValidationError(
                _("'%(value)s' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD (for example 2024-06)."),
                code="invalid",
                params={"value": text},
            ) from None


class SourcesField(forms.CharField):
    """Web addresses, one per line; blank lines are ignored."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        addresses = []
        check = validate_web_address
        errors = []
        for number, line in enumerate(text.splitlines(), start=1):
            address = line.strip()
            if not address:
                continue
            try:
                check(address)
            except ValidationError:
                errors.append(
                    ValidationError(
                        _("Line %(number)s: '%(address)s' is not a web address (http:// or https://)."),
                        code="invalid",
                        params={"number": number, "address": address},
                    )
                )
            addresses.append(address)
        if errors:
            raise ValidationError(errors)
        return addresses

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class RegistryForm(forms.Form):
    """A form over some fields of a registry model.

    ``layout`` lists the form's fields in order: model fields edited as they are, ``sources`` (one
    address per line), and the keys of ``partial_dates`` (text like "2024-06" stored as a date and its
    precision). ``allowed`` narrows the form to the model fields a user may change.
    """

    model: type[models.Model]
    layout: tuple[str, ...] = ()
    partial_dates: dict[str, tuple[str, str]] = {}
    required_dates: frozenset[str] = frozenset()
    # form fields that are not the record's: the version it was opened on, the reader's decisions
    not_stored: frozenset[str] = frozenset({"version"})

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        error_messages={
            "required": _("The form does not say which version of the record it was opened on: reload the page."),
            "invalid": _("The form does not say which version of the record it was opened on: reload the page."),
        },
    )

    def __init__(self, data=None, *, instance: models.Model | None = None, allowed=None, initial=None):
        self.instance = instance
        values = self.initial_from(instance) if instance is not None else {}
        values.update(initial or {})
        super().__init__(data, initial=values)
        names = [name for name in self.layout if allowed is None or self.model_fields(name) <= set(allowed)]
        plain = [n for n in names if n not in self.partial_dates and n != "sources"]
        generated = fields_for_model(self.model, fields=plain, formfield_callback=self._formfield)
        for name in names:
            if name == "sources":
                field = SourcesField(required=False)
            elif name in self.partial_dates:
                field = PartialDateField(
                    required=name in self.required_dates,
                    help_text=PARTIAL_DATE_HELP,
                    widget=forms.TextInput(attrs={"maxlength": 10, "inputmode": "numeric", "size": 10}),
                )
            else:
                field = generated[name]
            field.label = LABELS.get(name, field.label)
            if name in HELP:
                field.help_text = HELP[name]
            self.fields[name] = field
        # Move the hidden version to the end; an edit must say which version it changes.
        self.fields["version"] = self.fields.pop("version")
        self.fields["version"].required = instance is not None
        use_labels(self)

    @staticmethod
    def _formfield(model_field: models.Field, **kwargs):
        if model_field.name in TEXTAREAS:
            kwargs["widget"] = forms.Textarea(attrs={"rows": 4})
        if isinstance(model_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        if model_field.name == "latitude":
            kwargs.update(min_value=-90, max_value=90)
        if model_field.name == "longitude":
            kwargs.update(min_value=-180, max_value=180)
        return model_field.formfield(**kwargs)

    def model_fields(self, name: str) -> set[str]:
        """The model fields behind one form field."""
        return set(self.partial_dates.get(name, (name,)))

    def initial_from(self, instance: models.Model) -> dict[str, Any]:
        values: dict[str, Any] = {"version": instance.version}
        for name in self.layout:
            if name == "sources":
                values[name] = "\n".join(instance.sources or [])
            elif name in self.partial_dates:
                day, precision = self.partial_dates[name]
                values[name] = format_partial(getattr(instance, day), getattr(instance, precision))
            else:
                field = self.model._meta.get_field(name)
                values[name] = getattr(instance, field.attname)
        return values

    def changes(self) -> dict[str, Any]:
        """The cleaned input as the service's ``data``: model field names and values."""
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name in self.not_stored or name not in self.fields:
                continue
            if name in self.partial_dates:
                day, precision = self.partial_dates[name]
                data[day] = value.first_day if value else None
                data[precision] = value.precision if value else ""
            else:
                data[name] = self._stored(name, value)
        return data

    def _stored(self, name: str, value: Any) -> Any:
        """The value as the database keeps it, so that "-6.858" and "-6.85800" are not logged as a change."""
        model_field = self.model._meta.get_field(name)
        if isinstance(value, Decimal) and isinstance(model_field, models.DecimalField):
            return value.quantize(Decimal(1).scaleb(-model_field.decimal_places))
        return value

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")

    # A form may have to ask the reader something before its save (NewRoleTermForm): then the page shows it
    # again with the question, and saves nothing.
    needs_decision = False

    def options(self) -> dict[str, Any]:
        """What the reader decided besides the record's values, as keyword arguments of the save."""
        return {}

    def add_model_errors(self, error: ValidationError) -> None:
        """Show the service's validation messages next to the fields they concern."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        owner = {model_field: name for name, pair in self.partial_dates.items() for model_field in pair}
        for model_field, messages in error.message_dict.items():
            name = owner.get(model_field, model_field)
            if model_field == NON_FIELD_ERRORS or name not in self.fields:
                prefix = "" if model_field == NON_FIELD_ERRORS else f"{LABELS.get(name, name)}: "
                self.add_error(None, [f"{prefix}{message}" for message in messages])
            else:
                self.add_error(name, messages)


class MemberForm(RegistryForm):
    model = Member
    layout = (
        "name",
        "local_name",
        "kind",
        "country",
        "website",
        "summary",
        "latitude",
        "longitude",
        *SOURCED_FIELDS,
    )


class NewMemberForm(MemberForm):
    """A member added by the Secretariat; its membership events are added on its page afterwards."""

    layout = ("slug", *MemberForm.layout)


class MembershipEventForm(RegistryForm):
    model = MembershipEvent
    layout = ("status", "effective", "decided_by", *SOURCED_FIELDS)
    partial_dates = {"effective": ("effective_date", "effective_date_precision")}
    required_dates = frozenset({"effective"})


class RoleTermForm(RegistryForm):
    model = RoleTerm
    layout = (
        "role",
        "country",
        "member",
        "organisation",
        "person",
        "start",
        "end",
        "in_force_on",
        "decided_by",
        "note",
        *SOURCED_FIELDS,
    )
    partial_dates = {"start": ("start_date", "start_precision"), "end": ("end_date", "end_precision")}


class NewRoleTermForm(RoleTermForm):
    """A new role term. When it starts while a term of its seat is in force (one Chair, one Shepherd, one
    National Representative per country a day: hub.network.services.end_offer), the page asks first: the
    form comes back with a box "End <holder>'s term on <the period before>", ticked, and the offer's token
    in ``offered``. Saved with the box ticked, that term ends in the same write; unticked, the save is
    refused with a message naming it. The page asks again when the offer changed (other dates, or that term
    was changed meanwhile)."""

    not_stored = frozenset({"version", "offered"})
    offered = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    offer = None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.offer = services.end_offer(self.changes())
        if self.offer is not None:
            if cleaned.get("offered") != self.offer.token:
                self.needs_decision = True
                self.data = self.data.copy()
                self.data["offered"], self.data["end_previous"] = self.offer.token, "on"
            self._add_end_previous(self.offer)
        return cleaned

    def _add_end_previous(self, offer) -> None:
        box = forms.BooleanField(
            required=False,
            label=_("End %(holder)s's term on %(end)s") % {"holder": offer.term.holder_label, "end": offer.end},
            help_text=_("%(term)s is in force when the new term starts; one holder a day.") % {"term": offer.term},
        )
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name == "end":
                fields["end_previous"] = box
        fields.setdefault("end_previous", box)
        self.fields = fields

    def options(self) -> dict[str, Any]:
        ticked = forms.CheckboxInput().value_from_datadict(self.data, self.files, self.add_prefix("end_previous"))
        return {"end_previous": self.offer is not None and not self.needs_decision and ticked}


class OrganisationForm(RegistryForm):
    model = Organisation
    layout = (
        "name",
        "short_name",
        "local_name",
        "slug",
        "kind",
        "country",
        "member",
        "parent",
        "website",
        *SOURCED_FIELDS,
    )

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is not None and self.instance is not None:
            seen, current = set(), parent
            while current is not None and current.pk not in seen:
                if current.pk == self.instance.pk:
                    raise ValidationError(_("An organisation cannot be part of itself or of one of its units."))
                seen.add(current.pk)
                current = current.parent
        return parent


class CountryForm(RegistryForm):
    model = Country
    layout = ("name", "name_id", "local_name", "asean_joined", *SOURCED_FIELDS)
    partial_dates = {"asean_joined": ("asean_joined", "asean_joined_precision")}


class ConfirmDeleteForm(forms.Form):
    """Deleting asks for the version the reader saw, so a record changed meanwhile is not deleted blind."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
