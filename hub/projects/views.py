"""Pages of the projects catalogue: the list with its chart and CSV, a project's page, and the pages
that create, edit and import projects for those allowed (hub.projects.policies).

The list validates ``request.GET`` with the same filter class as the API (hub.projects.filters); bad
input gets the filter's messages and a 400 page, never a server error. Status and progress, on every
page, in the chart and in the CSV, are the public ones: from the project's latest accepted progress
update (hub.projects.models.PublicProgress, kept by hub.monitoring), else the catalogue's status. What the
apps above add to these pages (the M&E timeline, the chart's pre-computed counts) they register in
hub.projects.contributions. Writes go through
hub.projects.services; a stale edit (someone saved in between) is refused with what changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import urlencode

import pydantic
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import CharField, Count, F, Prefetch
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.core import sqlmemo
from hub.core.charts import bar_chart, stacked_bar_chart
from hub.core.dates import format_partial
from hub.core.drawn import drawn_from
from hub.core.exports import csv_response
from hub.core.filters import filter_errors
from hub.core.log_views import describe
from hub.core.models import ChangeEntry
from hub.core.services import Conflict
from hub.jobs.services import start_import
from hub.network.models import Country
from hub.projects import contributions, list_queries, policies, services
from hub.projects.chart import stacked_chart_html
from hub.projects.filters import ProjectFilter
from hub.projects.forms import ImportForm, ProjectForm
from hub.projects.importing import INLINE_ROWS, UnreadableFile, count_rows, run_import
from hub.projects.models import FocusArea, Indicator, IndicatorValue, Language, Project, ProjectStatus
from hub.projects.rows import PAGE_FIELDS, options, project_rows
from hub.projects.templatetags.projects import figure

PER_PAGE = 25
# Above this many members with projects, the member filter is a text field (a slug) unless a country is
# chosen: a list of 2,000 members is no help to anyone and costs the page a query and 150 KB.
MEMBER_CHOICES = 150
VIA = "page"

FIELD_LABELS = {
    "q": gettext_lazy("Text"),
    "country": gettext_lazy("Country"),
    "member": gettext_lazy("Member"),
    "focus_area": gettext_lazy("Focus area"),
    "status": gettext_lazy("Status"),
    "language": gettext_lazy("Language"),
}


CSV_COLUMNS = [
    "slug",
    "title",
    "local_title",
    "member_slug",
    "member",
    "country_code",
    "focus_areas",
    "status",
    "status_source",
    "status_cycle",
    "progress",
    "catalogue_status",
    "start",
    "end",
    "language",
    "summary",
    "partners",
    "funding",
    "links",
    "confidence",
    "sources",
    "is_demo",
    "url",
]

# What the CSV reads of each project (plain values), in chunks of CSV_CHUNK rows.
CSV_FIELDS = (
    "pk",
    "slug",
    "title",
    "local_title",
    "member__slug",
    "member__name",
    "member__country__code",
    "public_status",
    "public_cycle",
    "public_progress",
    "status",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "language",
    "summary",
    "partners_text",
    "funding",
    "links",
    "confidence",
    "sources",
    "is_demo",
)
CSV_CHUNK = 500


def _messages(exc: pydantic.ValidationError) -> list[str]:
    return filter_errors(exc, FIELD_LABELS)


def _project_filter(request: HttpRequest) -> tuple[dict[str, str], ProjectFilter | None, list[str]]:
    params = {name: request.GET.get(name, "").strip() for name in ProjectFilter.model_fields}
    try:
        return params, ProjectFilter(**params), []
    except pydantic.ValidationError as exc:
        return params, None, _messages(exc)


def _list_url(params: dict[str, str], base: str = "", **extra: str) -> str:
    query = {k: v for k, v in {**params, **extra}.items() if v}
    return (base or reverse("projects:list")) + (f"?{urlencode(query)}" if query else "")


def focus_status_chart(queryset, params: dict[str, str], areas: list[FocusArea] | None = None) -> dict:
    """Counts of the filtered projects by focus area × public status, in one query."""
    areas = list(FocusArea.objects.order_by("position")) if areas is None else areas
    return _focus_chart(focus_status_counts(queryset, params), params, areas)


def _counted_from_list(params: dict[str, str]) -> bool:
    """Whether the chart counts the list itself (filtered by text or language, or no tallies)."""
    return bool(params.get("q") or params.get("language")) or (contributions.focus_counts() is None)


def focus_status_counts(queryset, params: dict[str, str]) -> dict[int, dict[str, int]]:
    """Per focus area id, the filtered projects per public status. ``queryset`` (the filtered list) is read only
    when the list itself is counted (_counted_from_list)."""
    # The public status of each row's project (with_public_progress: its latest accepted update's, kept in
    # PublicProgress, else the catalogue's), by one join and GROUP BY. Filtered by country, member, status or
    # focus area only, the counts are read from the pre-computed tallies monitoring registers (a few thousand
    # rows, not every project; by a focus area, the bars show every focus area of the projects in the one asked
    # for: monitoring keeps those pairs too); filtered by text or language, the list itself is counted.
    if _counted_from_list(params):
        through = Project.focus_areas.through
        public_status = Coalesce(F("project__public_row__status"), F("project__status"), output_field=CharField())
        counts = (
            through.objects.filter(project_id__in=queryset.order_by().values("pk"))
            .values("focusarea_id", public_status=public_status)
            .annotate(n=Count("project_id"))
            .order_by()
        )
    else:
        counts = contributions.focus_counts()(
            country=params.get("country"),
            member=params.get("member"),
            status=params.get("status"),
            focus_area=params.get("focus_area"),
        )
    table: dict[int, dict[str, int]] = {}
    for row in counts:
        table.setdefault(row["focusarea_id"], {})[row["public_status"]] = row["n"]
    return table


def _focus_chart(table: dict[int, dict[str, int]], params: dict[str, str], areas: list[FocusArea]) -> dict:
    series = [{"key": s.value, "label": capfirst(s.label)} for s in ProjectStatus]  # coloured by the status palette
    rows = []
    base = reverse("projects:list")  # once, not for each of the 30 links
    for area in areas:
        values = table.get(area.pk, {})
        rows.append(
            {
                "label": area.label,
                "url": _list_url(params, base, focus_area=area.code, page=""),
                "values": values,
                "urls": {s["key"]: _list_url(params, base, focus_area=area.code, status=s["key"]) for s in series},
            }
        )
    return stacked_bar_chart(
        rows,
        series,
        width=760,
        chart_id="projects-by-focus-status",
        title=_("Projects by focus area and status"),
        description=_(
            "One bar per focus area, split by status (from each project's latest accepted progress update, "
            "else the catalogue); a project in two focus areas counts in both. The table that follows gives "
            "every count."
        ),
        label_heading=_("Focus area"),
        total_heading=_("All statuses"),
    )


def _member_choices(params: dict[str, str], members_with_projects: int | None = None) -> list[tuple[str, str]] | None:
    """(slug, "Name (CC)") of the members with projects (of the chosen country), by name; None when there are
    too many to list (``members_with_projects``, when the tallies know it, says so without a query)."""
    if members_with_projects is not None and members_with_projects > MEMBER_CHOICES:
        return None
    # Only what the dropdown shows, as plain values: a member's row carries JSON columns that cost more to read
    # than the list, and a model per member more than the values (its SQL compiled once: list_queries).
    listed = list_queries.member_choices(params.get("country") or "", MEMBER_CHOICES + 1)
    if len(listed) > MEMBER_CHOICES:
        return None
    return [(slug, f"{name} ({code})") for slug, name, code in listed]


def _page_rows(page_obj, countries: list[Country], focus_areas: list[FocusArea]):
    """The table's rows of one page (hub.projects.rows), from the page's plain values and one query for their
    focus areas."""
    rows = page_obj.object_list
    label = {area.pk: area.label for area in focus_areas}
    position = {area.pk: index for index, area in enumerate(focus_areas)}
    links = sorted(
        list_queries.focus_links([row.pk for row in rows]), key=lambda link: position.get(link[1], len(position))
    )
    focus_labels: dict[int, list[str]] = {}
    for project_id, area_id in links:
        focus_labels.setdefault(project_id, []).append(label[area_id])
    return project_rows(rows, country_labels={c.code: c.label for c in countries}, focus_labels=focus_labels)


def _list_totals(project_filter: ProjectFilter | None) -> tuple[int, int] | None:
    """(projects in the list, members with projects of its country) from the pre-computed tallies when the
    list is unfiltered or filtered by country, status or focus area only (contributions.list_totals); else
    None: the list is counted (50,000 projects at the large size) and the members listed."""
    source = contributions.list_totals()
    f = project_filter
    if source is None or f is None or f.q or f.member or f.language:
        return None
    return source(country=f.country, status=f.status.value if f.status else None, focus_area=f.focus_area)


def project_list(request: HttpRequest) -> HttpResponse:
    params, project_filter, errors = _project_filter(request)
    # The form's choices and the chart's bars (SQL compiled once: hub/core/sqlmemo.py).
    focus_areas = sqlmemo.fetch_models("projects.focus_areas", lambda: FocusArea.objects.order_by("position"))
    # Only what the page shows of a country: its code and its name in each language (not its provenance).
    countries = list_queries.countries()
    totals = _list_totals(project_filter)
    members = _member_choices(params, None if totals is None else totals[1])
    context = {
        "params": params,
        "errors": errors,
        "countries": countries,
        "members": members,
        "focus_areas": focus_areas,
        "country_options": options([(c.code, c.label) for c in countries], params["country"].upper()),
        "member_options": None if members is None else options(members, params["member"]),
        "focus_options": options([(fa.code, fa.label) for fa in focus_areas], params["focus_area"]),
        "status_options": options(ProjectStatus.choices, params["status"]),
        "language_options": options(Language.choices, params["language"]),
        "csv_query": urlencode({k: v for k, v in params.items() if v}),
        "can_create": policies.can_create_any_project(request.user),
    }
    if project_filter is None:
        return render(request, "projects/list.html", context, status=400)
    remembered = list_queries.public_scope(request.user)

    def filtered():
        return project_filter.apply(Project.objects.visible_to(request.user))

    def page_values(queryset):
        # The rows as plain values (rows.PAGE_FIELDS): no model, member or country instance per row.
        return queryset.with_latest_report().prefetch_related(None).values_list(*PAGE_FIELDS, named=True)

    # The filtered QuerySet is built only where it is read: the same SQL for every visitor is compiled once per
    # filter and page (list_queries), and its filters and annotations cost more to build than the rows to read.
    queryset = filtered() if not remembered or _counted_from_list(params) else None
    if remembered:
        paginator = Paginator(list_queries.page_list(project_filter, lambda: page_values(filtered())), PER_PAGE)
    else:
        paginator = Paginator(page_values(queryset), PER_PAGE)
    # Counted on the filtered projects alone: the values query's joins and subqueries cost twice as much to
    # build and change nothing in the count.
    if totals is not None:
        paginator.count = totals[0]
    else:
        paginator.count = list_queries.count(project_filter, filtered) if remembered else queryset.count()
    page_obj = paginator.get_page(request.GET.get("page"))
    table = focus_status_counts(queryset, params)

    def draw_chart():
        chart = _focus_chart(table, params, focus_areas)
        return chart, stacked_chart_html(chart)  # the shared chart's markup, written in Python (chart.py)

    # Drawn again only when its counts, the filter or the focus areas differ (hub.core.drawn): not after every write.
    areas_key = tuple((area.pk, area.code, area.label) for area in focus_areas)
    chart, chart_html = drawn_from(
        "projects.focus-status", (tuple(sorted(params.items())), table, areas_key), draw_chart
    )
    context.update(
        {
            "page_obj": page_obj,
            "paginator": paginator,
            "project_rows": _page_rows(page_obj, countries, focus_areas),
            "chart": chart,
            "chart_html": chart_html,
        }
    )
    return render(request, "projects/list.html", context)


def project_csv(request: HttpRequest) -> HttpResponse:
    _params, project_filter, errors = _project_filter(request)
    if project_filter is None:
        return HttpResponseBadRequest("\n".join(errors) + "\n", content_type="text/plain; charset=utf-8")
    queryset = project_filter.apply(Project.objects.visible_to(request.user))
    # Plain values, not a model, member and country (with their JSON columns) per row; the focus areas of
    # each chunk of rows in one query, as the prefetch read them; each address from one reversal.
    values = queryset.prefetch_related(None).values_list(*CSV_FIELDS, named=True)
    through = Project.focus_areas.through
    address = request.build_absolute_uri(reverse("projects:project", args=["__slug__"]))

    def rows() -> Iterator[list]:
        for chunk in _chunks(values.iterator(chunk_size=CSV_CHUNK), CSV_CHUNK):
            links = (
                through.objects.filter(project_id__in=[p.pk for p in chunk])
                .order_by("focusarea__position")
                .values_list("project_id", "focusarea__code")
            )
            areas: dict[int, list[str]] = {}
            for project_id, code in links:
                areas.setdefault(project_id, []).append(code)
            for p in chunk:
                yield [
                    p.slug,
                    p.title,
                    p.local_title,
                    p.member__slug,
                    p.member__name,
                    p.member__country__code,
                    ";".join(areas.get(p.pk, ())),
                    p.public_status,
                    "update" if p.public_cycle else "catalogue",
                    p.public_cycle or "",
                    "" if p.public_progress is None else p.public_progress,
                    p.status,
                    format_partial(p.start_date, p.start_precision),
                    format_partial(p.end_date, p.end_precision),
                    p.language,
                    p.summary,
                    p.partners_text,
                    p.funding,
                    " ".join(link["url"] for link in p.links),
                    p.confidence,
                    " ".join(p.sources or []),
                    "yes" if p.is_demo else "no",
                    address.replace("__slug__", p.slug),
                ]

    return csv_response(CSV_COLUMNS, rows(), filename="ascn-projects.csv")


def _chunks(items, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _as_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = Project.objects.with_related().prefetch_related("partners").with_public_progress()
    project = get_object_or_404(queryset, slug=slug)
    # The parts other apps add (monitoring: the M&E timeline, and the accepted update the status is from).
    sections = [(section, section.collect(request, project)) for section in contributions.project_sections()]
    status_source = next(
        (
            source
            for section, found in sections
            if section.status_source and (source := section.status_source(project, found)) is not None
        ),
        None,
    )
    values = IndicatorValue.objects.public().order_by("period_start", "period_end", "pk")
    indicators = list(
        Indicator.objects.filter(project=project).prefetch_related(Prefetch("values", queryset=values)).order_by("name")
    )
    for indicator in indicators:
        indicator.value_list = list(indicator.values.all())
        # One value needs no chart: the table shows it. Shares are drawn against 100%.
        indicator.chart = None
        if len(indicator.value_list) > 1:
            indicator.chart = bar_chart(
                [(v.period_label, _as_number(v.value)) for v in indicator.value_list],
                width=560,
                max_value=100 if indicator.unit.strip() == "%" else None,
                chart_id=f"indicator-{indicator.pk}-chart",
                title=_("%(name)s (%(unit)s) by period") % {"name": indicator.name, "unit": indicator.unit},
            )
            for row in indicator.chart["rows"]:
                row["display_value"] = figure(row["value"])
    return render(
        request,
        "projects/project.html",
        {
            "project": project,
            "indicators": indicators,
            "sections": sections,
            "status_source": status_source,
            "can_edit": policies.can_edit_project(request.user, project),
            "report_entries": list(project.report_entries.select_related("focus_area").order_by("report_year")),
        },
    )


# --- create and edit -------------------------------------------------------------------------------


def _save(form: ProjectForm, request: HttpRequest, project: Project | None) -> Project | None:
    cleaned = form.cleaned_data
    try:
        if project is None:
            return services.create_project(
                actor=request.user,
                data=form.service_data(),
                focus_areas=cleaned["focus_areas"],
                partners=list(cleaned["partners"]),
                via=VIA,
            )
        changed = set(form.changed_data)
        return services.update_project(
            actor=request.user,
            project=project,
            data=form.changed_service_data(),
            focus_areas=cleaned["focus_areas"] if "focus_areas" in changed else None,
            partners=list(cleaned["partners"]) if "partners" in changed else None,
            expected_version=cleaned.get("version"),
            via=VIA,
        )
    except PermissionDenied as exc:
        form.add_error("member", str(exc))
    except ValidationError as exc:
        form.add_service_errors(exc)
    return None


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    if not policies.can_create_any_project(request.user):
        raise PermissionDenied(_("You may not add projects."))
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        project = _save(form, request, None)
        if project is not None:
            messages.success(request, _("The project was added."))
            return redirect(project)
    status = 400 if request.method == "POST" else 200
    return render(request, "projects/edit.html", {"form": form, "project": None}, status=status)


def _as_posted(value) -> list[str]:
    values = value if isinstance(value, (list, tuple)) else [value]
    return ["" if v is None else str(getattr(v, "pk", v)) for v in values]


def _rebased(form: ProjectForm, current: Project) -> QueryDict:
    """The reader's changes on top of what is saved now: the fields the reader changed keep the input,
    the others take the saved values, and the form's baseline (hidden initial values, version) becomes
    the current version. Saving this form again changes only what the reader changed."""
    saved = ProjectForm.initial_for(current)
    changed = set(form.changed_data)
    data = QueryDict(mutable=True)
    for name in form.fields:
        if name == "version":
            continue
        data.setlist(name, form.data.getlist(name) if name in changed else _as_posted(saved.get(name)))
        data.setlist(form.add_initial_prefix(name), _as_posted(saved.get(name)))
    data["version"] = str(current.version)
    return data


def _changes_since(project: Project, seen_version: int | None, current_version: int) -> list:
    """The change log entries of the saves made since the version the reader opened (at most 10 saves).

    One save may log two entries in one transaction (its fields, then focus areas and partners): entries
    of the same actor within a second count as one save.
    """
    saves = max(1, min(current_version - (seen_version or current_version), 10))
    entries = list(ChangeEntry.objects.for_object(project).select_related("content_type").order_by("-at", "-pk")[:20])
    kept, groups, last = [], 0, None
    for entry in entries:
        same_save = (
            last is not None and last.actor_label == entry.actor_label and (last.at - entry.at).total_seconds() < 1
        )
        if not same_save:
            groups += 1
            if groups > saves:
                break
        kept.append(entry)
        last = entry
    return describe(kept)


@login_required
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project.objects.with_related().prefetch_related("partners"), slug=slug)
    if not policies.can_edit_project(request.user, project):
        raise PermissionDenied(_("You may not edit this project."))
    if request.method != "POST":
        form = ProjectForm(initial=ProjectForm.initial_for(project), user=request.user, project=project)
        return render(request, "projects/edit.html", {"form": form, "project": project})
    form = ProjectForm(request.POST, user=request.user, project=project)
    conflict = None
    if form.is_valid():
        try:
            saved = _save(form, request, project)
        except Conflict as exc:
            saved = None
            current = Project.objects.with_related().prefetch_related("partners").get(pk=project.pk)
            conflict = {"entries": _changes_since(current, form.cleaned_data.get("version"), exc.current_version)}
            form = ProjectForm(_rebased(form, current), user=request.user, project=current)
            form.is_valid()
        if saved is not None:
            messages.success(request, _("The project was saved."))
            return redirect(saved)
    status = 409 if conflict else 400
    return render(
        request, "projects/edit.html", {"form": form, "project": project, "conflict": conflict}, status=status
    )


# --- bulk import -----------------------------------------------------------------------------------


@login_required
def project_import(request: HttpRequest) -> HttpResponse:
    if not policies.can_create_any_project(request.user):
        raise PermissionDenied(_("You may not import projects."))
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            options = {"member": form.cleaned_data["member"], "dry_run": form.cleaned_data["dry_run"], "via": "import"}
            try:
                rows = count_rows(content, upload.name)
                if rows > INLINE_ROWS:  # the request never waits on a long import: a job, its page, an e-mail
                    job = start_import(actor=request.user, content=content, filename=upload.name, rows=rows, **options)
                    return redirect(job)
                report = run_import(content, upload.name, actor=request.user, **options)
            except UnreadableFile as exc:
                form.add_error("file", str(exc))
            else:
                status = 200 if report.ok else 400
    context = {"form": form, "report": report, "inline_rows": INLINE_ROWS}
    return render(request, "projects/import.html", context, status=status)
