"""What every list's filter shares: the one filter base and the one way a page reports a bad filter.

Each list has ONE filter class (its app's filters.py), a ninja Schema, so the API documents and validates it
as query parameters and its page validates ``request.GET`` with the same class:

    from hub.core.filters import FilterSchema, filter_errors, read_filter

    class ThingFilter(FilterSchema):
        q: str | None = Field(None, max_length=100)
        def apply(self, queryset): ...

    params, thing_filter, errors = read_filter(request, ThingFilter, LABELS)   # in the page's view
    if thing_filter is None: ... render the page with ``errors``, status 400

Text with NUL or control characters never reaches a filter (hub.core.guard refuses the request); ids take
hub.core.inputs.Id, days hub.core.inputs.Day.
"""

from __future__ import annotations

from collections.abc import Mapping

import pydantic
from django.http import HttpRequest
from ninja import Schema
from pydantic import field_validator


class FilterSchema(Schema):
    """The base of every list filter."""

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        # HTML forms send empty strings for untouched fields.
        return None if value == "" else value


def filter_errors(exc: pydantic.ValidationError, labels: Mapping[str, str] | None = None) -> list[str]:
    """The filter's own messages, each prefixed with the label of the form field it concerns."""
    labels = labels or {}
    messages = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error.get("loc") else ""
        label = labels.get(name, name)
        messages.append(f"{label}: {error['msg']}" if label else error["msg"])
    return messages


def read_filter(request: HttpRequest, filter_class: type[FilterSchema], labels: Mapping[str, str] | None = None):
    """(the submitted values, the validated filter or None, messages) for a list page's ``request.GET``."""
    params = {name: request.GET.get(name, "").strip() for name in filter_class.model_fields}
    try:
        return params, filter_class(**params), []
    except pydantic.ValidationError as exc:
        return params, None, filter_errors(exc, labels)
