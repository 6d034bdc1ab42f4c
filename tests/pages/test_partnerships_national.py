"""The national view and candidate assessments through the pages: Indonesia's members, its June 2024
coordination meeting with the four programmes, and a candidate assessed, nominated by the National
Representative and admitted by a meeting's decision (hub.meetings' existing decisions)."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from hub.core.models import ChangeEntry
from hub.meetings import services as meetings
from hub.meetings.services import EffectSpec
from hub.partnerships.models_assessments import CandidateAssessment
from tests.pages.helpers import text
from tests.services.test_meetings_factories import make_candidate, make_item, make_meeting

pytestmark = pytest.mark.django_db


def test_indonesia_national_view(client):
    response = client.get("/countries/id/")
    assert response.status_code == 200
    page = html.unescape(text(response))
    for member in ("DKI Jakarta", "Makassar", "Banyuwangi", "Sumedang", "Denpasar", "Semarang"):
        assert member in page
    assert "ASCN coordination meeting of Ditjen Bina Adwil" in page
    assert "24–25 Jun 2024, Jakarta" in page
    for programme in ("JAKI", "Homestay Naik Kelas", "HomeCare Dottoro'ta", "WA KEPO"):
        assert programme in page, programme
    assert "Smart JAMP feasibility study for Banyuwangi" in page
    assert "/monitoring/country/id/" in response.content.decode()
    # The monitoring dashboard links back to the national view.
    assert 'href="/countries/id/"' in client.get("/monitoring/country/id/").content.decode()
    # The place kept for the idea-exchange work is there, marked.
    assert 'id="country-exchange"' in response.content.decode()


def test_assessment_nomination_and_admission_by_a_meeting_decision(client, personas):
    secretariat, nr = personas["secretariat"], personas["indonesia_nr"]
    candidate = make_candidate(secretariat, slug="testville", since=date(2025, 1, 1))
    url = f"/partnerships/assessments/new/{candidate.slug}/"
    criteria = "Digital services | 4 | https://example.org/portal\nGovernance | 3 | a smart city office since 2023"

    # Neither the city officer, Thailand's NR, a partner nor an anonymous visitor may assess it.
    for name in ("sumedang_officer", "thailand_nr", "partner"):
        client.force_login(personas[name])
        assert client.post(url, {"title": "x", "assessed_on": "2025-03-01", "criteria": criteria}).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to sign in
    assert not CandidateAssessment.objects.exists()

    client.force_login(nr)
    bad = client.post(url, {"title": "Testville 2025", "assessed_on": "2025-03-01", "criteria": "Digital | 9 | x"})
    assert bad.status_code == 400 and "score is a whole number from 0 to 5" in text(bad)
    response = client.post(
        url, {"title": "Testville 2025", "assessed_on": "2025-03-01", "criteria": criteria, "evidence": "Site visit"}
    )
    assert response.status_code == 302
    assessment = CandidateAssessment.objects.get()
    assert assessment.total_score == 7 and assessment.max_total == 10
    page = client.get(f"/partnerships/assessments/{assessment.pk}/")
    assert "7 / 10" in text(page)

    # A partner cannot see the draft assessment; the public sees it once nominated.
    client.force_login(personas["partner"])
    assert client.get(f"/partnerships/assessments/{assessment.pk}/").status_code == 404
    client.force_login(nr)
    nominated = client.post(
        f"/partnerships/assessments/{assessment.pk}/",
        {"recommendation": "recommend", "text": "Ready: strong digital services.", "version": assessment.version},
    )
    assert nominated.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == "nominated"
    assert ChangeEntry.objects.for_object(assessment).count() == 2
    client.logout()
    national = text(client.get("/countries/id/"))
    assert "Testville 2025" in national and "recommended" in national and "Admitted by" not in national

    # The annual meeting's decision admits it, through the meetings' existing decisions.
    meeting = make_meeting(secretariat, title="9th ASCN Annual Meeting (test)", start_date=date(2025, 9, 10))
    item = make_item(secretariat, meeting, "New members")
    meetings.record_outcome(
        actor=secretariat,
        item=item,
        data={"kind": "decision", "text": "Testville is admitted."},
        effects=[EffectSpec(kind="admit_member", member=candidate)],
    )
    national = text(client.get("/countries/id/"))
    assert "Admitted by a decision of 9th ASCN Annual Meeting (test)" in national
    detail = text(client.get(f"/partnerships/assessments/{assessment.pk}/"))
    assert "Admitted by a decision of 9th ASCN Annual Meeting (test)" in detail


def test_a_member_cannot_be_assessed_as_a_candidate(client, personas):
    client.force_login(personas["indonesia_nr"])
    response = client.post(
        "/partnerships/assessments/new/sumedang/",
        {"title": "x", "assessed_on": "2025-03-01", "criteria": "A | 1 | b"},
    )
    assert response.status_code == 400 and "already a member" in text(response)


def test_each_member_shows_its_first_projects_and_a_link_to_all_of_them(client):
    """At most PROJECTS_PER_MEMBER projects per member (a country of 180 members listed 4,600 projects), the
    rest one click away on the projects list; the page's queries do not grow with the projects."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hub.core.services import create_record
    from hub.network.models import Member
    from hub.partnerships.national import PROJECTS_PER_MEMBER
    from hub.projects.models import Project
    from tests.services.test_monitoring_support import COMMAND

    def sumedang_projects(page: str) -> list[str]:
        section = page.split('<h3><a href="/members/sumedang/">Sumedang</a></h3>', 1)[1].split("<h3>", 1)[0]
        return re.findall(r'<li><a href="/projects/([^/]+)/">', section)

    with CaptureQueriesContext(connection) as before:
        page = text(client.get("/countries/id/"))
    assert "projects of Sumedang" not in page
    sumedang = Member.objects.get(slug="sumedang")
    already = Project.objects.filter(member=sumedang).count()
    assert 0 < len(sumedang_projects(page)) == already <= PROJECTS_PER_MEMBER
    for i in range(PROJECTS_PER_MEMBER + 2 - already):
        create_record(
            Project, actor=COMMAND, data={"slug": f"zz-extra-{i}", "member": sumedang, "title": f"ZZ extra {i}"}
        )

    with CaptureQueriesContext(connection) as after:
        page = text(client.get("/countries/id/"))
    shown = sumedang_projects(page)
    first = Project.objects.filter(member=sumedang).order_by("title", "pk").values_list("slug", flat=True)
    assert shown == list(first[:PROJECTS_PER_MEMBER])
    total = PROJECTS_PER_MEMBER + 2
    assert f'<a href="/projects/?member=sumedang">All {total} projects of Sumedang</a>' in page
    assert "projects of Makassar" not in page
    assert len(after.captured_queries) == len(before.captured_queries)
    indonesian = text(client.get("/countries/id/", HTTP_ACCEPT_LANGUAGE="id"))
    assert f"Semua {total} proyek Sumedang" in indonesian
