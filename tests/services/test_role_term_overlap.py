"""One holder a day for the Chair, the Shepherd and each country's National Representative, kept by the
registry's writes (hub.network.services.create_role_term / update_role_term); a CSCO may be several."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hub.core.dates import PartialDate
from hub.core.models import ChangeEntry
from hub.network import services
from hub.network.models import Country, Member, Organisation, RoleTerm

pytestmark = pytest.mark.django_db


def term_data(role: str, code: str | None, start: str | None, end: str | None = None, **extra) -> dict:
    data = {"role": role, "country": Country.objects.get(code=code) if code else None, "source_note": "test"}
    for name, text in (("start", start), ("end", end)):
        value = PartialDate.parse(text) if text else None
        data[f"{name}_date"] = value.first_day if value else None
        data[f"{name}_precision"] = value.precision if value else ""
    return {**data, **extra}


def holders(role: str, day: date, code: str | None = None) -> list[str]:
    terms = RoleTerm.objects.held_on(day).filter(role=role)
    if code:
        terms = terms.filter(country__code=code)
    return sorted(terms.values_list("country__code", flat=True))


def reference(key: str) -> RoleTerm:
    return RoleTerm.objects.get(ref_key=f"role:{key}")


def writes() -> tuple[int, int]:
    return RoleTerm.objects.count(), ChangeEntry.objects.count()


def messages(exc: pytest.ExceptionInfo, field: str) -> str:
    return " ".join(exc.value.message_dict[field])


@pytest.fixture
def secretariat(personas):
    return personas["secretariat"]


@pytest.fixture
def singapore_from_2027(secretariat):
    """Singapore chairs from 2027 with no end: it starts after the Philippines' 2026, so nothing is ended."""
    term = services.create_role_term(actor=secretariat, data=term_data("chair", "SG", "2027"), end_previous=True)
    assert reference("chair-2026").end_display == "2026"
    return term


# --- the reference data keeps the rule ------------------------------------------------------------


def test_no_reference_term_clashes_and_the_july_2023_shepherd_handover_is_kept_as_the_sources_say():
    for term in RoleTerm.objects.filter(ref_key__isnull=False).select_related("country", "organisation", "person"):
        assert services.clashing_terms(term) == [], term
    singapore, indonesia = reference("shepherd-singapore"), reference("shepherd-indonesia")
    assert (singapore.end_display, indonesia.start_display) == ("2023-07", "2023-07")
    # Both in force in July 2023: the sources date the handover to the month; neither term was cut.
    assert holders("shepherd", date(2023, 7, 15)) == ["ID", "SG"]
    assert holders("shepherd", date(2023, 6, 30)) == ["SG"]
    assert len(holders("shepherd", date(2023, 8, 1))) == 1


def test_same_period_boundaries_touch_but_a_term_of_the_same_single_period_overlaps(secretariat):
    # Viet Nam from 2027 (a year): Indonesia's second term ends "2027", a handover within that year, not an overlap.
    vietnam = services.create_role_term(actor=secretariat, data=term_data("shepherd", "VN", "2027"))
    assert reference("shepherd-indonesia-2025").end_display == "2027"
    assert services.clashing_terms(vietnam) == []
    # A second "2026 – 2026" Chair touches nothing: neither began before 2026.
    before = writes()
    with pytest.raises(ValidationError) as exc:
        services.create_role_term(actor=secretariat, data=term_data("chair", "TH", "2026", "2026"), end_previous=True)
    assert "Chair: Philippines (2026)" in messages(exc, "start_date")
    assert writes() == before


# --- creating: end the term in force, or refuse ---------------------------------------------------


def test_a_new_chair_ends_the_open_ended_term_the_day_before_and_the_change_is_logged(secretariat, singapore_from_2027):
    thailand = services.create_role_term(
        actor=secretariat, data=term_data("chair", "TH", "2027-11-15"), end_previous=True, via="api"
    )
    singapore_from_2027.refresh_from_db()
    assert singapore_from_2027.end_display == "2027-11-14"
    assert holders("chair", date(2027, 11, 14)) == ["SG"]
    assert holders("chair", date(2027, 11, 15)) == ["TH"]
    ended = ChangeEntry.objects.for_object(singapore_from_2027).latest("pk")
    assert (ended.action, ended.via, ended.note) == ("update", "api", "ended by the new term from 2027-11-15")
    assert ended.changes["end_date"] == [None, "2027-11-14"]
    assert ChangeEntry.objects.for_object(thailand).get().action == "create"


def test_declining_to_end_the_term_in_force_refuses_naming_it_and_writes_nothing(secretariat, singapore_from_2027):
    before = writes()
    with pytest.raises(ValidationError) as exc:
        services.create_role_term(actor=secretariat, data=term_data("chair", "TH", "2027-11-15"))
    message = messages(exc, "start_date")
    assert "Chair: Singapore (2027 – …)" in message and "2027-11-14" in message
    assert writes() == before
    singapore_from_2027.refresh_from_db()
    assert singapore_from_2027.end_date is None and singapore_from_2027.version == 1


def test_a_month_start_ends_the_previous_term_with_the_month_before(secretariat):
    services.create_role_term(actor=secretariat, data=term_data("shepherd", "TH", "2026-01"), end_previous=True)
    indonesia = reference("shepherd-indonesia-2025")
    assert (indonesia.end_display, indonesia.end_precision) == ("2025-12", "month")
    # Indonesia's two terms (2023-07 – 2025, re-elected 2025 – 2027) meet in 2025, the year the sources give.
    assert holders("shepherd", date(2025, 12, 31)) == ["ID", "ID"]
    assert holders("shepherd", date(2026, 1, 1)) == ["TH"]


