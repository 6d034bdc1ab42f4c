"""Monitoring & evaluation: reporting cycles, progress updates with their review chain, reminders.

A progress update is one project's report for one cycle. It moves draft → submitted → endorsed →
accepted through the services (never by saving the model), each step kept as a ReviewStep and in the
change log. Only accepted updates are public; indicator values reported in an update stay in
``UpdateValue`` until the update is accepted, and only then become ``hub.projects`` IndicatorValue rows
(linked back through ``UpdateValue.published``), so no page of the catalogue can show a draft's figure.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.core.dates import Precision, format_partial
from hub.core.models import Sourced
from hub.projects.models import ProjectStatus

# --- reporting cycles ---------------------------------------------------------------------------------


class CycleState(models.TextChoices):
    PLANNED = "planned", _("planned")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


def cycle_bounds(end_year: int, start_month: int = 10) -> tuple[date, date]:
    """First and last day of the cycle that ends in ``end_year`` (October–September by default)."""
    if start_month == 1:
        return date(end_year, 1, 1), date(end_year, 12, 31)
    return date(end_year - 1, start_month, 1), date(end_year, start_month, 1) - timedelta(days=1)


def cycle_slug(end_year: int, start_month: int = 10) -> str:
    return str(end_year) if start_month == 1 else f"{end_year - 1}-{end_year}"


class ReportingCycle(models.Model):
    """One M&E year. "2024–2025" runs from 2024-10-01 to 2025-09-30 and is the "2025" M&E report.

    Named by the year it ends in, as the Secretariat names its annual reports. The Secretariat creates,
    opens and closes cycles: updates are written only while a cycle is open.
    """

    slug = models.SlugField(_("slug"), max_length=20, unique=True, help_text=_("e.g. 2024-2025"))
    end_year = models.PositiveSmallIntegerField(
        _("ends in year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    start_month = models.PositiveSmallIntegerField(
        _("first month"), default=10, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    due_date = models.DateField(
        _("reports due"),
        help_text=_("Updates should be submitted by this day; after it, projects without one are late."),
    )
    state = models.CharField(_("state"), max_length=8, choices=CycleState.choices, default=CycleState.PLANNED)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="cycle_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report", args=[self.slug])

    @property
    def label(self) -> str:
        return str(self.end_year) if self.start_month == 1 else f"{self.end_year - 1}–{self.end_year}"

    @property
    def is_open(self) -> bool:
        return self.state == CycleState.OPEN

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.due_date and self.due_date < self.start_date:
            raise ValidationError({"due_date": _("Reports cannot be due before the cycle starts.")})
        if self.start_date and self.end_date:
            overlapping = ReportingCycle.objects.filter(start_date__lte=self.end_date, end_date__gte=self.start_date)
            if self.pk:
                overlapping = overlapping.exclude(pk=self.pk)
            other = overlapping.first()
            if other is not None:
                raise ValidationError(
                    _("This cycle would overlap the cycle %(other)s (%(start)s to %(end)s).")
                    % {"other": other.label, "start": other.start_date, "end": other.end_date}
                )


# --- progress updates ---------------------------------------------------------------------------------


class UpdateState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ENDORSED = "endorsed", _("endorsed")
    ACCEPTED = "accepted", _("accepted")


# States that count as "reported" for the who-is-late list: the city has done its part.
REPORTED_STATES = (UpdateState.SUBMITTED, UpdateState.ENDORSED, UpdateState.ACCEPTED)


class ProgressUpdateQuerySet(models.QuerySet):
    def accepted(self) -> ProgressUpdateQuerySet:
        return self.filter(state=UpdateState.ACCEPTED)

    def visible_to(self, user) -> ProgressUpdateQuerySet:
        """Accepted updates for everyone; drafts and reviews for the people of hub.monitoring.policies."""
        from hub.monitoring.policies import update_visibility_q

        return self.filter(update_visibility_q(user))

    def with_related(self) -> ProgressUpdateQuerySet:
        return self.select_related("project__member__country", "cycle")


class ProgressUpdate(Sourced):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="progress_updates", verbose_name=_("project")
    )
    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.PROTECT, related_name="updates", verbose_name=_("reporting cycle")
    )
    state = models.CharField(
        _("review state"), max_length=10, choices=UpdateState.choices, default=UpdateState.DRAFT, db_index=True
    )
    status = models.CharField(_("project status"), max_length=12, choices=ProjectStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    milestones = models.JSONField(_("milestones reached"), default=list, blank=True)
    narrative = models.TextField(_("what happened in the cycle"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    support_needed = models.TextField(_("support needed"), blank=True)
    language = models.CharField(_("language of the texts"), max_length=4, default="en")
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    endorsed_at = models.DateTimeField(_("endorsed"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # The list's sort values, copied from the cycle, country, member and project (names lower-cased by the
    # database) so that the list is ordered by one table's index: kept by hub.monitoring.update_order.
    order_start = models.DateField(null=True, blank=True, editable=False)
    order_country = models.TextField(blank=True, default="", editable=False)
    order_member = models.TextField(blank=True, default="", editable=False)
    order_title = models.TextField(blank=True, default="", editable=False)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-cycle__start_date", "project__title", "pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.UniqueConstraint(fields=["project", "cycle"], name="update_one_per_project_cycle"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="update_progress_max_100"),
        ]
        indexes = [
            models.Index(fields=["cycle", "state"]),
            # The list's order (hub.monitoring.filters.UpdateFilter), over every cycle and within one; the state
            # last so that the page's ids are read from the index alone (the public sees accepted updates only).
            models.Index(
                fields=["-order_start", "order_country", "order_member", "order_title", "id", "state"],
                name="update_list_order",
            ),
            models.Index(
                fields=["cycle", "order_country", "order_member", "order_title", "id", "state"],
                name="update_list_cycle_order",
            ),
            models.Index(
                fields=["order_country", "-order_start", "order_member", "order_title", "id", "state"],
                name="update_list_country_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.title} — {self.cycle.label}"

    def save(self, *args, **kwargs):
        # The sort copies are written by the insert and by update_order.refresh() only: an instance read before
        # a rename must not put the old names back when it is saved.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = _UPDATE_SAVED_FIELDS
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("monitoring:update", args=[self.pk])

    def clean(self):
        super().clean()
        if not isinstance(self.milestones, list) or not all(isinstance(m, str) for m in self.milestones):
            raise ValidationError({"milestones": _("Milestones are a list of short texts.")})
        if any(len(m) > 300 for m in self.milestones):
            raise ValidationError({"milestones": _("Each milestone is at most 300 characters long.")})
        if len(self.milestones) > MILESTONES_MAX:
            raise ValidationError({"milestones": _("At most %(count)s milestones.") % {"count": MILESTONES_MAX}})
        too_long = {
            name: _("At most %(count)s characters (this text has %(length)s).")
            % {"count": UPDATE_TEXT_MAX, "length": len(getattr(self, name))}
            for name in ("narrative", "challenges", "support_needed")
            if len(getattr(self, name) or "") > UPDATE_TEXT_MAX
        }
        if too_long:
            raise ValidationError(too_long)


_UPDATE_SAVED_FIELDS = tuple(
    f.name for f in ProgressUpdate._meta.concrete_fields if not f.primary_key and not f.name.startswith("order_")
)

# An update's texts are read by reviewers and printed in the report: a page or two each, not megabytes.
UPDATE_TEXT_MAX = 10_000
MILESTONES_MAX = 50


class UpdateValue(models.Model):
    """A figure reported in an update for one of the project's indicators, for the update's cycle.

    Private while the update is under review; on acceptance the services publish it as an
    IndicatorValue of hub.projects (``published``).
    """

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        "projects.Indicator", on_delete=models.CASCADE, related_name="reported_values", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    note = models.CharField(_("note"), max_length=300, blank=True)
    published = models.OneToOneField(
        "projects.IndicatorValue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_in",
        verbose_name=_("published value"),
    )

    class Meta:
        ordering = ["indicator__name", "pk"]
        verbose_name = _("reported indicator value")
        verbose_name_plural = _("reported indicator values")
        constraints = [models.UniqueConstraint(fields=["update", "indicator"], name="update_value_one_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.value}"


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("submitted")
    ENDORSE = "endorse", _("endorsed")
    ACCEPT = "accept", _("accepted")
    RETURN = "return", _("returned for changes")
    REOPEN = "reopen", _("reopened after acceptance")


# Steps that send an update back to its authors with a comment: the comment is for the insiders only.
REWORK_ACTIONS = (ReviewAction.RETURN, ReviewAction.REOPEN)


class ReviewStep(models.Model):
    """One step of an update's review history: who moved it, when, from which state to which, and why."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(_("action"), max_length=8, choices=ReviewAction.choices)
    from_state = models.CharField(_("from"), max_length=10, choices=UpdateState.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=UpdateState.choices)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    actor_label = models.CharField(_("who (as text)"), max_length=200)
    acting_as = models.CharField(_("acting as"), max_length=40, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review history")

    def __str__(self) -> str:
        return f"{self.update_id}: {self.from_state} → {self.to_state} by {self.actor_label}"


# --- reminders ----------------------------------------------------------------------------------------


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("report due soon")
    OVERDUE = "overdue", _("report overdue")


class Reminder(models.Model):
    """A reminder e-mailed to one person about one project's report in one cycle, on one day."""

    recipient = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "project", "cycle", "kind", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.kind} {self.recipient_id} {self.project_id}"


# --- the Secretariat's published reports -------------------------------------------------------------


class PublishedFigure(Sourced):
    """A figure of a published annual M&E report, as the report (or a source quoting it) gives it.

    Reference data (data/me_reports.yaml), never computed: the hub's own count for a cycle comes from
    live, accepted data (hub.monitoring.selectors) and is shown beside it, never mixed into it. The
    Secretariat's reports count on their own basis, so the two may differ.
    """

    report_year = models.PositiveSmallIntegerField(
        _("report year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year in the report's title: the 2025 report covers the cycle that ends in 2025."),
    )
    title = models.CharField(_("report"), max_length=200)
    cycle_label = models.CharField(
        _("cycle"), max_length=20, blank=True, help_text=_("The period as the report names it, e.g. 2024–25.")
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_start_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    period_end_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    as_of = models.DateField(_("as of"))
    as_of_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    projects = models.PositiveIntegerField(_("projects"))
    by_status = models.JSONField(
        _("projects by status"), default=dict, blank=True, help_text=_("Status → projects, where the report gives it.")
    )
    # The text's and the appendix's own breakdowns, as printed (see data/me_reports.yaml): shares in percent,
    # the appendix's status grouping, and counts by focus area code and by country code.
    by_status_percent = models.JSONField(_("projects by status, in percent"), default=dict, blank=True)
    appendix_status = models.JSONField(_("projects by the appendix's status"), default=dict, blank=True)
    by_focus_area = models.JSONField(_("projects by focus area"), default=dict, blank=True)
    by_focus_area_percent = models.JSONField(_("projects by focus area, in percent"), default=dict, blank=True)
    by_country = models.JSONField(_("projects by country"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["as_of", "report_year", "pk"]
        verbose_name = _("published M&E figure")
        verbose_name_plural = _("published M&E figures")

    def __str__(self) -> str:
        return f"{self.title}: {self.projects}"

    @property
    def as_of_text(self) -> str:
        return format_partial(self.as_of, self.as_of_precision)

    @property
    def period_text(self) -> str:
        if not self.period_start or not self.period_end:
            return ""
        start = format_partial(self.period_start, self.period_start_precision)
        return f"{start}/{format_partial(self.period_end, self.period_end_precision)}"

    def clean(self):
        super().clean()
        errors = {}
        for prefix in ("period_start", "period_end"):
            if bool(getattr(self, prefix)) != bool(getattr(self, f"{prefix}_precision")):
                errors[prefix] = _("A date needs its precision (day, month or year), and a precision its date.")
        if bool(self.period_start) != bool(self.period_end):
            errors["period_end"] = _("Give both ends of the period covered, or neither.")
        elif self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        statuses = self.by_status if isinstance(self.by_status, dict) else None
        if statuses is None or any(
            key not in ProjectStatus.values or not isinstance(n, int) or isinstance(n, bool) or n < 0
            for key, n in statuses.items()
        ):
            errors["by_status"] = _("Projects by status maps a status (%(statuses)s) to a number of projects.") % {
                "statuses": ", ".join(ProjectStatus.values)
            }
        elif statuses and sum(statuses.values()) > (self.projects or 0):
            errors["by_status"] = _("The projects by status add up to more than the projects.")
        if errors:
            raise ValidationError(errors)


from hub.monitoring.models_tallies import (  # noqa: E402, F401  (tallies.py, focus_pairs.py)
    AcceptedFeed,
    CountryFocusPairTally,
    CountryTally,
    CycleTally,
    FocusPairTally,
    HighlightTally,
    IndicatorTally,
)
