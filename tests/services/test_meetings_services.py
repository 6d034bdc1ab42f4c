"""Meeting services: decisions that change the registry and take it back, carry-over of action items,
permissions, reminders' bookkeeping, uploads refused by content."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.core.dates import PartialDate
from hub.core.models import ChangeEntry
from hub.meetings import services
from hub.meetings.models import ActionStatus, DecisionEffect, Document, Outcome
from hub.meetings.services import EffectSpec
from hub.network import services as registry
from hub.network.models import Country, Member, MembershipEvent, RoleTerm
from tests.services.test_meetings_factories import (
    annual_series,
    events_of,
    make_action,
    make_candidate,
    make_item,
    make_meeting,
)

pytestmark = pytest.mark.django_db


def members_on(day: date) -> int:
    return Member.objects.members_on(day).count()


def test_a_decision_admits_a_candidate_from_the_meetings_first_day_and_deleting_it_takes_it_back(personas):
    secretariat = personas["secretariat"]
    candidate = make_candidate(secretariat)
    meeting = make_meeting(secretariat, title="Extraordinary meeting", start_date=date(2025, 6, 10))
    item = make_item(secretariat, meeting, "New members")
    before = members_on(date(2025, 6, 10))

    decision = services.record_outcome(
        actor=secretariat,
        item=item,
        data={"kind": "decision", "text": "Testville is admitted."},
        effects=[EffectSpec(kind="admit_member", member=candidate)],
    )

    event = DecisionEffect.objects.get(decision=decision).membership_event
    assert (event.member, event.status, event.effective_date, event.decided_by) == (
        candidate,
        "member",
        date(2025, 6, 10),
        "Extraordinary meeting",
    )
    assert members_on(date(2025, 6, 9)) == before
    assert members_on(date(2025, 6, 10)) == before + 1

    services.delete_outcome(actor=secretariat, outcome=decision)
    assert members_on(date(2025, 6, 10)) == before
    assert [e.status for e in events_of(candidate)] == ["candidate"]
    assert not Outcome.objects.filter(pk=decision.pk).exists()
    # The reversal is in the change log: the effect, the registry's event and the decision.
    deleted = ChangeEntry.objects.filter(action="delete", actor=secretariat).values_list(
        "content_type__model", flat=True
    )
    assert {"decisioneffect", "membershipevent", "outcome"} <= set(deleted)


def test_deleting_a_decision_is_refused_while_a_later_event_depends_on_its_admission(personas):
    secretariat = personas["secretariat"]
    candidate = make_candidate(secretariat)
    meeting = make_meeting(secretariat, start_date=date(2025, 6, 10))
    decision = services.record_outcome(
        actor=secretariat,
        item=make_item(secretariat, meeting),
        data={"kind": "decision", "text": "Admit."},
        effects=[EffectSpec(kind="admit_member", member=candidate)],
    )
    registry.create_membership_event(
        actor=secretariat,
        data={"member": candidate, "status": "withdrawn", "effective_date": date(2026, 1, 1), "source_note": "t"},
    )
    with pytest.raises(ValidationError, match="later membership event"):
        services.delete_outcome(actor=secretariat, outcome=decision)
    # Nothing moved: the decision, its effect and both events stay.
    assert Outcome.objects.filter(pk=decision.pk).exists()
    assert DecisionEffect.objects.filter(decision=decision).count() == 1
    assert [e.status for e in events_of(candidate)] == ["candidate", "member", "withdrawn"]


def test_the_registry_refuses_to_delete_an_event_a_decision_made(personas):
    secretariat = personas["secretariat"]
    candidate = make_candidate(secretariat)
    meeting = make_meeting(secretariat, start_date=date(2025, 6, 10))
    services.record_outcome(
        actor=secretariat,
        item=make_item(secretariat, meeting),
        data={"kind": "decision", "text": "Admit."},
        effects=[EffectSpec(kind="admit_member", member=candidate)],
    )
    event = events_of(candidate)[-1]
    with pytest.raises(ValidationError):
        registry.delete_membership_event(actor=secretariat, event=event)
    assert MembershipEvent.objects.filter(pk=event.pk).exists()


def test_an_admission_of_a_member_is_refused_and_nothing_is_recorded(personas):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat, start_date=date(2025, 6, 10))
    item = make_item(secretariat, meeting)
    bangkok = Member.objects.get(slug="bangkok")
    with pytest.raises(ValidationError, match="already a member"):
        services.record_outcome(
            actor=secretariat,
            item=item,
            data={"kind": "decision", "text": "Admit Bangkok again."},
            effects=[EffectSpec(kind="admit_member", member=bangkok)],
        )
    assert not item.outcomes.exists()


def test_effects_need_the_secretariat_even_for_the_shepherd(personas):
    shepherd = personas["indonesia_nr"]  # Bina Adwil: Shepherd until 2027, organises network meetings
    candidate = make_candidate(personas["secretariat"])
    meeting = make_meeting(shepherd, start_date=date(2025, 6, 10))
    item = make_item(shepherd, meeting)
    with pytest.raises(PermissionDenied, match="Only the Secretariat"):
        services.record_outcome(
            actor=shepherd,
            item=item,
            data={"kind": "decision", "text": "Admit."},
            effects=[EffectSpec(kind="admit_member", member=candidate)],
        )
    assert not item.outcomes.exists()
    assert [e.status for e in events_of(candidate)] == ["candidate"]
    # Without the effect the Shepherd records the decision; the Secretariat then applies it.
    decision = services.record_outcome(actor=shepherd, item=item, data={"kind": "decision", "text": "Admit."})
    services.add_decision_effects(
        actor=personas["secretariat"], decision=decision, effects=[EffectSpec(kind="admit_member", member=candidate)]
    )
    assert [e.status for e in events_of(candidate)] == ["candidate", "member"]
    with pytest.raises(PermissionDenied):
        services.delete_outcome(actor=shepherd, outcome=decision)


def test_a_chair_handover_creates_the_role_term_and_deleting_the_decision_removes_it(personas):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat, title="9th ASCN Annual Meeting", start_date=date(2026, 10, 1))
    decision = services.record_outcome(
        actor=secretariat,
        item=make_item(secretariat, meeting, "Chair 2027"),
        data={"kind": "decision", "text": "Singapore chairs in 2027."},
        effects=[
            EffectSpec(
                kind="chair_handover",
                country=Country.objects.get(code="SG"),
                start=PartialDate.parse("2027"),
                end=PartialDate.parse("2027"),
            )
        ],
    )
    term = decision.effects.get().role_term
    assert (term.role, term.country.code, term.start_date, term.end_until) == (
        "chair",
        "SG",
        date(2027, 1, 1),
        date(2027, 12, 31),
    )
    assert RoleTerm.objects.held_on(date(2027, 6, 1)).filter(role="chair").get() == term
    services.delete_outcome(actor=secretariat, outcome=decision)
    assert not RoleTerm.objects.filter(pk=term.pk).exists()


def test_a_chair_handover_into_a_year_already_chaired_is_refused(personas):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat, start_date=date(2025, 9, 9))
    item = make_item(secretariat, meeting)
    with pytest.raises(ValidationError, match="already held"):
        services.record_outcome(
            actor=secretariat,
            item=item,
            data={"kind": "decision", "text": "Viet Nam chairs in 2026."},
            effects=[
                EffectSpec(
                    kind="chair_handover", country=Country.objects.get(code="VN"), start=PartialDate.parse("2026")
                )
            ],
        )
    assert not item.outcomes.exists()


def test_deleting_a_reference_decision_unlinks_the_registry_record_and_keeps_it(personas):
    decision = Outcome.objects.get(effects__membership_event__ref_key="event:chiang-mai:1")
    event = MembershipEvent.objects.get(ref_key="event:chiang-mai:1")
    services.delete_outcome(actor=personas["secretariat"], outcome=decision)
    assert MembershipEvent.objects.filter(pk=event.pk).exists()
    assert not DecisionEffect.objects.filter(membership_event=event).exists()


def test_changing_the_date_of_a_meeting_moves_the_admissions_it_decided(personas):
    secretariat = personas["secretariat"]
    candidate = make_candidate(secretariat)
    meeting = make_meeting(secretariat, start_date=date(2025, 6, 10), end_date=date(2025, 6, 10))
    services.record_outcome(
        actor=secretariat,
        item=make_item(secretariat, meeting),
        data={"kind": "decision", "text": "Admit."},
        effects=[EffectSpec(kind="admit_member", member=candidate)],
    )
    services.update_meeting(
        actor=secretariat,
        meeting=meeting,
        data={"start_date": date(2025, 7, 1), "end_date": date(2025, 7, 1), "title": "Renamed"},
    )
    event = events_of(candidate)[-1]
    assert (event.effective_date, event.decided_by) == (date(2025, 7, 1), "Renamed")
    shepherd = personas["indonesia_nr"]
    with pytest.raises(PermissionDenied, match="only the Secretariat"):
        services.update_meeting(actor=shepherd, meeting=meeting, data={"start_date": date(2025, 7, 2)})


def test_a_meeting_with_decisions_that_changed_the_registry_cannot_be_deleted(personas):
    meeting = Outcome.objects.get(effects__role_term__ref_key="role:chair-2026").agenda_item.meeting
    with pytest.raises(ValidationError, match="Delete those decisions first"):
        services.delete_meeting(actor=personas["secretariat"], meeting=meeting)


def test_open_action_items_of_a_series_come_back_on_its_next_meetings(personas):
    secretariat = personas["secretariat"]
    series = annual_series()
    ninth = make_meeting(secretariat, title="9th", kind="annual", series=series, start_date=date(2026, 10, 1))
    tenth = make_meeting(secretariat, title="10th", kind="annual", series=series, start_date=date(2027, 10, 1))
    eleventh = make_meeting(secretariat, title="11th", kind="annual", series=series, start_date=date(2028, 10, 1))
    item = make_item(secretariat, ninth, "Portal")
    open_one = make_action(secretariat, item, "Draft the portal's terms", due_date=date(2027, 3, 1))
    done_one = make_action(secretariat, item, "Circulate the minutes", status=ActionStatus.DONE)
    other = make_meeting(secretariat, title="A workshop", start_date=date(2026, 11, 1))
    make_action(secretariat, make_item(secretariat, other), "Not of the series")

    assert services.actions_for_review(ninth, None) == []
    assert services.actions_for_review(tenth, None) == [open_one]
    assert services.actions_for_review(eleventh, None) == [open_one]
    assert done_one not in services.actions_for_review(tenth, None)

    # Closed after the 10th meeting's day: it still was open then, but not on the 11th's.
    services.update_action(actor=secretariat, action=open_one, data={"status": ActionStatus.DONE})
    open_one.refresh_from_db()
    open_one.closed_on = date(2028, 1, 1)
    open_one.save(update_fields=["closed_on"])
    assert services.actions_for_review(tenth, None) == [open_one]
    assert services.actions_for_review(eleventh, None) == []


def test_action_items_from_restricted_meetings_stay_out_of_a_public_review(personas):
    secretariat = personas["secretariat"]
    series = annual_series()
    closed = make_meeting(
        secretariat, series=series, kind="annual", start_date=date(2026, 10, 1), visibility="restricted"
    )
    later = make_meeting(secretariat, series=series, kind="annual", start_date=date(2027, 10, 1))
    action = make_action(secretariat, make_item(secretariat, closed), "Confidential follow-up")
    assert services.actions_for_review(later, None) == []
    assert services.actions_for_review(later, secretariat) == [action]


def test_owners_may_change_the_status_only_and_others_nothing(personas):
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat)
    action = make_action(
        secretariat, make_item(secretariat, meeting), owner_organisation=personas["sumedang_officer"].organisation
    )
    officer = personas["sumedang_officer"]
    updated = services.update_action(actor=officer, action=action, data={"status": ActionStatus.IN_PROGRESS})
    assert updated.status == "in_progress"
    with pytest.raises(PermissionDenied, match="status only"):
        services.update_action(actor=officer, action=updated, data={"due_date": date(2030, 1, 1)})
    with pytest.raises(PermissionDenied):
        services.update_action(actor=personas["bangkok_officer"], action=updated, data={"status": "done"})
    services.add_comment(actor=officer, action=updated, text="Drafting with Bina Adwil.")
    assert updated.comments.get().author == officer


@pytest.mark.parametrize(
    ("persona", "scope", "country", "allowed"),
    [
        ("secretariat", "network", None, True),
        ("indonesia_nr", "network", None, True),  # as Shepherd
        ("thailand_nr", "network", None, False),
        ("thailand_nr", "national", "TH", True),
        ("thailand_nr", "national", "ID", False),
        ("indonesia_nr", "national", "ID", True),
        ("sumedang_officer", "network", None, False),
        ("partner", "network", None, False),
        ("anonymous", "network", None, False),
    ],
)
def test_who_may_create_which_meeting(personas, persona, scope, country, allowed):
    extra = {"scope": scope, "country": Country.objects.get(code=country) if country else None}
    if allowed:
        assert make_meeting(personas[persona], **extra).pk
    else:
        with pytest.raises(PermissionDenied):
            make_meeting(personas[persona], **extra)


def test_a_file_whose_content_is_not_what_its_extension_says_is_refused(personas, settings, tmp_path):
    settings.MEETING_FILES_DIR = tmp_path
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat)
    fake = SimpleUploadedFile("agenda.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="application/pdf")
    with pytest.raises(ValidationError, match="does not contain what its extension"):
        services.upload_document(actor=secretariat, meeting=meeting, upload=fake)
    exe = SimpleUploadedFile("run.exe", b"MZ" + b"0" * 100)
    with pytest.raises(ValidationError, match="not a file type"):
        services.upload_document(actor=secretariat, meeting=meeting, upload=exe)
    settings.MEETING_UPLOAD_MAX_BYTES = 50
    big = SimpleUploadedFile("notes.txt", b"a" * 51)
    with pytest.raises(ValidationError, match="at most"):
        services.upload_document(actor=secretariat, meeting=meeting, upload=big)
    assert not Document.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_good_file_is_stored_outside_the_web_root_and_removed_with_its_record(
    personas, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEETING_FILES_DIR = tmp_path
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat)
    upload = SimpleUploadedFile("Agenda draft.pdf", b"%PDF-1.4\n% test\n")
    document = services.upload_document(actor=secretariat, meeting=meeting, upload=upload)
    stored = tmp_path / document.stored_name
    assert stored.read_bytes() == b"%PDF-1.4\n% test\n"
    assert (document.title, document.original_name, document.file_type) == ("Agenda draft", "Agenda draft.pdf", "pdf")
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_document(actor=secretariat, document=document)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not stored.exists()


def test_a_series_numbers_each_meeting_once(personas):
    secretariat = personas["secretariat"]
    with pytest.raises(ValidationError, match="already has a meeting with this number"):
        make_meeting(secretariat, kind="annual", series=annual_series(), number=7, start_date=date(2024, 7, 31))
