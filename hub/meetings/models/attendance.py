"""Who takes part in a meeting: delegations (a member, a member state, a partner, the Secretariat) and
participants (people, with or without an account).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.core.models import Sourced
from hub.meetings.models.meetings import Meeting


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    ATTENDING = "attending", _("attending")
    DECLINED = "declined", _("declined")
    ABSENT = "absent", _("absent")


class DelegationKind(models.TextChoices):
    MEMBER = "member", _("member")
    COUNTRY = "country", _("member state")
    PARTNER = "partner", _("partner organisation")
    SECRETARIAT = "secretariat", _("Secretariat")
    ORGANISATION = "organisation", _("other organisation")


class Delegation(Sourced):
    """A party taking part: a member, a member state, a partner organisation, the Secretariat.

    Users of the delegation's organisation (or of a unit of it), the officers of a member delegation and
    the National Representative of a country delegation read the meeting even when it is restricted."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="delegations")
    kind = models.CharField(_("kind"), max_length=14, choices=DelegationKind.choices)
    member = models.ForeignKey(
        "network.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="delegations"
    )
    country = models.ForeignKey(
        "network.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="delegations"
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        help_text=_("The body that sends the delegation (for a member state: e.g. its National Representative)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "kind", "pk"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], condition=Q(member__isnull=False), name="delegation_member_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "country"], condition=Q(kind="country"), name="delegation_country_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(organisation__isnull=False) & ~Q(kind="country") & ~Q(kind="member"),
                name="delegation_organisation_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.kind == DelegationKind.MEMBER and self.member_id:
            return self.member.name
        if self.kind == DelegationKind.COUNTRY and self.country_id:
            return self.country.label
        return self.organisation.name if self.organisation_id else ""

    def clean(self):
        super().clean()
        from hub.network.models import OrganisationKind

        errors: dict[str, str] = {}
        if self.kind == DelegationKind.MEMBER and not self.member_id:
            errors["member"] = _("Choose the member.")
        if self.kind == DelegationKind.COUNTRY and not self.country_id:
            errors["country"] = _("Choose the member state.")
        if self.kind in (DelegationKind.PARTNER, DelegationKind.SECRETARIAT, DelegationKind.ORGANISATION):
            if not self.organisation_id:
                errors["organisation"] = _("Choose the organisation.")
            elif self.kind == DelegationKind.PARTNER and self.organisation.kind != OrganisationKind.PARTNER:
                errors["organisation"] = _("%(name)s is not a partner organisation.") % {"name": self.organisation.name}
            elif self.kind == DelegationKind.SECRETARIAT and self.organisation.kind != OrganisationKind.SECRETARIAT:
                errors["organisation"] = _("%(name)s is not the Secretariat.") % {"name": self.organisation.name}
        if self.kind != DelegationKind.MEMBER and self.member_id:
            errors["member"] = _("Only a member delegation names a member.")
        if self.kind not in (DelegationKind.COUNTRY,) and self.country_id:
            errors["country"] = _("Only a member state's delegation names a country.")
        if errors:
            raise ValidationError(errors)


class Participant(Sourced):
    """A person at the meeting: a user with an account (who then reads the meeting), a person of the
    registry, or a name; optionally in a delegation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("delegation"),
    )
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("user account"),
    )
    person = models.ForeignKey(
        "network.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("person in the registry"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="participant_user_once"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.person_id:
            return self.person.name
        if self.user_id:
            return self.user.get_full_name()
        return ""

    def clean(self):
        super().clean()
        errors: dict[str, str] = {}
        if not (self.user_id or self.person_id or self.name.strip()):
            errors["name"] = _("Give a name, or choose a person or a user account.")
        if self.delegation_id and self.meeting_id and self.delegation.meeting_id != self.meeting_id:
            errors["delegation"] = _("That delegation belongs to another meeting.")
        if errors:
            raise ValidationError(errors)
