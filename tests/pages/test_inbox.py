"""The inbox of "My work": for each role, what waits appears, linking to where the job is done, and
disappears once the job is done; the same through GET /api/v1/me/tasks; a count in the navigation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub.accounts import services as account_services
from hub.meetings import services as meeting_services
from hub.monitoring import services
from hub.network.models import Organisation
from hub.partnerships import services as partnership_services
from tests.pages.helpers import section, text
from tests.partnerships_factories import make_opportunity
from tests.services.test_meetings_factories import make_action, make_item, make_meeting
from tests.services.test_monitoring_support import bangkok_project, draft, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db

PAGE = "/accounts/me/"
API = "/api/v1/me/tasks"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def inbox(user) -> str:
    response = signed_in(user).get(PAGE)
    assert response.status_code == 200
    return text(response)


def kinds(user) -> dict[str, int]:
    response = signed_in(user).get(API)
    assert response.status_code == 200
    return {k["kind"]: k["total"] for k in response.json()["kinds"]}


def second_project():
    """Another project of Sumedang, made for the test."""
    from hub.core.services import create_record
    from hub.projects.models import Project

    return create_record(
        Project,
        actor="command:test",
        data={"slug": "sumedang-second", "member": wa_kepo().member, "title": "Second", "status": "ongoing"},
    )


def bangkok_draft(personas, cycle):
    return services.create_update(
        actor=personas["bangkok_officer"],
        project=bangkok_project(),
        cycle=cycle,
        data={"status": "ongoing", "progress": 10, "narrative": "Started."},
    )


def this_cycle():
    """The cycle running today (the M&E year runs October to September), opened."""
    today = timezone.localdate()
    return open_cycle(today.year + 1 if today.month >= 10 else today.year)


def test_city_officer_writes_submits_and_resubmits_a_returned_update(personas):
    officer, nr = personas["sumedang_officer"], personas["indonesia_nr"]
    cycle = this_cycle()
    project = wa_kepo()
    html = inbox(officer)
    missing = section(html, "tasks-updates_missing")
    assert "WA KEPO" in missing
    assert f"/monitoring/updates/new/?project={project.slug}&amp;cycle={cycle.slug}" in missing
    assert 'id="tasks-updates_drafts"' not in html  # nothing to finish yet: listed as clear
    assert "No draft waits for you." in section(html, "inbox-clear")

    update = draft(personas, cycle=cycle)
    html = inbox(officer)
    assert f'href="/monitoring/updates/{update.pk}/"' in section(html, "tasks-updates_drafts")
    assert "WA KEPO" not in html.split('id="tasks-updates_drafts"')[0]  # no longer among the missing ones

    update = services.submit(actor=officer, update=update)
    html = inbox(officer)
    assert 'id="tasks-updates_drafts"' not in html
    assert f"/monitoring/updates/{update.pk}/" not in html
    # The National Representative now has it to endorse; it returns it with a comment.
    assert f'href="/monitoring/updates/{update.pk}/"' in section(inbox(nr), "tasks-updates_to_endorse")
    services.return_update(actor=nr, update=update, comment="Add the number of portals per district.")
    html = inbox(officer)
    returned = section(html, "tasks-updates_returned")
    assert f'href="/monitoring/updates/{update.pk}/edit/"' in returned
    assert "Add the number of portals per district." in returned
    assert 'id="tasks-updates_to_endorse"' not in inbox(nr)

    update.refresh_from_db()
    services.submit(actor=officer, update=update)
    assert 'id="tasks-updates_returned"' not in inbox(officer)


def test_national_representative_endorses_and_sees_its_late_members(personas):
    nr, secretariat = personas["indonesia_nr"], personas["secretariat"]
    cycle = this_cycle()
    html = inbox(nr)
    late = section(html, "tasks-late_members")
    assert "Sumedang" in late and f"/monitoring/late/?cycle={cycle.slug}&amp;country=ID" in late
    assert "Bangkok" not in late  # another country's member
    update = services.submit(actor=personas["sumedang_officer"], update=draft(personas, cycle=cycle))
    assert kinds(nr)["updates_to_endorse"] == 1
    services.endorse(actor=nr, update=update)
    assert kinds(nr)["updates_to_endorse"] == 0
    # The Secretariat accepts it, then nothing waits for it there.
    assert f'href="/monitoring/updates/{update.pk}/"' in section(inbox(secretariat), "tasks-updates_to_accept")
    update.refresh_from_db()
    services.accept(actor=secretariat, update=update)
    assert kinds(secretariat)["updates_to_accept"] == 0


def test_secretariat_sees_the_late_list_and_pending_invitations(personas):
    secretariat = personas["secretariat"]
    this_cycle()
    _invitation, token = account_services.invite(
        actor=secretariat,
        email="new.officer@example.org",
        organisation=Organisation.objects.get(slug="gov-sumedang"),
        base_url="http://hub.example/",
    )
    html = inbox(secretariat)
    assert "new.officer@example.org" in section(html, "tasks-pending_invitations")
    assert "new.officer@example.org" in section(inbox(personas["indonesia_nr"]), "tasks-pending_invitations")
    account_services.accept_invitation(token=token, name="New Officer", password="a long enough pass phrase 9")
    assert kinds(secretariat)["pending_invitations"] == 0
    html = inbox(secretariat)
    late = section(html, "tasks-late_members")
    assert 'href="/monitoring/late/?cycle=' in late
    assert 'id="tasks-updates_missing"' not in html and 'id="tasks-late_members"' in html
    # Sumedang's officer does not look after invitations.
    assert "pending_invitations" not in kinds(personas["sumedang_officer"])


def test_action_items_appear_for_their_owner_and_go_once_done(personas):
    secretariat, officer = personas["secretariat"], personas["sumedang_officer"]
    today = timezone.localdate()
    meeting = make_meeting(secretariat, start_date=today - timedelta(days=30))
    item = make_item(secretariat, meeting)
    action = make_action(
        secretariat,
        item,
        "Send the WA KEPO usage figures",
        owner_name="",
        owner_organisation=Organisation.objects.get(slug="gov-sumedang"),
        due_date=today + timedelta(days=10),
    )
    mine = section(inbox(officer), "tasks-my_actions")
    assert "Send the WA KEPO usage figures" in mine and f'href="/meetings/actions/{action.pk}/"' in mine
    assert "my_actions" not in {k for k, n in kinds(personas["bangkok_officer"]).items() if n}
    # The Shepherd (Indonesia's Kemendagri, in its term) sees it among the network's open action items.
    assert "Send the WA KEPO usage figures" in section(inbox(personas["indonesia_nr"]), "tasks-network_actions")
    meeting_services.update_action(actor=officer, action=action, data={"status": "done"}, via="test")
    assert 'id="tasks-my_actions"' not in inbox(officer)
    assert kinds(personas["indonesia_nr"])["network_actions"] == 0


def test_meetings_for_the_officer_and_the_next_meeting_for_the_shepherd(personas):
    secretariat, officer, nr = personas["secretariat"], personas["sumedang_officer"], personas["indonesia_nr"]
    today = timezone.localdate()
    meeting = make_meeting(secretariat, title="Ninth annual meeting", start_date=today + timedelta(days=40))
    delegation = meeting_services.add_delegation(
        actor=secretariat,
        meeting=meeting,
        data={"kind": "member", "member": wa_kepo().member, "status": "invited"},
        via="test",
    )
    html = inbox(officer)
    assert "Ninth annual meeting" in section(html, "tasks-upcoming_meetings")
    assert f'href="/meetings/{meeting.pk}/#attendance"' in section(html, "tasks-meeting_invitations")
    meeting_services.update_delegation(actor=secretariat, delegation=delegation, data={"status": "attending"}, via="t")
    assert 'id="tasks-meeting_invitations"' not in inbox(officer)
    assert "Ninth annual meeting" in section(inbox(nr), "tasks-next_meeting")
    national = make_meeting(
        nr,
        title="Indonesia coordination",
        kind="coordination",
        scope="national",
        country=wa_kepo().member.country,
        start_date=today + timedelta(days=20),
    )
    assert f'href="/meetings/{national.pk}/"' in section(inbox(nr), "tasks-national_meetings")
    # Past meetings leave the list.
    assert "Test meeting" not in inbox(officer)


def test_expressions_of_interest_go_between_partner_and_officer(personas):
    officer, nr, partner = personas["sumedang_officer"], personas["indonesia_nr"], personas["partner"]
    opportunity = make_opportunity(officer, state="submitted")
    assert opportunity.title in section(inbox(nr), "tasks-opportunities_to_publish")
    partnership_services.review_opportunity(actor=nr, opportunity=opportunity, action="publish")
    opportunity.refresh_from_db()
    assert kinds(nr)["opportunities_to_publish"] == 0
    interest = partnership_services.express_interest(actor=partner, opportunity=opportunity, message="We fund this.")
    assert f'href="/partnerships/interests/{interest.pk}/"' in section(inbox(officer), "tasks-interests_to_answer")
    assert kinds(partner)["interest_answers"] == 0
    partnership_services.reply(actor=officer, interest=interest, message="Welcome: let us meet.")
    assert kinds(officer)["interests_to_answer"] == 0
    assert f'href="/partnerships/interests/{interest.pk}/"' in section(inbox(partner), "tasks-interest_answers")
    # The partner answers back: its task is done, and the officer has one again.
    partnership_services.reply(actor=partner, interest=interest, message="Tuesday suits us.")
    assert kinds(partner)["interest_answers"] == 0 and kinds(officer)["interests_to_answer"] == 1


def test_the_api_lists_the_tasks_oldest_first_and_needs_a_caller(client, personas):
    assert client.get(API).status_code == 401
    cycle = this_cycle()
    draft(personas, cycle=cycle)
    body = signed_in(personas["sumedang_officer"]).get(API).json()
    assert body["count"] == sum(k["total"] for k in body["kinds"]) > 0
    days = [t["since"] for t in body["items"] if t["since"]]
    assert days == sorted(days)
    assert {"kind", "label", "url", "detail", "since"} <= set(body["items"][0])


def test_the_navigation_shows_the_count_on_every_page(personas):
    officer = personas["sumedang_officer"]
    this_cycle()
    client = signed_in(officer)
    html = text(client.get("/members/"))
    count = int(section(html, "nav-task-count").split(">")[1].split("<")[0])
    assert count == client.get(API).json()["count"] > 0
    # No count when nothing waits (a partner with no answer), nor for a visitor.
    assert 'id="nav-task-count"' not in text(signed_in(personas["partner"]).get("/members/"))
    assert 'id="nav-task-count"' not in text(Client().get("/members/"))


def test_the_inbox_costs_the_same_queries_whatever_waits(personas, django_assert_max_num_queries):
    secretariat, officer = personas["secretariat"], personas["sumedang_officer"]
    cycle = this_cycle()
    today = timezone.localdate()
    counts = []
    for round_ in range(2):
        # More of everything each round, past a page of each kind: action items, meetings, invitations.
        meeting = make_meeting(secretariat, start_date=today + timedelta(days=5 + round_))
        item = make_item(secretariat, meeting)
        for n in range(12):
            make_action(secretariat, item, f"Task {n}", owner_name="", owner_organisation=officer.organisation)
            account_services.invite(
                actor=secretariat,
                email=f"someone{round_}-{n}@example.org",
                organisation=officer.organisation,
                base_url="http://hub.example/",
            )
        if round_ == 0:
            draft(personas, cycle=cycle)
            services.submit(actor=personas["bangkok_officer"], update=bangkok_draft(personas, cycle))
        else:  # a second submitted update, and more projects without one
            services.submit(actor=officer, update=draft(personas, cycle=cycle, project=second_project()))
        for user in (officer, personas["indonesia_nr"], secretariat):
            client = signed_in(user)
            with CaptureQueriesContext(connection) as page, django_assert_max_num_queries(60):
                assert client.get(PAGE).status_code == 200
            with CaptureQueriesContext(connection) as api:
                assert client.get(API).status_code == 200
            counts.append((round_, user.email, len(page), len(api)))
    first = {email: (p, a) for r, email, p, a in counts if r == 0}
    second = {email: (p, a) for r, email, p, a in counts if r == 1}
    assert first == second


def test_nothing_waits_for_a_visitor_or_a_user_without_a_role(client, personas):
    assert client.get(PAGE).status_code == 302
    from tests.personas import make_user

    loner = make_user("nobody@example.org")
    html = inbox(loner)
    assert 'id="inbox-empty"' in html
    assert signed_in(loner).get(API).json() == {"count": 0, "items": [], "kinds": []}


def test_the_invitation_form_says_which_roles_each_organisation_holds(personas):
    html = text(signed_in(personas["secretariat"]).get("/accounts/invitations/"))
    kemendagri = Organisation.objects.get(slug="kemendagri-bina-adwil")
    option = html.split(f'<option value="{kemendagri.pk}"')[1].split("</option>")[0]
    assert "National Representative (Indonesia)" in option and "Shepherd" in option
    sumedang = Organisation.objects.get(slug="gov-sumedang")
    option = html.split(f'<option value="{sumedang.pk}"')[1].split("</option>")[0]
    assert "city officers of Sumedang" in option
    # Indonesia's National Representative sees its members' governments, with their officers.
    html = text(signed_in(personas["indonesia_nr"]).get("/accounts/invitations/"))
    assert "city officers of Sumedang" in html


def test_monitoring_opens_on_the_last_complete_cycle_and_says_why_the_open_one_is_thin(client, personas):
    from hub.monitoring.services import close_cycle, create_cycle

    # Only an open cycle: it is shown, and the page says why it looks empty.
    cycle = this_cycle()
    html = text(client.get("/monitoring/"))
    assert f"Cycle {cycle.label}" in html and 'id="cycle-open-note"' in html
    # A closed earlier cycle: the page opens on it and points to the running one.
    earlier = services.open_cycle(
        actor="command:test", cycle=create_cycle(actor="command:test", end_year=cycle.end_year - 1)
    )
    close_cycle(actor="command:test", cycle=earlier)
    html = text(client.get("/monitoring/"))
    assert f"Cycle {earlier.label}" in html and 'id="cycle-open-note"' not in html
    assert f'href="?cycle={cycle.slug}"' in section(html, "cycle-running-note")
    assert 'id="cycle-open-note"' in text(client.get("/monitoring/", {"cycle": cycle.slug}))


def test_the_member_page_shows_its_projects_progress_and_meetings(client, personas, django_assert_max_num_queries):
    from tests.services.test_monitoring_support import accepted

    update = accepted(personas, cycle=this_cycle())
    meeting = make_meeting(personas["secretariat"], title="Sumedang study visit")
    meeting_services.add_delegation(
        actor=personas["secretariat"],
        meeting=meeting,
        data={"kind": "member", "member": update.project.member, "status": "attending"},
        via="test",
    )
    html = text(client.get("/members/sumedang/"))
    projects = section(html, "member-projects")
    assert "WA KEPO" in projects and "70" in projects
    assert f'href="/monitoring/updates/{update.pk}/"' in projects
    assert 'href="/monitoring/member/sumedang/"' in projects
    assert "Sumedang study visit" in section(html, "member-meetings")
    assert "Sumedang study visit" not in text(client.get("/members/bangkok/"))
    with django_assert_max_num_queries(25):
        client.get("/members/sumedang/")


def test_the_home_page_shows_the_networks_work(client, personas, django_assert_max_num_queries):
    from tests.services.test_monitoring_support import accepted

    update = accepted(personas, cycle=this_cycle())
    today = timezone.localdate()
    make_meeting(personas["secretariat"], title="Coming workshop", start_date=today + timedelta(days=9))
    make_meeting(personas["secretariat"], title="Held workshop", start_date=today - timedelta(days=9))
    with django_assert_max_num_queries(14):
        html = text(client.get("/"))
    work = section(html, "network-work")
    assert 'id="home-focus"' in work and "/projects/?focus_area=" in work
    assert f'href="/monitoring/updates/{update.pk}/"' in section(html, "home-latest")
    meetings = html.split('id="home-cycle-title"')[1].split("</section>")[0]
    assert "Coming workshop" in meetings and "Held workshop" in meetings
    assert f"The cycle {update.cycle.label} is open" in section(html, "home-cycle") and "accepted: 1" in html


def test_public_pages_leave_out_research_notes(client):
    from hub.network.models import Member

    member = Member.objects.get(slug="sumedang")
    assert "compiler" in member.source_note  # the reference data's note, kept whole for the API and editors
    html = text(client.get("/members/sumedang/"))
    assert "compiler" not in html and "third-party repository" not in html
    assert not re.search(r"\bdata/[\w/.-]+\.(yaml|py|tsv)\b", html)  # file paths; /data/ downloads are pages
    assert "Membership: see the events." in html
    assert "compiler" in client.get(f"/api/v1/members/{member.pk}").content.decode()


def test_the_change_log_reads_as_a_person_would(personas):
    from decimal import Decimal

    from hub.accounts import tokens
    from hub.core.log_views import display_value

    assert display_value("4E+1") == "40" and display_value(Decimal("2.50")) == "2.5" and display_value(True) == "yes"
    assert display_value("Jl. Prabu Geusan Ulun") == "Jl. Prabu Geusan Ulun"
    secretariat = personas["secretariat"]
    tokens.create_token(user=personas["sumedang_officer"], name="Reporting script", actor=secretariat)
    html = text(signed_in(secretariat).get("/changes/"))
    assert "Token of officer@sumedang.example" in html
    assert " WIB</time>" in html  # local time, with its zone
    from hub.network import services as registry
    from hub.network.models import Member

    officer = personas["sumedang_officer"]
    registry.update_member(
        actor=officer, member=Member.objects.get(slug="sumedang"), data={"local_name": "Kab. Sumedang"}
    )
    mine = section(text(signed_in(officer).get(PAGE)), "officer-section")
    assert "updated <strong>Sumedang</strong>: local name" in mine and "local_name" not in mine


def test_participants_are_edited_in_place_by_the_organisers_only(personas):
    from hub.core.models import ChangeEntry
    from hub.meetings.models import Participant

    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat, title="Edit me")
    participant = meeting_services.add_participant(
        actor=secretariat, meeting=meeting, data={"name": "Tuti Ruswati", "position": "", "status": "invited"}, via="t"
    )
    page = f"/meetings/participants/{participant.pk}/edit/"
    organiser = signed_in(secretariat)
    assert f'href="{page}"' in text(organiser.get(f"/meetings/{meeting.pk}/"))
    form = organiser.get(page)
    assert form.status_code == 200 and 'value="Tuti Ruswati"' in text(form)
    done = organiser.post(page, {"name": "Tuti Ruswati", "position": "Regional Secretary", "status": "attending"})
    assert done.status_code == 302
    participant = Participant.objects.get(pk=participant.pk)
    assert participant.position == "Regional Secretary" and participant.status == "attending"
    entry = ChangeEntry.objects.for_object(participant).order_by("-at", "-pk").first()
    assert entry.action == "update" and "position" in entry.changes
    # Bad input: a form error, nothing changed.
    bad = organiser.post(page, {"name": "X", "status": "attending", "email": "nobody@nowhere.example"})
    assert bad.status_code == 400 and "No active account has this e-mail address." in text(bad)
    assert Participant.objects.get(pk=participant.pk).name == "Tuti Ruswati"
    # An officer may read the public meeting but not edit its participants.
    assert signed_in(personas["sumedang_officer"]).post(page, {"name": "Y", "status": "absent"}).status_code == 403
    assert Participant.objects.get(pk=participant.pk).name == "Tuti Ruswati"


def test_indicators_are_added_edited_and_removed_in_the_pages(personas):
    from hub.core.models import ChangeEntry
    from hub.projects.models import Indicator

    project = wa_kepo()
    officer = signed_in(personas["sumedang_officer"])
    page = text(officer.get(project.get_absolute_url()))
    add = f"/projects/{project.slug}/indicators/new/"
    assert f'href="{add}"' in page
    data = {
        "name": "Messages answered",
        "unit": "messages per month",
        "direction": "higher",
        "baseline": "1200",
        "baseline_period": "2022",
        "target": "5000",
        "target_period": "2026-12",
    }
    # Bad input: a form error, nothing written.
    bad = officer.post(add, {**data, "baseline": "", "unit": ""})
    assert bad.status_code == 400 and "Give the value that goes with this date." in text(bad)
    assert not Indicator.objects.filter(project=project, name="Messages answered").exists()
    assert officer.post(add, data).status_code == 302
    indicator = Indicator.objects.get(project=project, name="Messages answered")
    assert indicator.baseline == 1200 and indicator.target_period == "2026-12"
    edit = f"/projects/indicators/{indicator.pk}/edit/"
    form = text(officer.get(edit))
    assert 'value="messages per month"' in form and 'name="version"' in form
    assert officer.post(edit, {**data, "target": "6000", "version": indicator.version}).status_code == 302
    indicator.refresh_from_db()
    assert indicator.target == 6000
    assert ChangeEntry.objects.for_object(indicator).filter(action="update").exists()
    # A stale form is refused, nothing changed.
    assert officer.post(edit, {**data, "target": "1", "version": 1}).status_code == 409
    # Bangkok's officer and the public may not.
    assert signed_in(personas["bangkok_officer"]).post(edit, {**data, "target": "1"}).status_code == 403
    assert Client().get(edit).status_code == 302
    assert f'href="{edit}"' not in text(signed_in(personas["bangkok_officer"]).get(project.get_absolute_url()))
    # Remove, after a confirmation page.
    delete = f"/projects/indicators/{indicator.pk}/delete/"
    assert "Remove the indicator Messages answered?" in text(officer.get(delete))
    assert officer.post(delete).status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_admitting_a_city_creates_the_candidate_inline_from_the_decision_form(personas):
    from datetime import date

    from hub.meetings.models import Outcome
    from hub.network.models import Country, Member

    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat, title="Ninth annual meeting", start_date=date(2026, 9, 10))
    item = make_item(secretariat, meeting, "New members")
    client = signed_in(secretariat)
    page = f"/meetings/items/{item.pk}/outcomes/new/"
    assert 'name="new_member_name"' in text(client.get(page))
    decision = {
        "kind": "decision",
        "text": "The meeting admits Banjarbaru.",
        "effect_kind": "admit_member",
        "new_member_name": "Banjarbaru",
        "new_member_kind": "city",
    }
    bad = client.post(page, decision)  # no country: a form error, nothing written
    assert bad.status_code == 400 and "Choose the new member&#x27;s country." in text(bad)
    assert not Member.objects.filter(name="Banjarbaru").exists() and not Outcome.objects.filter(agenda_item=item)
    done = client.post(page, {**decision, "new_member_country": Country.objects.get(code="ID").pk})
    assert done.status_code == 302
    member = Member.objects.with_status(date(2026, 9, 10)).get(name="Banjarbaru")
    assert member.status_on == "member" and member.country.code == "ID"
    assert Outcome.objects.get(agenda_item=item).effects.count() == 1
    # The same on the page that adds registry changes to a decision recorded before.
    later = meeting_services.record_outcome(
        actor=secretariat, item=item, data={"kind": "decision", "text": "And Tomohon."}, via="t"
    )
    response = client.post(
        f"/meetings/outcomes/{later.pk}/registry/",
        {
            "effect_kind": "admit_member",
            "new_member_name": "Tomohon",
            "new_member_country": Country.objects.get(code="ID").pk,
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(name="Tomohon").slug == "tomohon"
    # A National Representative may not add members to the registry this way.
    nr = signed_in(personas["indonesia_nr"])
    assert 'name="new_member_name"' not in text(nr.get(page))


def test_the_chair_in_its_term_sees_the_network_meetings_work(personas):
    from tests.personas import make_user

    secretariat = personas["secretariat"]
    chair = make_user("chair@dilg.example", "dilg")  # the Philippines' DILG holds the Chair in 2026
    today = timezone.localdate()
    meeting = make_meeting(secretariat, title="Network review", start_date=today - timedelta(days=3))
    action = make_action(secretariat, make_item(secretariat, meeting), "Circulate the minutes")
    make_meeting(secretariat, title="Tenth annual meeting", kind="annual", start_date=today + timedelta(days=60))
    html = inbox(chair)
    if today.year == 2026:  # the term in the reference data
        assert "Circulate the minutes" in section(html, "tasks-network_actions")
        assert "Tenth annual meeting" in section(html, "tasks-next_meeting")
        meeting_services.update_action(actor=secretariat, action=action, data={"status": "done"}, via="test")
        assert kinds(chair)["network_actions"] == 0
    # A city officer never sees the network's action items as its own.
    assert "network_actions" not in kinds(personas["bangkok_officer"])
