"""CycleTally: the dashboards' counts, pre-computed per member and refreshed in every write's transaction.

Derived data (hub/monitoring/tallies.py writes and reads it; ``manage.py rebuildtallies`` recreates it),
so that the network and country dashboards, the report page and the report's JSON figures sum a few
thousand rows instead of loading every project and update of the network into Python.
"""

from django.db import models


class CycleTally(models.Model):
    """Projects of one member with one status in one cycle (cycle None: today, from the latest accepted
    updates), all focus areas together (focus_area None) or in one focus area.

    ``counted``: projects that count in the cycle (CycleFacts.counted); ``demo`` of them demo;
    ``expected`` to report; ``reported`` (updates submitted or later) and ``accepted`` in the cycle, of
    every project (an update's project counts in the cycle when accepted); ``progress_sum`` and
    ``progress_n``: the counted projects' accepted progress, for the average.
    """

    cycle = models.ForeignKey("monitoring.ReportingCycle", on_delete=models.CASCADE, null=True, related_name="+")
    member = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="+")
    focus_area = models.ForeignKey("projects.FocusArea", on_delete=models.CASCADE, null=True, related_name="+")
    status = models.CharField(max_length=12)
    counted = models.PositiveIntegerField(default=0)
    demo = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    progress_sum = models.PositiveIntegerField(default=0)
    progress_n = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["cycle", "focus_area"], name="tally_cycle_focus"),
            models.Index(fields=["member", "cycle"], name="tally_member_cycle"),
            # The per-cycle totals (Tallies._all_totals) by an index-only scan of the all-areas rows only
            # (INCLUDE is PostgreSQL's; elsewhere a plain partial index).
            models.Index(
                fields=["cycle"],
                include=["counted", "demo", "expected", "reported", "accepted", "progress_sum", "progress_n"],
                condition=models.Q(focus_area=None),
                name="tally_totals",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} {self.member_id} {self.focus_area_id} {self.status}: {self.counted}"

    def counts(self) -> tuple[int, ...]:
        return (
            self.counted,
            self.demo,
            self.expected,
            self.reported,
            self.accepted,
            self.progress_sum,
            self.progress_n,
        )


class CountryTally(models.Model):
    """CycleTally summed per country (the roll-up the network and country dashboards and the home page read:
    a few hundred rows where the member tallies are tens of thousands at 2,000 members).

    Rows per cycle (None: today) and country: ``status`` "" with ``focus_area`` None holds every status
    together and ``members``, the members with projects counted; ``status`` set with ``focus_area`` None
    or one focus area, the sums of the member tallies of that status (``members`` 0). Changed by what a
    member's tallies changed in the same transaction (tallies.refresh_members), rewritten per country when a
    member changes country and whole by rebuild (tallies.refresh_countries); a row may fall to zeros.
    """

    cycle = models.ForeignKey("monitoring.ReportingCycle", on_delete=models.CASCADE, null=True, related_name="+")
    country = models.ForeignKey("network.Country", on_delete=models.CASCADE, related_name="+")
    focus_area = models.ForeignKey("projects.FocusArea", on_delete=models.CASCADE, null=True, related_name="+")
    status = models.CharField(max_length=12, blank=True)
    counted = models.PositiveIntegerField(default=0)
    demo = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    progress_sum = models.PositiveIntegerField(default=0)
    progress_n = models.PositiveIntegerField(default=0)
    members = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["cycle", "focus_area", "status"], name="country_tally_cycle"),
            models.Index(fields=["country", "cycle"], name="country_tally_country"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} {self.country_id} {self.focus_area_id} {self.status or '*'}: {self.counted}"


class IndicatorTally(models.Model):
    """How many dated public values an indicator has (published_values, undated excluded): the dashboards
    chart the indicators with the most, read from this index instead of counting millions of values."""

    indicator = models.OneToOneField(
        "projects.Indicator", on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    dated_values = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["-dated_values", "indicator"], name="indicator_tally_most")]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.dated_values}"


class AcceptedFeed(models.Model):
    """An accepted update of a real (not demo) project, with when it was accepted: the home page's "latest
    accepted progress" reads the newest few from this index, where a walk over every accepted update (or
    every project, for its demo flag) grows with the network. Kept by hub/monitoring/feed.py in each write's
    transaction; a demo project's updates are left out, as the home page leaves them out."""

    update = models.OneToOneField(
        "monitoring.ProgressUpdate", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["-accepted_at", "-update"], name="accepted_feed_newest")]

    def __str__(self) -> str:
        return f"{self.update_id}: {self.accepted_at}"


class FocusPairTally(models.Model):
    """Projects of one member today, with one public status, in the focus area ``focus_area`` and in the focus
    area ``with_area`` (the same area: every project of ``focus_area``): the bars of the /projects/ chart
    filtered by a focus area (each bar a focus area of the projects in the one asked for) and the list's
    count. Kept by hub/monitoring/focus_pairs.py with the member's other tallies; a row may fall to zero."""

    member = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="+")
    focus_area = models.ForeignKey("projects.FocusArea", on_delete=models.CASCADE, related_name="+")
    with_area = models.ForeignKey("projects.FocusArea", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12)
    projects = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["member", "focus_area"], name="focus_pair_member")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.focus_area_id}+{self.with_area_id} {self.status}: {self.projects}"


class CountryFocusPairTally(models.Model):
    """FocusPairTally summed per country: a few hundred rows per focus area, whatever the number of projects.
    Changed by what a member's rows changed in the same transaction; rewritten per country when a member
    changes country, whole by rebuild."""

    country = models.ForeignKey("network.Country", on_delete=models.CASCADE, related_name="+")
    focus_area = models.ForeignKey("projects.FocusArea", on_delete=models.CASCADE, related_name="+")
    with_area = models.ForeignKey("projects.FocusArea", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12)
    projects = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["focus_area", "country"], name="focus_pair_country")]

    def __str__(self) -> str:
        return f"{self.country_id} {self.focus_area_id}+{self.with_area_id} {self.status}: {self.projects}"


class HighlightTally(models.Model):
    """An accepted update of a cycle that the report's page may name, with what the executive summary ranks it
    by (hub/monitoring/report/summary.py): its member's highlighted project (``picked``, with the member's
    counts of accepted updates naming a challenge and asking for support), every project completed in the
    cycle (``reason`` "completed") and each member's three largest progress gains (``top_gain``). Kept per
    member by hub/monitoring/highlights.py with its other tallies, so that the page reads these few rows per
    member instead of every accepted update of the cycle and each project's update before it."""

    cycle = models.ForeignKey("monitoring.ReportingCycle", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="+")
    update = models.ForeignKey("monitoring.ProgressUpdate", on_delete=models.CASCADE, related_name="+")
    gain = models.IntegerField(null=True)
    reason = models.CharField(max_length=12)
    picked = models.BooleanField(default=False)
    top_gain = models.BooleanField(default=False)
    with_challenges = models.PositiveIntegerField(default=0)
    with_support = models.PositiveIntegerField(default=0)
    # What the summary shows and ranks of the update and its project, copied (a change to either rewrites the
    # member's rows): the page then joins only the member and its country, not 250,000 updates.
    title = models.CharField(max_length=200)
    slug = models.CharField(max_length=120)
    status = models.CharField(max_length=12)
    progress = models.PositiveSmallIntegerField()
    narrative = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)
    accepted_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["cycle", "member"], name="highlight_cycle"),
            models.Index(fields=["member"], name="highlight_member"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} {self.member_id} {self.update_id} {self.reason}"
