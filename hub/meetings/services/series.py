"""Meeting series: create and change them (their organisers, see hub.meetings.policies).

A series' slug names its page and its calendar feed, which people subscribe to: it is chosen once, when
the series is created (from the name if not given), and not changed after.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.core.services import create_record, update_record
from hub.meetings import policies
from hub.meetings.models import Meeting, MeetingScope, MeetingSeries
from hub.meetings.services.common import _require


def _require_scope(actor, scope: str, country) -> None:
    _require(policies.can_create_any_meeting(actor), policies.NOT_A_SERIES_ORGANISER)
    if scope == MeetingScope.NATIONAL and country is None:
        raise ValidationError({"country": _("A series of national meetings names its member state.")})
    _require(
        policies.can_create_meeting(actor, scope=scope, country_id=getattr(country, "pk", None)),
        policies.NOT_A_SERIES_ORGANISER,
    )


@transaction.atomic
def create_series(*, actor, data: dict[str, Any], via: str = "") -> MeetingSeries:
    data = {"scope": MeetingScope.NETWORK, **data}
    _require_scope(actor, data["scope"], data.get("country"))
    if not data.get("slug"):
        data["slug"] = slugify(data.get("name") or "")[:80].strip("-")
    return create_record(MeetingSeries, actor=actor, data=data, via=via)


@transaction.atomic
def update_series(
    *, actor, series: MeetingSeries, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> MeetingSeries:
    _require(policies.can_edit_series(actor, series), policies.NOT_A_SERIES_ORGANISER)
    if "slug" in data and data["slug"] != series.slug:
        raise ValidationError({"slug": _("A series keeps its slug: its page and calendar feed are known by it.")})
    scope = data.get("scope", series.scope)
    country = data.get("country", series.country)
    if scope == MeetingScope.NETWORK and "country" not in data:
        data, country = {**data, "country": None}, None
    if (scope, getattr(country, "pk", None)) != (series.scope, series.country_id):
        _require_scope(actor, scope, country)
        if scope == MeetingScope.NATIONAL:
            others = Meeting.objects.filter(series=series).exclude(scope=MeetingScope.NATIONAL, country=country)
            if others.exists():
                raise ValidationError(
                    {
                        "scope": _(
                            "This series has meetings that are not national meetings of %(country)s; "
                            "move them to another series first."
                        )
                        % {"country": country}
                    }
                )
    return update_record(series, actor=actor, data=data, expected_version=expected_version, via=via)
