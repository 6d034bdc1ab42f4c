"""Agenda items of a meeting, with the members, projects and earlier decisions they concern."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.core.models import Sourced
from hub.meetings.models.meetings import CLOCK, Meeting


class AgendaItem(Sourced):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    day = models.DateField(_("day"), null=True, blank=True, help_text=_("For a meeting of several days."))
    start_time = models.CharField(
        _("time"), max_length=5, blank=True, validators=[CLOCK], help_text=_("Local time, HH:MM.")
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True, help_text=_("Name, as free text."))
    presenter_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presented_items",
        verbose_name=_("presenting organisation"),
    )
    members = models.ManyToManyField(
        "network.Member", blank=True, related_name="agenda_items", verbose_name=_("members concerned")
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="agenda_items", verbose_name=_("projects discussed")
    )
    decisions = models.ManyToManyField(
        "Outcome",
        blank=True,
        related_name="discussed_in",
        verbose_name=_("earlier decisions"),
        limit_choices_to={"kind": "decision"},
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#item-{self.pk}"

    def clean(self):
        super().clean()
        meeting = self.meeting if self.meeting_id else None
        if meeting and self.day and not (meeting.start_date <= self.day <= meeting.end_date):
            raise ValidationError(
                {"day": _("The day is not one of the meeting's days (%(dates)s).") % {"dates": meeting.dates_display}}
            )

    @property
    def presenter_display(self) -> str:
        parts = [p for p in (self.presenter, self.presenter_organisation.name if self.presenter_organisation else "")]
        return ", ".join(p for p in parts if p)
