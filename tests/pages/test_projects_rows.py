# ruff: noqa: E501  (the template below is the list's former loop, kept line for line)
"""The projects table's rows and filter options written in Python (hub/projects/rows.py) give, byte for byte,
the markup the template loops gave: the same text, links, escaping and translations, on every page of the
reference catalogue and of projects made for the test (markup and quotes in a title, no source, one source,
a demo project, a month as start, an accepted progress update, a project in several focus areas), in English
and Bahasa Indonesia."""

import re

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils import translation

from hub.core.labels import by_label
from hub.network.models import Country, Member
from hub.projects import services
from hub.projects.filters import ProjectFilter
from hub.projects.models import FocusArea, Language, Project, ProjectStatus
from hub.projects.views import PER_PAGE
from tests.services.test_monitoring_support import accepted

pytestmark = pytest.mark.django_db

# The loop of projects/list.html before it became {{ project_rows }}.
ROWS = Template(
    """{% load i18n projects %}{% for p in page_obj %}
    <tr>
      <th scope="row"><a href="{{ p.get_absolute_url }}">{{ p.title }}</a>{% if p.is_demo %} <span class="badge demo-flag">{% translate "demo" %}</span>{% endif %}</th>
      <td><a href="{{ p.member.get_absolute_url }}">{{ p.member.name }}</a> <span class="help">({{ p.member.country.label }})</span></td>
      <td>{% for fa in p.focus_areas.all %}{{ fa.label }}{% if not forloop.last %}; {% endif %}{% endfor %}</td>
      <td><span class="status status--{{ p.public_status }}">{{ p.public_status|project_status_label }}</span></td>
      <td>{% if p.public_progress is not None %}{% include "monitoring/partials/progress.html" with value=p.public_progress %} <span class="help">({{ p.public_cycle }})</span>{% else %}—{% endif %}</td>
      <td class="date">{{ p.start_display|default:"—" }}</td>
      <td>{% if p.report_year %}<cite>{% if p.report_appendix %}{% blocktranslate with year=p.report_year appendix=p.report_appendix row=p.report_row trimmed %}ASCN M&E Report {{ year }}, Appendix {{ appendix }}, No. {{ row }}{% endblocktranslate %}{% else %}{% blocktranslate with year=p.report_year row=p.report_row trimmed %}ASCN M&E Report {{ year }}, Appendix, No. {{ row }}{% endblocktranslate %}{% endif %}</cite>{% elif p.is_demo %}{% translate "made up (demo)" %}{% else %}<a href="{{ p.get_absolute_url }}#record-sources-title">{% blocktranslate count counter=p.sources|length trimmed %}{{ counter }} source{% plural %}{{ counter }} sources{% endblocktranslate %}</a>{% endif %}</td>
    </tr>
  {% endfor %}"""
)

# The filter's option loops before they became {{ country_options }} and the like.
OPTIONS = Template(
    """{% for c in countries %}<option value="{{ c.code }}"{% if params.country|upper == c.code %} selected{% endif %}>{{ c.label }}</option>{% endfor %}
{% for m in members %}<option value="{{ m.slug }}"{% if params.member == m.slug %} selected{% endif %}>{{ m.name }} ({{ m.country.code }})</option>{% endfor %}
{% for fa in focus_areas %}<option value="{{ fa.code }}"{% if params.focus_area == fa.code %} selected{% endif %}>{{ fa.label }}</option>{% endfor %}
{% for value, label in statuses %}<option value="{{ value }}"{% if params.status == value %} selected{% endif %}>{{ label }}</option>{% endfor %}
{% for value, label in languages %}<option value="{{ value }}"{% if params.language == value %} selected{% endif %}>{{ label }}</option>{% endfor %}"""
)


def table_body(html: str) -> str:
    start = html.index("<tbody>", html.index('id="projects-table"')) + len("<tbody>\n  ")
    return html[start : html.index("\n  </tbody>", start)]


