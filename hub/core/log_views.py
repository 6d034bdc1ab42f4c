"""The change log's pages: the whole log for the Secretariat and operators, filtered, paginated, as CSV.

Read-only by construction: these views answer GET (and HEAD) only, and nothing in the hub offers to
edit or delete an entry (the model refuses both).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

import pydantic
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from hub.core import rights
from hub.core.exports import csv_response
from hub.core.filters import filter_errors
from hub.core.log_filters import ChangeLogFilter, object_types
from hub.core.models import ChangeAction, ChangeEntry

ENTRIES_PER_PAGE = 50

FILTER_LABELS = {
    "object_type": gettext_lazy("Kind of record"),
    "actor": gettext_lazy("Who (e-mail)"),
    "action": gettext_lazy("Action"),
    "date_from": gettext_lazy("From"),
    "date_to": gettext_lazy("To"),
    "q": gettext_lazy("Record name"),
}

CSV_COLUMNS = ["at", "actor", "via", "action", "object_type", "object_id", "object", "field", "before", "after"]


# --- reading entries -------------------------------------------------------------------------------


@dataclass
class FieldChange:
    name: str
    label: str
    before: Any
    after: Any


@dataclass
class EntryView:
    """One entry as people read it: field names as labels, values as text."""

    entry: ChangeEntry
    type_label: str
    fields: list[FieldChange] = field(default_factory=list)


def _model_of(entry: ChangeEntry):
    # content_type comes with the entry (select_related) or from ContentType's cache: no query per row.
    return entry.content_type.model_class()


def display_value(value: Any) -> str:
    """A logged value as text: lists (sources) one after the other, nothing as an empty string."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(display_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float, Decimal)) or (isinstance(value, str) and EXPONENT.fullmatch(value)):
        return plain_number(value)
    return str(value)


# Decimals are logged as their text, which for round numbers can be "4E+1": people read 40.
EXPONENT = re.compile(r"-?\d+(?:\.\d+)?[eE][+-]?\d+")


def plain_number(value) -> str:
    """A number as people write it: 40, not 4E+1; 2.5, not 2.50000 (a bool stays a bool)."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def describe(entries: Iterable[ChangeEntry]) -> list[EntryView]:
    views = []
    for entry in entries:
        model = _model_of(entry)
        type_label = str(model._meta.verbose_name) if model is not None else entry.content_type.model
        changes = []
        for name, pair in (entry.changes or {}).items():
            before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            label = name
            if model is not None:
                try:
                    label = str(model._meta.get_field(name).verbose_name)
                except FieldDoesNotExist:
                    pass
            changes.append(FieldChange(name, label, display_value(before), display_value(after)))
        views.append(EntryView(entry=entry, type_label=type_label, fields=changes))
    return views


# --- the whole log ---------------------------------------------------------------------------------


def _messages(exc: pydantic.ValidationError) -> list[str]:
    return filter_errors(exc, FILTER_LABELS)


def _log_filter(request: HttpRequest) -> tuple[dict[str, str], ChangeLogFilter | None, list[str]]:
    params = {name: request.GET.get(name, "").strip() for name in ChangeLogFilter.model_fields}
    try:
        return params, ChangeLogFilter(**params), []
    except pydantic.ValidationError as exc:
        return params, None, _messages(exc)


def _refuse(request: HttpRequest) -> HttpResponse | None:
    """Anonymous readers are sent to sign in; signed-in people without the right get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not rights.can_read_change_log(request.user):
        raise PermissionDenied(_("Only the Secretariat and operators read the whole change log."))
    return None


@require_safe
def changes(request: HttpRequest) -> HttpResponse:
    refused = _refuse(request)
    if refused is not None:
        return refused
    params, log_filter, errors = _log_filter(request)
    context = {
        "params": params,
        "errors": errors,
        "object_types": object_types(),
        "actions": ChangeAction.choices,
        "csv_query": urlencode({k: v for k, v in params.items() if v}),
    }
    if log_filter is None:
        return render(request, "core/changes.html", context, status=400)
    paginator = Paginator(log_filter.apply(), ENTRIES_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    context.update({"page_obj": page_obj, "paginator": paginator, "rows": describe(page_obj.object_list)})
    return render(request, "core/changes.html", context)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def csv_rows(entries: Iterable[ChangeEntry]) -> Iterator[list[str]]:
    """One row per changed field (an entry without field changes gives one row with empty field)."""
    for entry in entries:
        ct = entry.content_type
        head = [
            timezone.localtime(entry.at).isoformat(),
            entry.actor_label,
            entry.via,
            entry.action,
            f"{ct.app_label}.{ct.model}",
            entry.object_id,
            entry.object_repr,
        ]
        pairs = list((entry.changes or {}).items())
        if not pairs:
            yield [*head, "", "", ""]
        for name, pair in pairs:
            before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            yield [*head, name, _csv_value(before), _csv_value(after)]


@require_safe
def changes_csv(request: HttpRequest) -> HttpResponse:
    refused = _refuse(request)
    if refused is not None:
        return refused
    _, log_filter, errors = _log_filter(request)
    if log_filter is None:
        return HttpResponseBadRequest("\n".join(errors) + "\n", content_type="text/plain; charset=utf-8")

    return csv_response(
        CSV_COLUMNS, csv_rows(log_filter.apply().iterator(chunk_size=500)), filename="ascn-change-log.csv"
    )
