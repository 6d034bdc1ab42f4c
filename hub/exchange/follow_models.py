"""Follows and the digest's bookkeeping (in their own module to keep models.py readable; hub.exchange.models
re-exports them, and they belong to the exchange app)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# --- follows and digests -------------------------------------------------------------------------------


class FollowKind(models.TextChoices):
    MEMBER = "member", _("member")
    PROJECT = "project", _("project")
    CHALLENGE = "challenge", _("challenge")
    COUNTRY = "country", _("country")


class FollowQuerySet(models.QuerySet):
    def of(self, user) -> FollowQuerySet:
        return self.filter(user=user)

    def with_related(self) -> FollowQuerySet:
        return self.select_related("member__country", "project__member", "challenge__member", "country")


class Follow(models.Model):
    """One person following one thing: exactly one of member, project, challenge, country is set (``kind``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    kind = models.CharField(_("kind"), max_length=10, choices=FollowKind.choices)
    member = models.ForeignKey("network.Member", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    challenge = models.ForeignKey(
        "exchange.Challenge", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    country = models.ForeignKey("network.Country", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="member", member__isnull=False, project__isnull=True, challenge__isnull=True)
                    & Q(country__isnull=True)
                )
                | (
                    Q(kind="project", project__isnull=False, member__isnull=True, challenge__isnull=True)
                    & Q(country__isnull=True)
                )
                | (
                    Q(kind="challenge", challenge__isnull=False, member__isnull=True, project__isnull=True)
                    & Q(country__isnull=True)
                )
                | (
                    Q(kind="country", country__isnull=False, member__isnull=True, project__isnull=True)
                    & Q(challenge__isnull=True)
                ),
                name="follow_one_target",
            ),
            models.UniqueConstraint(fields=["user", "member"], name="follow_member_once"),
            models.UniqueConstraint(fields=["user", "project"], name="follow_project_once"),
            models.UniqueConstraint(fields=["user", "challenge"], name="follow_challenge_once"),
            models.UniqueConstraint(fields=["user", "country"], name="follow_country_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.target}"

    @property
    def target(self):
        return getattr(self, self.kind)


class DigestPeriod(models.TextChoices):
    NONE = "none", _("no digest")
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")


class DigestSubscription(models.Model):
    """How often a person wants the digest of what they follow (none: no e-mail)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest")
    period = models.CharField(_("digest"), max_length=8, choices=DigestPeriod.choices, default=DigestPeriod.WEEKLY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self) -> str:
        return f"{self.user}: {self.period}"


class DigestSent(models.Model):
    """One digest sent to one person for one period: the row that makes ``senddigests`` safe to repeat."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8, choices=DigestPeriod.choices)
    period_start = models.DateField(help_text=_("The day (daily) or the Monday (weekly) the digest is for."))
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period", "period_start"], name="digest_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period} {self.period_start}"
