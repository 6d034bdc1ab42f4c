"""The projects catalogue (the M&E report's word): each member's smart-city projects and indicators."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext_lazy as _

from hub.core.dates import Precision, format_partial, last_day
from hub.core.models import Sourced
from hub.core.urlcache import reverse  # remembered: called for every row of a list


class FocusArea(models.Model):
    """The six development focus areas of the ASEAN Smart Cities Framework (fixed reference rows)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The focus area's name in the active language (``name`` stays English: the API's and exports')."""
        return str(FOCUS_AREA_LABELS.get(self.code, self.name))


# code, English name, in the ASCF's order (research file §3).
FOCUS_AREAS = [
    ("civic-social", "Civic & Social"),
    ("health-well-being", "Health & Well-Being"),
    ("safety-security", "Safety & Security"),
    ("quality-environment", "Quality Environment"),
    ("built-infrastructure", "Built Infrastructure"),
    ("industry-innovation", "Industry & Innovation"),
]

# The same names as catalogue msgids: a fixed set of the framework, so its words live in locale/ (the
# English msgid is the name above; a test checks that the two lists agree).
FOCUS_AREA_LABELS = {
    "civic-social": _("Civic & Social"),
    "health-well-being": _("Health & Well-Being"),
    "safety-security": _("Safety & Security"),
    "quality-environment": _("Quality Environment"),
    "built-infrastructure": _("Built Infrastructure"),
    "industry-innovation": _("Industry & Innovation"),
}


def focus_area_label(code: str) -> str:
    """A focus area's name in the active language from its code (for rows read as plain values)."""
    return str(FOCUS_AREA_LABELS.get(code, code))


class ProjectStatus(models.TextChoices):
    PLANNING = "planning", _("planning")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    DISCONTINUED = "discontinued", _("discontinued")


class Language(models.TextChoices):
    EN = "en", _("English")
    ID = "id", _("Bahasa Indonesia")
    MS = "ms", _("Malay")
    TH = "th", _("Thai")
    VI = "vi", _("Vietnamese")
    KM = "km", _("Khmer")
    LO = "lo", _("Lao")
    MY = "my", _("Burmese")
    FIL = "fil", _("Filipino")
    TET = "tet", _("Tetum")
    PT = "pt", _("Portuguese")


# Paths under /projects/ that are pages, not projects.
RESERVED_SLUGS = frozenset({"new", "import", "export-csv"})


class ProjectQuerySet(models.QuerySet):
    def with_related(self) -> ProjectQuerySet:
        """What lists and pages read of each project, in a fixed number of queries (no query per row)."""
        ordered = FocusArea.objects.order_by("position")
        return self.select_related("member", "member__country").prefetch_related(
            models.Prefetch("focus_areas", queryset=ordered)
        )

    def with_latest_report(self) -> ProjectQuerySet:
        """Each project's latest row in a published M&E report (year, appendix, row), as subqueries: the
        list cites its source without a query per project."""
        latest = ProjectReportEntry.objects.filter(project=models.OuterRef("pk")).order_by("-report_year")
        return self.annotate(
            report_year=models.Subquery(latest.values("report_year")[:1]),
            report_appendix=models.Subquery(latest.values("appendix")[:1]),
            report_row=models.Subquery(latest.values("row")[:1]),
        )

    def with_public_progress(self) -> ProjectQuerySet:
        """Annotate ``public_status``, ``public_progress`` and ``public_cycle`` (the cycle's slug) from the
        project's PublicProgress row: its latest accepted progress update's. ``public_status`` falls back to
        the catalogue's status; the other two are None until an update of the project is accepted."""
        # One join to the row hub.monitoring keeps in each update's write, where three correlated
        # subqueries per project cost seconds on a list of 50,000.
        return self.annotate(
            public_status=Coalesce(F("public_row__status"), F("status"), output_field=models.CharField()),
            public_progress=F("public_row__progress"),
            public_cycle=F("public_row__cycle"),
        )

    def visible_to(self, user) -> ProjectQuerySet:
        """The catalogue is public; demo projects are shown too but marked (is_demo)."""
        return self

    def editable_by(self, user) -> ProjectQuerySet:
        """Projects of the members the user's officers and National Representatives look after."""
        from hub.accounts.permissions import scope_for

        return scope_for(user).editable(self)


