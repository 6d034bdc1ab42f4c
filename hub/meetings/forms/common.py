"""Widgets, fields and the one small form that several meeting pages use."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hub.core.inputs import validate_web_address

ASEAN_TIMEZONES = [
    "Asia/Brunei",
    "Asia/Phnom_Penh",
    "Asia/Jakarta",
    "Asia/Makassar",
    "Asia/Jayapura",
    "Asia/Vientiane",
    "Asia/Kuala_Lumpur",
    "Asia/Yangon",
    "Asia/Manila",
    "Asia/Singapore",
    "Asia/Bangkok",
    "Asia/Dili",
    "Asia/Ho_Chi_Minh",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Sydney",
    "Europe/Brussels",
    "America/New_York",
    "UTC",
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class SourcesField(forms.CharField):
    """Source addresses, one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value):
        super().validate(value)
        check = validate_web_address
        for address in value:
            try:
                check(address)
            except ValidationError:
                raise ValidationError(_("'%(address)s' is not a web address.") % {"address": address}) from None


class ClockField(forms.TimeField):
    """A time of day typed or picked in the browser, kept as "HH:MM" text."""

    widget = TimeInput

    def clean(self, value):
        result = super().clean(value)
        return result.strftime("%H:%M") if result else ""


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices
