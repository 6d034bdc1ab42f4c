"""What came of an agenda item (information, decisions, action items), the registry changes a decision
made (``DecisionEffect``), and the comments and reminders of action items.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.core.models import Sourced
from hub.meetings.models.agenda import AgendaItem
from hub.meetings.models.meetings import Meeting


class OutcomeKind(models.TextChoices):
    INFORMATION = "information", _("information")
    DECISION = "decision", _("decision")
    ACTION = "action", _("action item")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class OutcomeQuerySet(models.QuerySet):
    def decisions(self) -> OutcomeQuerySet:
        return self.filter(kind=OutcomeKind.DECISION)

    def actions(self) -> OutcomeQuerySet:
        return self.filter(kind=OutcomeKind.ACTION)

    def open_actions(self) -> OutcomeQuerySet:
        return self.actions().filter(status__in=OPEN_STATUSES)

    def overdue(self, on: date) -> OutcomeQuerySet:
        return self.open_actions().filter(due_date__lt=on)

    def visible_to(self, user) -> OutcomeQuerySet:
        return self.filter(agenda_item__meeting__in=Meeting.objects.visible_to(user))

    def with_related(self) -> OutcomeQuerySet:
        return self.select_related(
            "agenda_item",
            "agenda_item__meeting",
            "agenda_item__meeting__series",
            "owner_organisation",
            "owner_user",
        )


class Outcome(Sourced):
    """What came of an agenda item: a piece of information, a decision or an action item.

    Action items carry an owner (an organisation, a user with an account, or a named person), a due date
    and a status; ``closed_on`` is the day they were done or dropped, so that a meeting's review of open
    action items shows what was open on the meeting's day."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=12, choices=OutcomeKind.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"))
    owner_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owner (organisation)"),
    )
    owner_user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owner (person with an account)"),
    )
    owner_name = models.CharField(
        _("owner (name)"), max_length=200, blank=True, help_text=_("A person without an account, as free text.")
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item", "position", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="action") | (Q(status="") & Q(due_date__isnull=True)),
                name="outcome_action_fields_only_on_actions",
            ),
            models.CheckConstraint(condition=~Q(kind="action") | ~Q(status=""), name="outcome_action_has_status"),
        ]
        indexes = [models.Index(fields=["kind", "status", "due_date"])]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def get_absolute_url(self) -> str:
        if self.kind == OutcomeKind.ACTION:
            return reverse("meetings:action", args=[self.pk])
        return f"{reverse('meetings:detail', args=[self.agenda_item.meeting_id])}#{self.kind}-{self.pk}"

    @property
    def meeting(self) -> Meeting:
        return self.agenda_item.meeting

    def clean(self):
        super().clean()
        errors: dict[str, str] = {}
        if self.kind == OutcomeKind.ACTION:
            if not self.status:
                self.status = ActionStatus.OPEN
            if not (self.owner_organisation_id or self.owner_user_id or self.owner_name.strip()):
                errors["owner_organisation"] = _("An action item needs an owner: an organisation or a person.")
        else:
            if self.owner_organisation_id or self.owner_user_id or self.owner_name or self.due_date:
                errors["kind"] = _("Only an action item has an owner and a due date.")
            self.status = ""
        if errors:
            raise ValidationError(errors)

    @property
    def owner_display(self) -> str:
        parts = [
            self.owner_user.get_full_name() if self.owner_user_id else "",
            self.owner_name,
            self.owner_organisation.name if self.owner_organisation_id else "",
        ]
        return ", ".join(p for p in parts if p)

    def is_overdue(self, on: date) -> bool:
        return (
            self.kind == OutcomeKind.ACTION
            and self.status in OPEN_STATUSES
            and bool(self.due_date)
            and (self.due_date < on)
        )


class EffectKind(models.TextChoices):
    ADMIT_MEMBER = "admit_member", _("admits a member")
    CHAIR_HANDOVER = "chair_handover", _("hands over the Chair")
    SHEPHERD_HANDOVER = "shepherd_handover", _("hands over the Shepherd role")


class DecisionEffect(Sourced):
    """A change of the registry that a decision made: the membership event or role term it created.

    ``created_by_decision`` says whether deleting the decision deletes the registry record (it was made
    here) or only unlinks it (the reference dataset made it and links it to the decision that took it)."""

    decision = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="effects")
    kind = models.CharField(_("kind"), max_length=20, choices=EffectKind.choices)
    membership_event = models.OneToOneField(
        "network.MembershipEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_effect",
    )
    role_term = models.OneToOneField(
        "network.RoleTerm", on_delete=models.PROTECT, null=True, blank=True, related_name="decision_effect"
    )
    created_by_decision = models.BooleanField(default=True)
    # A handover ends the term in force on the new term's start; deleting the decision gives it back the
    # end it had (partial-date text, "" for open-ended), provided it still has the end the handover set.
    ended_term = models.ForeignKey(
        "network.RoleTerm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ended_by_effects",
        verbose_name=_("term it ended"),
    )
    ended_term_end_before = models.CharField(_("its end before"), max_length=10, blank=True)
    ended_term_end_after = models.CharField(_("its end after"), max_length=10, blank=True)

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("effect of a decision")
        verbose_name_plural = _("effects of decisions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(membership_event__isnull=False) & Q(role_term__isnull=True))
                | (Q(membership_event__isnull=True) & Q(role_term__isnull=False)),
                name="decisioneffect_one_target",
            ),
            models.CheckConstraint(
                condition=Q(ended_term__isnull=True) | Q(role_term__isnull=False),
                name="decisioneffect_only_handovers_end_terms",
            ),
        ]

    def __str__(self) -> str:
        target = self.membership_event or self.role_term
        return f"{self.get_kind_display()}: {target}"

    @property
    def target(self):
        return self.membership_event if self.membership_event_id else self.role_term

    @property
    def ended_display(self) -> str:
        """The term the handover ended, as "Indonesia (2023-07 – 2026-08), until then 2027"."""
        if not self.ended_term_id:
            return ""
        return _("%(holder)s (%(period)s), until then %(before)s") % {
            "holder": self.ended_term.holder_label,
            "period": self.ended_term.period_display,
            "before": self.ended_term_end_before or _("open-ended"),
        }


class ActionComment(models.Model):
    action = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    author_label = models.CharField(_("author"), max_length=200)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on an action item")
        verbose_name_plural = _("comments on action items")

    def __str__(self) -> str:
        return f"{self.author_label}: {self.text[:60]}"


class ActionReminder(models.Model):
    """One reminder sent: ``actionreminders`` sends nobody two for the same item on the same day."""

    action = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    email = models.EmailField(_("sent to"))
    sent_on = models.DateField(_("day"))
    reason = models.CharField(_("reason"), max_length=10)  # "due" or "overdue"
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "pk"]
        verbose_name = _("action reminder sent")
        verbose_name_plural = _("action reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["action", "email", "sent_on"], name="actionreminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.email}: {self.action}"
