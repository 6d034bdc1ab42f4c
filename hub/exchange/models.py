"""Idea exchange: the challenges register, collaboration requests and collaborations, follows and digests.

A **challenge** is a problem a member has (optionally in one of its projects): what it is, how much it
hurts, what help is wanted, and whether and by what it was solved. Challenges written in an accepted
progress update become challenges here without retyping (``source_update``; hub/exchange/from_updates.py).

A **collaboration request** is one member's officer asking another member for a knowledge exchange, a
study visit or a joint project; the other side accepts or declines. An accepted request starts a
**collaboration** (two or more members, a topic, linked challenge and projects), which is public.

A **follow** is a person's interest in a member, project, challenge or country; the digest
(hub/exchange/digest.py) e-mails what changed in them, at most once per person per period.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.core.models import Sourced
from hub.core.urlcache import reverse  # remembered: called for every row of a list
from hub.projects.models import FocusArea, Language

# --- challenges ---------------------------------------------------------------------------------------


class Severity(models.IntegerChoices):
    """How much the challenge hurts the member (sorted: higher hurts more)."""

    MINOR = 1, _("minor")
    MODERATE = 2, _("moderate")
    SERIOUS = 3, _("serious")
    CRITICAL = 4, _("critical")


class ChallengeStatus(models.TextChoices):
    OPEN = "open", _("open")
    ADDRESSED = "addressed", _("being addressed")
    SOLVED = "solved", _("solved")
    # The progress update it came from was reopened: the text is no longer public (from_updates.py).
    WITHDRAWN = "withdrawn", _("withdrawn")


# Statuses that still need someone's help (My work, the member page, the digest's "open" lists).
ACTIVE_STATUSES = (ChallengeStatus.OPEN, ChallengeStatus.ADDRESSED)


class HelpKind(models.TextChoices):
    KNOWLEDGE = "knowledge", _("knowledge")
    PARTNER = "partner", _("a partner")
    FUNDING = "funding", _("funding")


HELP_FIELDS = {
    HelpKind.KNOWLEDGE: "wants_knowledge",
    HelpKind.PARTNER: "wants_partner",
    HelpKind.FUNDING: "wants_funding",
}


def nul_errors(obj, names: tuple[str, ...]) -> dict[str, list[str]]:
    """Text fields holding NUL characters (PostgreSQL cannot store them): refused like any bad input."""
    return {
        name: [str(_("The text must not contain NUL characters."))]
        for name in names
        if "\x00" in (getattr(obj, name) or "")
    }


def challenge_visibility_q(user, prefix: str = "") -> Q:
    """The challenges ``user`` may read, as a filter (``prefix`` for a relation, e.g. "challenge__").

    Published challenges for everyone; drafts for the member's officers, its country's National
    Representative, and the network-wide roles (Secretariat, Chair, Shepherd in their term)."""
    from hub.accounts.permissions import scope_for

    scope = scope_for(user)
    if scope.network_wide:
        return Q()
    q = Q(**{f"{prefix}published": True})
    if scope.officer_member_ids:
        q |= Q(**{f"{prefix}member_id__in": scope.officer_member_ids})
    if scope.nr_country_ids:
        q |= Q(**{f"{prefix}member__country_id__in": scope.nr_country_ids})
    return q


class ChallengeQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChallengeQuerySet:
        return self.filter(challenge_visibility_q(user))

    def published(self) -> ChallengeQuerySet:
        return self.filter(published=True)

    def active(self) -> ChallengeQuerySet:
        """Open or being addressed: still wanting help."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def of_members(self, member_ids) -> ChallengeQuerySet:
        return self.filter(member_id__in=list(member_ids))

    def with_related(self) -> ChallengeQuerySet:
        """What lists and pages read of each challenge, in a fixed number of queries."""
        return self.select_related(
            "member__country", "project", "source_update__cycle", "solved_by_project", "solved_by_collaboration"
        ).prefetch_related(models.Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position")))


class Challenge(Sourced):
    member = models.ForeignKey(
        "network.Member", on_delete=models.PROTECT, related_name="challenges", verbose_name=_("member")
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what the challenge is"), max_length=10000)
    language = models.CharField(_("language of the text"), max_length=4, choices=Language.choices, default="en")
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="challenges", verbose_name=_("focus areas")
    )
    severity = models.PositiveSmallIntegerField(
        _("how much it hurts"), choices=Severity.choices, default=Severity.MODERATE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN, db_index=True
    )
    solved_by_project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solved_challenges",
        verbose_name=_("solved by the project"),
    )
    solved_by_collaboration = models.ForeignKey(
        "exchange.Collaboration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solved_challenges",
        verbose_name=_("solved by the collaboration"),
    )
    solution = models.TextField(_("how it was solved"), blank=True, max_length=5000)
    wants_knowledge = models.BooleanField(_("knowledge wanted"), default=False)
    wants_partner = models.BooleanField(_("a partner wanted"), default=False)
    wants_funding = models.BooleanField(_("funding wanted"), default=False)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Public: published by the member's officers, or written in an accepted progress update."),
    )
    source_update = models.OneToOneField(
        "monitoring.ProgressUpdate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenge_record",
        verbose_name=_("from the progress update"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-severity", "-created_at", "pk"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [models.Index(fields=["status", "published"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchange:challenge", args=[self.pk])

    @property
    def help_wanted(self) -> list[str]:
        """The kinds of help wanted, as codes (knowledge, partner, funding): what matching reads."""
        return [kind.value for kind, name in HELP_FIELDS.items() if getattr(self, name)]

    @property
    def help_wanted_labels(self) -> list[str]:
        return [str(HelpKind(code).label) for code in self.help_wanted]

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def match_text(self) -> str:
        """The text to match other members' projects against (hub.search.matching.match's ``text``)."""
        return f"{self.title}\n{self.text}"

    def validate_domain(self) -> None:
        errors: dict[str, list[str]] = nul_errors(self, ("title", "text", "solution", "source_note"))
        if self.project_id and self.project.member_id != self.member_id:
            errors["project"] = [str(_("The project must be one of the member's own projects."))]
        solved_by = [self.solved_by_project_id, self.solved_by_collaboration_id, self.solution.strip()]
        if self.status == ChallengeStatus.SOLVED and not any(solved_by):
            errors["solution"] = [
                str(_("Say what solved it: a project, a collaboration or a text on how it was solved."))
            ]
        # A withdrawn challenge keeps what solved it, for when its update is accepted again.
        if self.status in ACTIVE_STATUSES and (self.solved_by_project_id or self.solved_by_collaboration_id):
            errors["status"] = [str(_("Only a solved challenge names the project or collaboration that solved it."))]
        if errors:
            raise ValidationError(errors)


# --- collaboration requests and collaborations ----------------------------------------------------------


class CollaborationKind(models.TextChoices):
    KNOWLEDGE_EXCHANGE = "knowledge_exchange", _("knowledge exchange")
    STUDY_VISIT = "study_visit", _("study visit")
    JOINT_PROJECT = "joint_project", _("joint project")


class RequestState(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


def request_visibility_q(user, prefix: str = "") -> Q:
    """Requests ``user`` may read: the officers of either side, both sides' National Representatives, and
    the network-wide roles in their term (Shepherd, Chair, Secretariat). Nobody else, not even that they
    exist."""
    from hub.accounts.permissions import scope_for

    scope = scope_for(user)
    if scope.network_wide:
        return Q()
    q = Q(pk__in=[])
    for side in ("from_member", "to_member"):
        if scope.officer_member_ids:
            q |= Q(**{f"{prefix}{side}_id__in": scope.officer_member_ids})
        if scope.nr_country_ids:
            q |= Q(**{f"{prefix}{side}__country_id__in": scope.nr_country_ids})
    return q


class CollaborationRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> CollaborationRequestQuerySet:
        return self.filter(request_visibility_q(user))

    def pending(self) -> CollaborationRequestQuerySet:
        return self.filter(state=RequestState.PENDING)

    def with_related(self) -> CollaborationRequestQuerySet:
        return self.select_related(
            "from_member__country", "to_member__country", "challenge", "project", "collaboration", "created_by"
        )


class CollaborationRequest(models.Model):
    from_member = models.ForeignKey(
        "network.Member", on_delete=models.PROTECT, related_name="requests_sent", verbose_name=_("from")
    )
    to_member = models.ForeignKey(
        "network.Member", on_delete=models.PROTECT, related_name="requests_received", verbose_name=_("to")
    )
    kind = models.CharField(_("what is asked"), max_length=20, choices=CollaborationKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    challenge = models.ForeignKey(
        Challenge,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("challenge"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collaboration_requests",
        verbose_name=_("project asked about"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState.choices, default=RequestState.PENDING, db_index=True
    )
    reply = models.TextField(_("reply"), blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    collaboration = models.OneToOneField(
        "exchange.Collaboration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="origin_request",
        verbose_name=_("collaboration started"),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CollaborationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("collaboration request")
        verbose_name_plural = _("collaboration requests")
        constraints = [
            models.CheckConstraint(condition=~Q(from_member=models.F("to_member")), name="request_to_another_member")
        ]

    def __str__(self) -> str:
        return f"{self.from_member} → {self.to_member}: {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("exchange:request", args=[self.pk])

    def clean(self):
        super().clean()
        errors = nul_errors(self, ("subject", "message", "reply"))
        if errors:
            raise ValidationError(errors)


class CollaborationStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    DISCONTINUED = "discontinued", _("discontinued")


class CollaborationQuerySet(models.QuerySet):
    def visible_to(self, user) -> CollaborationQuerySet:
        """Collaborations are public: the members agreed to them (the request's messages stay private)."""
        return self

    def started_between(self, first_day, last_day) -> CollaborationQuerySet:
        return self.filter(start_date__gte=first_day, start_date__lte=last_day)

    def started_in(self, cycle) -> CollaborationQuerySet:
        """Collaborations started in an M&E cycle (hub.monitoring.models.ReportingCycle): what meeting outcomes
        and the M&E report cite as "collaborations started this cycle"."""
        return self.started_between(cycle.start_date, cycle.end_date)

    def with_related(self) -> CollaborationQuerySet:
        return self.select_related("challenge__member").prefetch_related(
            models.Prefetch("members", queryset=_members_ordered()),
            models.Prefetch("projects", queryset=_projects_ordered()),
        )


def _members_ordered():
    from hub.network.models import Member

    return Member.objects.select_related("country").order_by("name")


def _projects_ordered():
    from hub.projects.models import Project

    return Project.objects.select_related("member").order_by("title")


class Collaboration(Sourced):
    topic = models.CharField(_("topic"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CollaborationKind.choices)
    members = models.ManyToManyField("network.Member", related_name="collaborations", verbose_name=_("members"))
    challenge = models.ForeignKey(
        Challenge,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collaborations",
        verbose_name=_("challenge"),
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="collaborations", verbose_name=_("projects")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CollaborationStatus.choices, default=CollaborationStatus.ACTIVE
    )
    start_date = models.DateField(_("started"), db_index=True)
    end_date = models.DateField(_("ended"), null=True, blank=True)

    objects = CollaborationQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("exchange:collaboration", args=[self.pk])

    def clean(self):
        super().clean()
        errors = nul_errors(self, ("topic",))
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = [str(_("The end comes before the start."))]
        if errors:
            raise ValidationError(errors)


# Follows and digests live in follow_models.py; imported here so that Django and callers find them.
from hub.exchange.follow_models import (  # noqa: E402
    DigestPeriod,
    DigestSent,
    DigestSubscription,
    Follow,
    FollowKind,
    FollowQuerySet,
)

__all__ = [
    "ACTIVE_STATUSES",
    "HELP_FIELDS",
    "Challenge",
    "ChallengeQuerySet",
    "ChallengeStatus",
    "Collaboration",
    "CollaborationKind",
    "CollaborationQuerySet",
    "CollaborationRequest",
    "CollaborationRequestQuerySet",
    "CollaborationStatus",
    "DigestPeriod",
    "DigestSent",
    "DigestSubscription",
    "Follow",
    "FollowKind",
    "FollowQuerySet",
    "HelpKind",
    "RequestState",
    "Severity",
    "challenge_visibility_q",
    "nul_errors",
    "request_visibility_q",
]