def make_edge_projects(personas) -> None:
    secretariat = personas["secretariat"]
    sumedang = Member.objects.get(slug="sumedang")
    services.create_project(
        actor=secretariat,
        data={"member": sumedang, "title": "<b>\"Quoted\" & 'odd'</b> lighting", "sources": []},
        focus_areas=["industry-innovation", "civic-social", "safety-security"],
    )
    services.create_project(
        actor=secretariat,
        data={
            "member": sumedang,
            "title": "A one-source project",
            "sources": ["https://example.org/a?x=1&y=2"],
            "start_date": "2024-06-01",
            "start_precision": "month",
        },
        focus_areas=["health-well-being"],
    )
    services.create_project(
        actor=secretariat,
        data={"member": sumedang, "title": "A demo & test project", "is_demo": True, "sources": []},
        focus_areas=["quality-environment", "built-infrastructure"],
    )
    accepted(personas, status="completed", progress=100)


@pytest.mark.parametrize("language", ["en", "id"])
def test_rows_match_the_template_on_every_page(client, personas, language):
    make_edge_projects(personas)
    client.cookies["django_language"] = language
    old = ProjectFilter().apply(Project.objects.all()).with_latest_report()
    paginator = Paginator(old, PER_PAGE)
    assert paginator.num_pages > 1
    seen = ""
    for number in paginator.page_range:
        html = client.get("/projects/", {"page": number}).content.decode()
        with translation.override(language):
            expected = ROWS.render(Context({"page_obj": paginator.page(number)}))
        assert table_body(html) == expected
        seen += expected
    # The cases the rows must cover are on some page (in English words; the same rows in Bahasa Indonesia).
    if language == "id":
        assert "<cite>Laporan M&E ASCN" in seen
        return
    assert "&lt;b&gt;&quot;Quoted&quot; &amp; &#x27;odd&#x27;&lt;/b&gt; lighting" in seen
    assert re.search(r"<cite>ASCN M&E Report \d+, Appendix [AB], No\. \d+</cite>", seen)
    assert re.search(r"<cite>ASCN M&E Report \d+, Appendix, No\. \d+</cite>", seen)
    assert "#record-sources-title" in seen and '<td class="date">2024-06</td>' in seen
    assert '<progress max="100" value="100"' in seen and "demo-flag" in seen


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize(
    "query",
    [{}, {"country": "id", "member": "sumedang", "focus_area": "civic-social", "status": "ongoing", "language": "en"}],
)
def test_filter_options_match_the_template(client, language, query):
    client.cookies["django_language"] = language
    html = client.get("/projects/", query).content.decode()
    params = {name: query.get(name, "") for name in ProjectFilter.model_fields}
    with translation.override(language):
        countries = by_label(Country.objects.all())
        members = Member.objects.filter(projects__isnull=False).distinct().select_related("country").order_by("name")
        if query.get("country"):
            members = members.filter(country__code=query["country"].upper())
        expected = OPTIONS.render(
            Context(
                {
                    "params": params,
                    "countries": countries,
                    "members": members,
                    "focus_areas": FocusArea.objects.order_by("position"),
                    "statuses": ProjectStatus.choices,
                    "languages": Language.choices,
                }
            )
        )
    for options in expected.split("\n"):
        assert options in html
    form = html[
        html.index('<form class="filter-form"') : html.index("</form>", html.index('<form class="filter-form"'))
    ]
    assert form.count(" selected>") == len([v for v in query.values() if v])


def test_csv_reads_focus_areas_chunk_by_chunk_with_the_same_result(client, personas, monkeypatch):
    """The CSV reads its rows in chunks, with each chunk's focus areas in one query: chunks of 7 give the file
    one chunk gives, every project once, its focus areas in the framework's order."""
    make_edge_projects(personas)
    whole = b"".join(client.get("/projects/export.csv").streaming_content).decode()
    monkeypatch.setattr("hub.projects.views.CSV_CHUNK", 7)
    chunked = b"".join(client.get("/projects/export.csv").streaming_content).decode()
    assert chunked == whole
    assert len(whole.strip().split("\r\n")) == Project.objects.count() + 1
    odd = next(line for line in whole.split("\r\n") if "Quoted" in line)
    assert ",civic-social;safety-security;industry-innovation," in odd
    slug = Project.objects.get(title__startswith="<b>").slug
    assert odd.endswith(f",no,https://testserver/projects/{slug}/") or odd.endswith(
        f",no,http://testserver/projects/{slug}/"
    )
