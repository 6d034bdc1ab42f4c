"""The hub's own reference labels read in Bahasa Indonesia on Indonesian pages (issue 13 §6).

Countries, focus areas, role names and status names are the hub's words: on a page served in
Indonesian none of them may show in English. The list of English labels is built from the reference data
and the models' choices themselves (a country added to data/countries.yaml, a new status), so it cannot go
stale. What people wrote (titles, summaries, notes, decisions, names) keeps its language: it is marked
with a ``lang`` attribute where it differs from the page's (the reference dataset is written in English),
and proper names are no labels, so both are left out of the check.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.utils import timezone, translation

from hub.meetings.models import AgendaItem, Meeting, MeetingSeries
from hub.network.models import Country, Member, Organisation, Person, Role
from hub.projects.models import FOCUS_AREA_LABELS, FOCUS_AREAS, FocusArea, Project
from tests.services.test_monitoring_support import accepted, open_cycle

# Choice fields whose labels are status, state or role names (the other choices — "city", "online",
# "year" — are everyday words that English content uses too; they are translated all the same).
LABEL_FIELDS = {"status", "state", "role", "stage"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _IndonesianText(HTMLParser):
    """The text a reader of the Indonesian page gets: text nodes and titles/labels, but not what sits
    inside an element marked with another language (nor scripts and styles)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("", "id")]
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang") or self.stack[-1][1]
        if tag in ("script", "style"):
            lang = "-"
        if lang.startswith("id"):
            self.parts += [attributes[k] for k in ("title", "aria-label", "alt", "placeholder") if attributes.get(k)]
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        if self.stack[-1][1].startswith("id"):
            self.parts.append(data)


def indonesian_text(html: str) -> str:
    parser = _IndonesianText()
    parser.feed(html)
    return " | ".join(" ".join(part.split()) for part in parser.parts if part.strip())


def english_labels() -> dict[str, str]:
    """English label -> where it comes from, for every label whose Indonesian differs."""
    labels: dict[str, str] = {}

    def add(english: str, indonesian: str, origin: str) -> None:
        if english and english != indonesian and english not in indonesian:
            labels.setdefault(english, origin)

    with translation.override("id"):
        for country in Country.objects.all():
            add(country.name, country.label, f"country {country.code}")
        for area in FocusArea.objects.all():
            add(area.name, area.label, f"focus area {area.code}")
    for model in apps.get_models():
        if not model.__module__.startswith("hub."):
            continue
        for field in model._meta.get_fields():
            if field.name not in LABEL_FIELDS or not getattr(field, "choices", None):
                continue
            for _value, label in field.flatchoices:
                with translation.override("en"):
                    english = str(label)
                with translation.override("id"):
                    add(english, str(label), f"{model.__name__}.{field.name}")
    return labels


def indonesian_labels() -> list[str]:
    """The Indonesian labels, longest first: removed before the check ("Pembina (Shepherd)" keeps the
    official English title on purpose)."""
    with translation.override("id"):
        words = [c.label for c in Country.objects.all()] + [a.label for a in FocusArea.objects.all()]
        words += [str(label) for _value, label in Role.choices]
    return sorted(set(words), key=len, reverse=True)


def proper_names() -> list[str]:
    """Names and titles people gave (members, organisations, people, meetings, projects), longest first."""
    names: set[str] = set()
    for model, fields in (
        (Member, ("name", "local_name")),
        (Organisation, ("name", "short_name")),
        (Person, ("name", "position")),
        (Meeting, ("title",)),
        (MeetingSeries, ("name",)),
        (AgendaItem, ("title",)),
        (Project, ("title",)),
    ):
        for row in model.objects.values_list(*fields):
            names.update(value for value in row if value)
    for model_name in ("partnerships.Programme", "partnerships.Partnership"):
        model = apps.get_model(model_name)
        names.update(model.objects.values_list("title" if model_name.endswith("Partnership") else "name", flat=True))
    return sorted(names, key=len, reverse=True)


