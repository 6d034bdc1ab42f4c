"""Handover decisions end the term in force: one Chair (and one Shepherd) on any day, the previous term's end
at the new start's precision, and deleting the decision gives the previous end back or is refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hub.core.dates import PartialDate
from hub.core.models import ChangeEntry
from hub.meetings import services
from hub.meetings.models import DecisionEffect, Outcome
from hub.meetings.services import EffectSpec
from hub.network import services as registry
from hub.network.models import Country, RoleTerm
from tests.services.test_meetings_factories import make_item, make_meeting

pytestmark = pytest.mark.django_db


def hand_over(secretariat, *, day: date, code: str, start: str | None = None, kind: str = "chair_handover"):
    meeting = make_meeting(secretariat, title=f"Meeting of {day}", start_date=day)
    return services.record_outcome(
        actor=secretariat,
        item=make_item(secretariat, meeting, "Handover"),
        data={"kind": "decision", "text": f"{code} takes over."},
        effects=[
            EffectSpec(
                kind=kind,
                country=Country.objects.get(code=code),
                start=PartialDate.parse(start) if start else None,
            )
        ],
    )


def holders(role: str, day: date) -> list[str]:
    return sorted(RoleTerm.objects.held_on(day).filter(role=role).values_list("country__code", flat=True))


def end_of(term: RoleTerm) -> str:
    term.refresh_from_db()
    return term.end_display


@pytest.fixture
def singapore_open_ended(personas):
    """Singapore chairs from 2027 with no end: the 2026 Chair (the Philippines, until 2026) is left alone."""
    philippines = RoleTerm.objects.get(ref_key="role:chair-2026")
    decision = hand_over(personas["secretariat"], day=date(2026, 10, 1), code="SG", start="2027")
    effect = decision.effects.get()
    assert effect.ended_term is None
    assert end_of(philippines) == "2026"
    return effect.role_term


def test_a_handover_ends_the_open_ended_term_the_day_before_and_deleting_it_gives_the_end_back(
    personas, singapore_open_ended
):
    secretariat = personas["secretariat"]
    decision = hand_over(secretariat, day=date(2027, 9, 20), code="TH", start="2027-11-15")

    effect = decision.effects.get()
    assert effect.ended_term == singapore_open_ended
    assert (effect.ended_term_end_before, effect.ended_term_end_after) == ("", "2027-11-14")
    assert end_of(singapore_open_ended) == "2027-11-14"
    assert holders("chair", date(2027, 11, 14)) == ["SG"]
    assert holders("chair", date(2027, 11, 15)) == ["TH"]
    logged = ChangeEntry.objects.for_object(singapore_open_ended).filter(action="update").latest("pk")
    assert logged.changes["end_date"] == [None, "2027-11-14"]

    services.delete_outcome(actor=secretariat, outcome=decision)
    assert end_of(singapore_open_ended) == ""
    assert singapore_open_ended.end_precision == ""
    assert holders("chair", date(2028, 6, 1)) == ["SG"]
    assert not RoleTerm.objects.filter(role="chair", country__code="TH", start_date__year=2027).exists()
    restored = ChangeEntry.objects.for_object(singapore_open_ended).filter(action="update").latest("pk")
    assert restored.changes["end_date"] == ["2027-11-14", None]


@pytest.mark.parametrize(
    ("start", "ended", "last_day_of_the_old", "first_day_of_the_new"),
    [
        ("2027-11-15", "2027-11-14", date(2027, 11, 14), date(2027, 11, 15)),
        ("2027-11", "2027-10", date(2027, 10, 31), date(2027, 11, 1)),
        ("2028", "2027", date(2027, 12, 31), date(2028, 1, 1)),
    ],
)
def test_the_previous_term_ends_with_the_period_before_the_new_start_at_its_precision(
    personas, singapore_open_ended, start, ended, last_day_of_the_old, first_day_of_the_new
):
    hand_over(personas["secretariat"], day=date(2027, 9, 20), code="TH", start=start)
    assert end_of(singapore_open_ended) == ended
    assert holders("chair", last_day_of_the_old) == ["SG"]
    assert holders("chair", first_day_of_the_new) == ["TH"]


def test_a_term_with_a_later_end_is_shortened_and_gets_its_end_back(personas):
    secretariat = personas["secretariat"]
    indonesia = RoleTerm.objects.get(ref_key="role:shepherd-indonesia-2025")
    assert end_of(indonesia) == "2027"
    decision = hand_over(secretariat, day=date(2026, 9, 10), code="MY", start="2026-09", kind="shepherd_handover")
    assert end_of(indonesia) == "2026-08"
    assert holders("shepherd", date(2026, 8, 31)) == ["ID"]
    assert holders("shepherd", date(2026, 9, 1)) == ["MY"]
    services.delete_outcome(actor=secretariat, outcome=decision)
    assert end_of(indonesia) == "2027"
    assert indonesia.end_precision == "year"
    assert holders("shepherd", date(2026, 9, 1)) == ["ID"]


def test_a_handover_onto_a_term_that_starts_in_the_same_period_is_refused_and_nothing_is_written(personas):
    secretariat = personas["secretariat"]
    philippines = RoleTerm.objects.get(ref_key="role:chair-2026")
    meeting = make_meeting(secretariat, start_date=date(2025, 12, 1))
    item = make_item(secretariat, meeting)
    spec = EffectSpec(kind="chair_handover", country=Country.objects.get(code="VN"), start=PartialDate.parse("2026"))
    with pytest.raises(ValidationError, match="already held") as refused:
        services.record_outcome(actor=secretariat, item=item, data={"kind": "decision", "text": "VN."}, effects=[spec])
    assert "effect_start" in refused.value.message_dict
    assert not item.outcomes.exists()
    assert end_of(philippines) == "2026"


def test_an_open_ended_term_that_would_overlap_a_later_one_is_refused_and_the_earlier_end_stays(personas):
    secretariat = personas["secretariat"]
    malaysia = RoleTerm.objects.get(ref_key="role:chair-2025")
    meeting = make_meeting(secretariat, start_date=date(2025, 5, 20))
    item = make_item(secretariat, meeting)
    spec = EffectSpec(kind="chair_handover", country=Country.objects.get(code="VN"), start=PartialDate.parse("2025-06"))
    with pytest.raises(ValidationError, match="already held"):
        services.record_outcome(actor=secretariat, item=item, data={"kind": "decision", "text": "VN."}, effects=[spec])
    # Malaysia's end was shortened inside the refused transaction: it is 2025 again.
    assert end_of(malaysia) == "2025"
    assert holders("chair", date(2025, 7, 1)) == ["MY"]


def test_a_handover_where_two_terms_are_in_force_is_refused(personas):
    # The reference data has Singapore's Shepherd term until 2023-07 and Indonesia's from 2023-07.
    with pytest.raises(ValidationError, match="held by 2 terms"):
        hand_over(
            personas["secretariat"], day=date(2023, 7, 20), code="MY", start="2023-07-20", kind="shepherd_handover"
        )


def test_deleting_a_handover_whose_term_a_later_handover_ended_is_refused(personas, singapore_open_ended):
    secretariat = personas["secretariat"]
    first = DecisionEffect.objects.get(role_term=singapore_open_ended).decision
    hand_over(secretariat, day=date(2027, 9, 20), code="TH", start="2027-11-15")
    with pytest.raises(ValidationError, match="later handover"):
        services.delete_outcome(actor=secretariat, outcome=first)
    assert Outcome.objects.filter(pk=first.pk).exists()
    assert end_of(singapore_open_ended) == "2027-11-14"
    assert holders("chair", date(2027, 12, 1)) == ["TH"]


def test_deleting_a_handover_is_refused_when_the_ended_term_was_changed_since(personas, singapore_open_ended):
    secretariat = personas["secretariat"]
    decision = hand_over(secretariat, day=date(2027, 9, 20), code="TH", start="2027-11-15")
    registry.update_role_term(
        actor=secretariat, term=singapore_open_ended, data={"end_date": date(2027, 10, 1), "end_precision": "month"}
    )
    with pytest.raises(ValidationError, match="changed since"):
        services.delete_outcome(actor=secretariat, outcome=decision)
    assert Outcome.objects.filter(pk=decision.pk).exists()
    assert holders("chair", date(2027, 12, 1)) == ["TH"]
    assert end_of(singapore_open_ended) == "2027-10"


def test_taking_back_is_refused_when_the_old_end_would_overlap_a_term_added_since(personas, singapore_open_ended):
    secretariat = personas["secretariat"]
    decision = hand_over(secretariat, day=date(2027, 9, 20), code="TH", start="2027-11-15")
    # The Secretariat shortens Thailand's term and records Viet Nam for 2029 by hand.
    thailand = decision.effects.get().role_term
    registry.update_role_term(
        actor=secretariat, term=thailand, data={"end_date": date(2028, 1, 1), "end_precision": "year"}
    )
    registry.create_role_term(
        actor=secretariat,
        data={
            "role": "chair",
            "country": Country.objects.get(code="VN"),
            "start_date": date(2029, 1, 1),
            "start_precision": "year",
            "end_date": date(2029, 1, 1),
            "end_precision": "year",
            "source_note": "test",
        },
    )
    with pytest.raises(ValidationError, match="overlaps"):
        services.delete_outcome(actor=secretariat, outcome=decision)
    assert RoleTerm.objects.filter(pk=thailand.pk).exists()
    for day in (date(2027, 11, 14), date(2027, 11, 15), date(2029, 6, 1)):
        assert len(holders("chair", day)) == 1


def test_the_reference_chairs_are_one_a_day_and_no_reference_decision_ended_a_term():
    assert not DecisionEffect.objects.filter(ended_term__isnull=False).exists()
    expected = {2018: "SG", 2019: "TH", 2020: "VN", 2021: "BN", 2022: "KH", 2023: "ID", 2024: "LA", 2025: "MY"}
    for year, code in expected.items():
        for day in (date(year, 1, 1), date(year, 7, 1), date(year, 12, 31)):
            assert holders("chair", day) == [code]
    assert holders("chair", date(2026, 6, 1)) == ["PH"]
    assert RoleTerm.objects.get(ref_key="role:shepherd-indonesia").end_display == "2025"
    assert RoleTerm.objects.get(ref_key="role:shepherd-indonesia-2025").end_display == "2027"


def test_a_handover_may_end_in_the_month_the_next_term_starts(personas):
    """Month-precise boundaries touch, as in the registry's rule: the new term may end in the month a
    later term starts (each holds part of it), and nobody else holds the role in between."""
    secretariat = personas["secretariat"]
    registry.create_role_term(
        actor=secretariat,
        data={
            "role": "chair",
            "country": Country.objects.get(code="SG"),
            "start_date": date(2027, 7, 1),
            "start_precision": "month",
        },
    )
    meeting = make_meeting(secretariat, title="Handover meeting", start_date=date(2026, 12, 1))
    decision = services.record_outcome(
        actor=secretariat,
        item=make_item(secretariat, meeting, "Handover"),
        data={"kind": "decision", "text": "Malaysia chairs until Singapore takes over."},
        effects=[
            EffectSpec(
                kind="chair_handover",
                country=Country.objects.get(code="MY"),
                start=PartialDate.parse("2027-01"),
                end=PartialDate.parse("2027-07"),
            )
        ],
    )
    assert decision.effects.get().role_term.end_display == "2027-07"
    assert holders("chair", date(2027, 3, 1)) == ["MY"]
    assert holders("chair", date(2027, 8, 1)) == ["SG"]
