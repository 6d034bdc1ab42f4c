"""MemberTally: the number of members and of membership events per country, kept in every write's transaction
(hub/network/tallies.py), so that the API's members and memberships lists give their count from a few rows instead
of counting every member or event."""

from django.db import models


class MemberTally(models.Model):
    """The members of one country (every status: the registry lists candidates and former members too) and their
    membership events. Derived data: changed by each member's or event's creation, move and deletion in the same
    transaction, rebuilt whole by ``tallies.rebuild`` (``manage.py rebuildtallies``, a restore, the large
    network's generator)."""

    country = models.OneToOneField("network.Country", on_delete=models.CASCADE, related_name="+")
    members = models.PositiveIntegerField(default=0)
    events = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.country_id}: {self.members} members, {self.events} events"