class Project(Sourced):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    member = models.ForeignKey(
        "network.Member", on_delete=models.PROTECT, related_name="projects", verbose_name=_("member")
    )
    title = models.CharField(_("title"), max_length=200)
    local_title = models.CharField(_("title in the local language"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language of summary and description"), max_length=4, choices=Language.choices, default=Language.EN
    )
    focus_areas = models.ManyToManyField(FocusArea, related_name="projects", verbose_name=_("focus areas"))
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNING)
    start_date = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    partners = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="partner_projects", verbose_name=_("partners")
    )
    partners_text = models.TextField(_("other partners"), blank=True)
    funding = models.TextField(_("funding"), blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    sdgs = models.JSONField(_("SDG numbers"), default=list, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        # The list's order (ProjectFilter: lower(title), id): a page is read from the index, not a sort. The
        # title rides along (INCLUDE, PostgreSQL) so that paging the ids at a high OFFSET (hub.core.api.PageIdsFirst)
        # is an index-only scan: 50,000 projects, offset 49,000: ~10 ms instead of a ~120 ms sort.
        indexes = [
            models.Index(Lower("title"), "id", name="project_lower_title_id_title", include=["title"]),
            # The real network's projects alone (official.report_counts, ReportEntryQuerySet.real): a few hundred
            # ids read from this index instead of filtering 50,000 mostly demo projects (6.7 ms -> 1.6 ms).
            models.Index(fields=["id"], name="project_real", condition=models.Q(is_demo=False)),
            # The indicators list's order (project title, indicator name, id: IndicatorFilter): PostgreSQL reads the
            # projects in title order from here and each one's indicators by project, sorting only within a title
            # (incremental sort), instead of sorting every indicator joined to its project (100,000: 320 ms a page).
            models.Index(fields=["title"], name="project_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project", args=[self.slug])

    @property
    def start_display(self) -> str:
        return format_partial(self.start_date, self.start_precision)

    @property
    def end_display(self) -> str:
        return format_partial(self.end_date, self.end_precision)

    def validate_domain(self) -> None:
        """Rules beyond the fields' own: dates with their precision, end after start, links and SDGs."""
        errors: dict[str, list[str]] = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = [str(_("'%(slug)s' is reserved for a page of the hub.") % {"slug": self.slug})]
        for prefix in ("start", "end"):
            day, precision = getattr(self, f"{prefix}_date"), getattr(self, f"{prefix}_precision")
            if bool(day) != bool(precision):
                errors.setdefault(f"{prefix}_date", []).append(
                    str(_("A date needs its precision (day, month or year), and a precision its date."))
                )
        if self.start_date and self.end_date and self.start_precision and self.end_precision:
            if last_day(self.end_date, self.end_precision) < self.start_date:
                errors.setdefault("end_date", []).append(str(_("The end comes before the start.")))
        errors.update(_link_errors(self.links))
        if not isinstance(self.sdgs, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 17 for n in self.sdgs
        ):
            errors.setdefault("sdgs", []).append(str(_("SDG numbers are whole numbers from 1 to 17.")))
        if errors:
            raise ValidationError(errors)


class PublicProgress(models.Model):
    """A project's public status and progress: those of its latest accepted progress update (by cycle,
    then id); one row per project that has one. Projects owns and reads it (Project.objects
    .with_public_progress(): the list, its filter, chart and CSV, the API, the project page); hub.monitoring,
    which defines what is accepted, writes it in the transaction of every write to a project's updates and
    rebuilds it (hub/monitoring/tallies.py: rebuildtallies, bulk writes, restore). Derived data: no history,
    no change log."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, primary_key=True, related_name="public_row")
    # The reporting cycle's slug (monitoring's, by value: projects sits below monitoring and holds no key to it).
    cycle = models.SlugField(max_length=20, db_index=False)
    status = models.CharField(max_length=12, choices=ProjectStatus.choices)
    progress = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"{self.project_id}: {self.status} {self.progress} % ({self.cycle})"


def _link_errors(links) -> dict[str, list[str]]:
    """Links are a list of {"url": "https://…", "label": "…"} (label optional)."""
    from hub.core.inputs import validate_web_address as validate

    if not isinstance(links, list):
        return {"links": [str(_("Links are a list of web addresses."))]}
    problems = []
    for link in links:
        url = link.get("url") if isinstance(link, dict) else None
        if not isinstance(url, str):
            problems.append(str(_("Each link needs a web address.")))
            continue
        try:
            validate(url)
        except ValidationError:
            problems.append(str(_("'%(url)s' is not a web address.") % {"url": url}))
        label = link.get("label", "")
        if not isinstance(label, str) or len(label) > 200:
            problems.append(str(_("A link's label is text of at most 200 characters.")))
    return {"links": problems} if problems else {}


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Indicator(Sourced):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    description = models.TextField(_("description"), blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=40, blank=True)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_period = models.CharField(_("target period"), max_length=40, blank=True)

    class Meta:
        ordering = ["project", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="indicator_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class IndicatorValueQuerySet(models.QuerySet):
    def public(self) -> IndicatorValueQuerySet:
        """Values anyone may see. Today all of them; the monitoring app narrows this to values of the
        reference dataset, of the hub's own records and of accepted progress updates."""
        return self


class IndicatorValue(Sourced):
    """One value of an indicator for a period (a year, a month, or a span such as Jan–Jun 2022).

    Values from the reference dataset carry their sources; values reported in a progress update are
    linked to it by the monitoring app and are public only once that update is accepted.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    period_label = models.CharField(_("period"), max_length=40, help_text=_("e.g. 2019, 2022-01/2022-06"))
    # Some sources give a figure without its date. Such a value keeps period_start/period_end as the
    # bounds the sources allow (never shown as its date), its label says "undated" and its note why.
    undated = models.BooleanField(
        _("undated"),
        default=False,
        help_text=_("The source gives no date; the period only bounds when the figure could be from."),
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    reported_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(_("note"), blank=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_start", "pk"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="value_period_order"),
        ]
        # The M&E report's figures of a cycle (periods that overlap it: period_end on or after its first day,
        # period_start by its last) by an index range, not a scan of millions of values.
        indexes = [models.Index(fields=["period_end", "period_start"], name="value_period")]

    def __str__(self) -> str:
        return self.text(self.indicator.name, self.period_label, self.value)

    @staticmethod
    def text(indicator_name: str, period_label: str, value) -> str:
        """A value as people read it ("Households connected 2024: 1200"): str() of it, and the change log's
        line for it where the importer writes values without instances."""
        return f"{indicator_name} {period_label}: {value}"


class ReportStatus(models.TextChoices):
    """A project's status as an M&E report's appendix gives it, which is coarser than ProjectStatus.

    The 2022 and 2023 appendices list projects without a status; the 2024 and 2025 ones list ongoing and
    planning projects together (appendix A) and completed ones apart (appendix B). The reports' texts give
    the split only as totals, so the hub keeps the appendix's own grouping per row.
    """

    LISTED = "listed", _("listed (no status per project)")
    ONGOING_OR_PLANNING = "ongoing_or_planning", _("ongoing or planning")
    COMPLETED = "completed", _("completed")


class MatchMethod(models.TextChoices):
    """How a report's row was matched to the project record it belongs to."""

    NEW = "new", _("first listing")
    EXACT = "exact", _("same title")
    NORMALISED = "normalised", _("same title but for capitals and punctuation")
    JUDGED = "judged", _("judged the same project")


# The appendix letter gives the status; a report without letters lists every project together.
APPENDIX_STATUS = {"": ReportStatus.LISTED, "A": ReportStatus.ONGOING_OR_PLANNING, "B": ReportStatus.COMPLETED}


class ReportEntryQuerySet(models.QuerySet):
    def real(self) -> ReportEntryQuerySet:
        """Rows of the real network's projects: demo projects never count in an official report year."""
        return self.filter(project__is_demo=False)


class ProjectReportEntry(Sourced):
    """One row of a published ASCN M&E report's project list, attached to the project it lists.

    Reference data (data/me_projects.yaml, data/projects.yaml): the report year, the row's citation, the
    title and focus area as that report prints them (an alternative reading of the project's own), the
    appendix's status, and how the row was matched to the project (``match``; ``confidence`` is the
    match's). The official figures of a report year are counted from these rows (hub.projects.official).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="report_entries")
    report_year = models.PositiveSmallIntegerField(_("report year"))
    appendix = models.CharField(_("appendix"), max_length=1, blank=True)
    row = models.PositiveSmallIntegerField(_("row"))
    title = models.CharField(_("title in the report"), max_length=200)
    city = models.CharField(_("city as the report names it"), max_length=80, blank=True)
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.PROTECT, related_name="report_entries", verbose_name=_("focus area")
    )
    status = models.CharField(_("status in the report"), max_length=20, choices=ReportStatus.choices)
    match = models.CharField(_("match"), max_length=12, choices=MatchMethod.choices)

    objects = ReportEntryQuerySet.as_manager()

    class Meta:
        ordering = ["report_year", "appendix", "row"]
        verbose_name = _("M&E report entry")
        verbose_name_plural = _("M&E report entries")
        constraints = [
            models.UniqueConstraint(fields=["report_year", "appendix", "row"], name="report_entry_unique_row"),
            models.UniqueConstraint(fields=["project", "report_year"], name="report_entry_one_per_year"),
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        """As the reports are cited: "ASCN M&E Report 2025, Appendix A, No. 24"."""
        appendix = f"Appendix {self.appendix}" if self.appendix else "Appendix"
        return f"ASCN M&E Report {self.report_year}, {appendix}, No. {self.row}"