def english_left(html: str, labels: dict[str, str], remove: list[str]) -> list[str]:
    body = indonesian_text(html)
    for words in remove:
        body = body.replace(words, " ")
    found = []
    for english, origin in labels.items():
        match = re.search(r"(?<![\w-])" + re.escape(english) + r"(?![\w-])", body)
        if match:
            found.append(f"{english!r} ({origin}): …{body[max(0, match.start() - 50) : match.end() + 30]}…")
    return found


def test_the_label_lists_agree():
    """FOCUS_AREAS (the rows' English names) and FOCUS_AREA_LABELS (the msgids) name the same six."""
    assert [code for code, _name in FOCUS_AREAS] == list(FOCUS_AREA_LABELS)
    assert [name for _code, name in FOCUS_AREAS] == [str(label) for label in FOCUS_AREA_LABELS.values()]


@pytest.mark.django_db
def test_the_reference_labels_are_indonesian_in_the_data():
    with translation.override("id"):
        names = {c.code: c.label for c in Country.objects.all()}
        areas = {a.code: a.label for a in FocusArea.objects.all()}
        roles = dict(Role.choices)
        assert {k: str(v) for k, v in roles.items() if k in ("chair", "shepherd", "csco")} == {
            "chair": "Ketua",
            "shepherd": "Pembina (Shepherd)",
            "csco": "Pejabat Utama Kota Cerdas (CSCO)",
        }
    assert names["PH"] == "Filipina" and names["SG"] == "Singapura" and names["KH"] == "Kamboja"
    assert names["LA"] == "Laos" and names["VN"] == "Vietnam" and names["ID"] == "Indonesia"
    assert areas["civic-social"] == "Sipil dan Sosial" and areas["built-infrastructure"] == "Infrastruktur Terbangun"
    # English stays the record's: outside an Indonesian request, and in the field itself.
    assert Country.objects.get(code="PH").label == "Philippines"
    assert FocusArea.objects.get(code="civic-social").label == "Civic & Social"


@pytest.mark.django_db
def test_main_pages_in_indonesian_show_no_english_reference_label(client, personas):
    accepted(personas)  # a cycle with an accepted update: the report page and the dashboards have figures
    labels = english_labels()
    # The list is built from the data: it holds countries, focus areas, roles and statuses.
    assert {"Philippines", "Civic & Social", "Chief Smart City Officer", "ongoing"} <= set(labels)
    remove = indonesian_labels() + proper_names()
    annual = Meeting.objects.filter(agenda_items__outcomes__kind="decision").distinct().order_by("-start_date").first()
    pages = [
        "/",
        "/members/",
        "/members/sumedang/",
        "/countries/",
        "/countries/ph/",
        "/countries/id/",
        "/governance/",
        "/projects/",
        "/projects/jaki/",
        "/monitoring/",
        "/monitoring/country/id/",
        "/monitoring/report/2024-2025/",
        "/meetings/",
        annual.get_absolute_url(),
        "/challenges/",
        "/partnerships/",
        "/partnerships/opportunities/",
        "/partnerships/programmes/",
        "/partnerships/investment/",
    ]
    problems = {}
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="id")
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == "id"
        left = english_left(response.content.decode(), labels, remove)
        if left:
            problems[url] = left
    assert not problems, "\n".join(f"{url}:\n  " + "\n  ".join(found) for url, found in problems.items())


