"""The one filter of the change log, shared by its page and its CSV download (and an API, should one come).

A ninja Schema like ``hub.network.filters``: the page validates ``request.GET`` with it and shows its
messages; an endpoint could take it as ``Query[ChangeLogFilter]`` and document it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import Field, field_validator, model_validator

from hub.core.filters import FilterSchema
from hub.core.models import ChangeAction, ChangeEntry


class ChangeLogFilter(FilterSchema):
    object_type: str | None = Field(
        None,
        max_length=100,
        pattern=r"^[a-z_]+\.[a-z_]+$",
        description="The kind of record, as app.model, e.g. network.member.",
    )
    actor: str | None = Field(None, max_length=200, description="Text in the e-mail (or command) of who wrote.")
    action: ChangeAction | None = Field(None, description="create, update, delete or transition.")
    date_from: dt.date | None = Field(None, description="Written on or after this day (YYYY-MM-DD, local time).")
    date_to: dt.date | None = Field(None, description="Written on or before this day (YYYY-MM-DD, local time).")
    q: str | None = Field(None, max_length=100, description="Text in the name of the record.")

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        # HTML forms send empty strings for untouched fields.
        if isinstance(value, str):
            value = value.strip()
        return None if value == "" else value

    @model_validator(mode="after")
    def _ordered_dates(self):
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(_("the first day (From) comes after the last day (To)"))
        return self

    def apply(self, queryset: QuerySet[ChangeEntry] | None = None) -> QuerySet[ChangeEntry]:
        qs = (queryset if queryset is not None else ChangeEntry.objects.all()).select_related("content_type")
        if self.object_type:
            app_label, model = self.object_type.split(".", 1)
            qs = qs.filter(content_type__app_label=app_label, content_type__model=model)
        if self.actor:
            qs = qs.filter(actor_label__icontains=self.actor)
        if self.action:
            qs = qs.filter(action=self.action)
        # Whole local days, as bounds on the indexed timestamp.
        if self.date_from:
            qs = qs.filter(at__gte=_start_of(self.date_from))
        if self.date_to:
            qs = qs.filter(at__lt=_start_of(self.date_to + dt.timedelta(days=1)))
        if self.q:
            qs = qs.filter(object_repr__icontains=self.q)
        return qs.order_by("-at", "-pk")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def object_types() -> list[tuple[str, str]]:
    """(app.model, readable name) of the kinds of record that have entries: the choices of the filter."""
    used = ContentType.objects.filter(pk__in=ChangeEntry.objects.values("content_type")).order_by("app_label", "model")
    choices = []
    for content_type in used:
        model = content_type.model_class()
        label = str(model._meta.verbose_name) if model is not None else content_type.model
        choices.append((f"{content_type.app_label}.{content_type.model}", label))
    return sorted(choices, key=lambda choice: choice[1].lower())