@pytest.mark.parametrize(
    ("start", "end", "named"),
    [
        # overlaps Malaysia 2025 and the Philippines 2026: ending one term would not be enough
        ("2025-06", "2026-06", ["Chair: Malaysia (2025)", "Chair: Philippines (2026)"]),
        # starts before Singapore's 2018 term, which cannot end before it began
        ("2017-06", "2018-06", ["Chair: Singapore (2018)"]),
    ],
)
def test_a_term_that_ending_one_term_cannot_fit_is_refused_naming_what_it_overlaps(secretariat, start, end, named):
    before = writes()
    with pytest.raises(ValidationError) as exc:
        services.create_role_term(actor=secretariat, data=term_data("chair", "TH", start, end), end_previous=True)
    for term in named:
        assert term in messages(exc, "start_date")
    assert writes() == before


def test_a_national_representative_is_one_per_country(secretariat):
    body = Organisation.objects.get(slug="kemendagri-bina-adwil")
    data = term_data("national_representative", "ID", "2027-01", organisation=body)
    with pytest.raises(ValidationError) as exc:
        services.create_role_term(actor=secretariat, data=data)
    assert "National Representative: Directorate General of Regional Administration (? – …)" in messages(
        exc, "start_date"
    )
    # Another country's National Representative is another seat: Lao PDR's term, known in force on
    # 2026-01-31 with no start, is ended; Indonesia's is untouched.
    other = term_data("national_representative", "LA", "2027-01", organisation=body)
    assert services.create_role_term(actor=secretariat, data=other, end_previous=True).pk
    assert reference("nr-lao-pdr").end_display == "2026-12"
    assert reference("nr-indonesia").end_date is None
    services.create_role_term(actor=secretariat, data=data, end_previous=True)
    assert reference("nr-indonesia").end_display == "2026-12"
    assert len(holders("national_representative", date(2027, 1, 1), "ID")) == 1


def test_cscos_and_the_secretariat_may_be_several(secretariat):
    sumedang = Member.objects.get(slug="sumedang")
    for slug in ("gov-sumedang", "kemendagri-bina-adwil"):
        data = term_data("csco", "ID", "2025", member=sumedang, organisation=Organisation.objects.get(slug=slug))
        services.create_role_term(actor=secretariat, data=data)
    assert len(RoleTerm.objects.held_on(date(2025, 6, 1)).filter(role="csco", member=sumedang)) == 2
    body = Organisation.objects.get(slug="gov-sumedang")
    services.create_role_term(actor=secretariat, data=term_data("secretariat", None, "2025", organisation=body))
    assert len(RoleTerm.objects.held_on(date(2025, 6, 1)).filter(role="secretariat")) == 2


def test_only_the_secretariat_adds_terms(personas):
    with pytest.raises(PermissionDenied):
        services.create_role_term(actor=personas["indonesia_nr"], data=term_data("chair", "SG", "2030"))


# --- editing: refuse an overlap, leave other edits alone ----------------------------------------


def test_moving_dates_into_another_term_is_refused_on_the_field_changed(secretariat):
    malaysia = reference("chair-2025")
    before = writes()
    with pytest.raises(ValidationError) as exc:
        services.update_role_term(actor=secretariat, term=malaysia, data={"end_date": date(2026, 3, 1)})
    assert "Chair: Philippines (2026)" in messages(exc, "end_date")
    with pytest.raises(ValidationError) as exc:
        services.update_role_term(
            actor=secretariat, term=malaysia, data={"start_date": date(2024, 1, 1), "start_precision": "month"}
        )
    assert "Chair: Lao PDR (2024)" in messages(exc, "start_date")
    assert writes() == before
    malaysia.refresh_from_db()
    assert (malaysia.period_display, malaysia.version) == ("2025", 1)


def test_moving_a_national_representative_to_a_country_that_has_one_is_refused(secretariat):
    thailand = reference("nr-thailand")
    with pytest.raises(ValidationError) as exc:
        services.update_role_term(actor=secretariat, term=thailand, data={"country": Country.objects.get(code="ID")})
    assert "National Representative: Directorate General of Regional Administration (? – …)" in messages(exc, "country")
    assert reference("nr-thailand").country.code == "TH"


def test_edits_that_keep_the_seat_and_dates_pass_and_the_shepherds_month_boundary_can_move(secretariat):
    updated = services.update_role_term(actor=secretariat, term=reference("chair-2019"), data={"note": "Bangkok"})
    assert updated.note == "Bangkok"
    # Indonesia's first end moves (to a year before its re-election): its start still touches Singapore's end.
    indonesia = reference("shepherd-indonesia")
    services.update_role_term(actor=secretariat, term=indonesia, data={"end_date": date(2024, 1, 1)})
    assert reference("shepherd-indonesia").end_display == "2024"
    # Moving Singapore's end past July 2023 makes the two overlap.
    with pytest.raises(ValidationError) as exc:
        services.update_role_term(
            actor=secretariat, term=reference("shepherd-singapore"), data={"end_date": date(2023, 9, 1)}
        )
    assert "Shepherd: Indonesia (2023-07 – 2024)" in messages(exc, "end_date")


def test_end_offer_reads_what_a_new_term_would_end(secretariat, singapore_from_2027):
    offer = services.end_offer(term_data("chair", "TH", "2028-03"))
    assert (offer.term, str(offer.end)) == (singapore_from_2027, "2028-02")
    assert offer.token == f"{singapore_from_2027.pk}-v1-2028-02"
    assert services.end_offer(term_data("chair", "TH", "2017-06", "2018-06")) is None
    assert services.end_offer(term_data("csco", None, "2020")) is None