@pytest.mark.django_db
def test_english_pages_keep_the_english_labels(client):
    html = client.get("/countries/ph/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Philippines" in html
    html = client.get("/countries/ph/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "<h1>Filipina" in html
    html = client.get("/projects/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert ">Sipil dan Sosial</option>" in html and ">Civic &amp; Social<" not in html


@pytest.mark.django_db
def test_the_api_keeps_english_names_and_codes(client):
    """The API is the stable record: English names and codes whatever the reader's language."""
    countries = client.get("/api/v1/countries", HTTP_ACCEPT_LANGUAGE="id").json()
    by_code = {c["code"]: c["name"] for c in countries["items"]}
    assert by_code["PH"] == "Philippines" and by_code["SG"] == "Singapore"
    areas = client.get("/api/v1/focus-areas", HTTP_ACCEPT_LANGUAGE="id").json()
    items = areas["items"] if isinstance(areas, dict) else areas
    assert {a["code"]: a["name"] for a in items}["civic-social"] == "Civic & Social"


@pytest.mark.django_db
def test_the_secretariat_keeps_the_indonesian_name_and_forms_offer_labels(client):
    """The Indonesian name is registry data: the Secretariat edits it in the country's form (logged, the
    API's English name untouched), and forms list countries by their name in the page's language."""
    from hub.core.models import ChangeEntry
    from hub.network.forms import CountryForm, MemberForm
    from tests.pages.test_registry_edit_matrix import form_payload
    from tests.personas import PERSONAS, make_user

    email, organisation = PERSONAS["secretariat"]
    client.force_login(make_user(email, organisation, password=None))
    country = Country.objects.get(code="VN")
    payload = form_payload(CountryForm, country, name_id="Viet Nam (Vietnam)")
    assert client.post("/countries/vn/edit/", payload, HTTP_ACCEPT_LANGUAGE="id").status_code == 302
    country.refresh_from_db()
    assert country.name == "Viet Nam" and country.name_id == "Viet Nam (Vietnam)"
    assert set(ChangeEntry.objects.for_object(country).first().changes) == {"name_id"}
    assert "<h1>Viet Nam (Vietnam)" in client.get("/countries/vn/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert client.get("/api/v1/countries/VN").json()["name"] == "Viet Nam"

    html = client.get("/members/sumedang/edit/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert re.search(r"<option value=\"\d+\"[^>]*>Filipina</option>", html)
    with translation.override("id"):
        form = MemberForm(instance=Member.objects.get(slug="sumedang"))
        assert "Singapura" in [label for _value, label in form.fields["country"].choices]


@pytest.mark.django_db
def test_csv_exports_keep_english_names_in_an_indonesian_session(client):
    from tests.pages.helpers import csv_rows

    rows = csv_rows(client.get("/members.csv", {"country": "PH"}, HTTP_ACCEPT_LANGUAGE="id"))
    country = rows[0].index("country")
    assert {row[country] for row in rows[1:]} == {"Philippines"}


@pytest.mark.django_db
def test_search_finds_members_and_projects_by_the_indonesian_country_name(client):
    members = client.get("/api/v1/search", {"q": "Kamboja", "kind": "member"}).json()
    assert members["count"] == Member.objects.filter(country__code="KH").count() > 0
    projects = client.get("/api/v1/search", {"q": "Filipina", "kind": "project"}).json()
    assert projects["count"] == Project.objects.filter(member__country__code="PH").count() > 0
    # The English name still finds them, and the countries list takes either name.
    assert client.get("/api/v1/search", {"q": "Cambodia", "kind": "member"}).json()["count"] == members["count"]
    assert [c["code"] for c in client.get("/api/v1/countries", {"q": "Filipina"}).json()["items"]] == ["PH"]


@pytest.mark.django_db
def test_working_pages_in_indonesian_show_no_english_reference_label(personas, session_client):
    """The pages people work in (signed in): the late list, the updates, action items, invitations, forms."""
    from tests.services.test_search_index import make_project

    accepted(personas)
    make_project("Manila test project", "A project late in the cycle.", member="manila")
    today = timezone.localdate()
    late = open_cycle(today.year + (today.month >= 10))  # the running cycle (October to September): the new
    # Manila project is late in it
    labels = english_labels()
    remove = indonesian_labels() + proper_names()
    client = session_client(personas["secretariat"])
    problems = {}
    for url in (
        f"/monitoring/late/?cycle={late.slug}",
        "/monitoring/updates/",
        "/monitoring/cycles/",
        "/meetings/actions/",
        "/accounts/invitations/",
        "/governance/terms/add/",
        "/meetings/new/",
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="id")
        assert response.status_code == 200, url
        left = english_left(response.content.decode(), labels, remove)
        if left:
            problems[url] = left
    assert not problems, "\n".join(f"{url}:\n  " + "\n  ".join(found) for url, found in problems.items())
