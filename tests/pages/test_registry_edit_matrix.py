"""The permission matrix of the registry's write pages: every persona × every write page × GET and POST.

Allowed: the form shows (GET) and the save succeeds and is logged with before and after (POST).
Denied: 403 (anonymous visitors are sent to sign in), and nothing changes: no record, no log entry.

The Shepherd's person belongs to Kemendagri's Bina Adwil, which is both the Shepherd (2023-07 – 2027)
and Indonesia's National Representative (no end). "After the term" is 2 January 2028: the Shepherd
rights are gone, the National Representative's remain (see also test_rights_end_with_the_term).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from hub.accounts.permissions import scope_for
from hub.core import changelog
from hub.core.models import ChangeEntry
from hub.network.forms import CountryForm, MemberForm, MembershipEventForm, OrganisationForm, RoleTermForm
from hub.network.models import Country, Member, MembershipEvent, Organisation, RoleTerm
from tests.personas import PERSONAS, make_user

AFTER_SHEPHERD_TERM = dt.date(2028, 1, 2)

CAST = {
    **PERSONAS,
    "shepherd_during": ("shepherd@kemendagri.example", "kemendagri-bina-adwil"),
    "shepherd_after": ("shepherd.after@kemendagri.example", "kemendagri-bina-adwil"),
}
PERSONA_NAMES = ["anonymous", *CAST]

SUMEDANG_EDITORS = {"sumedang_officer", "indonesia_nr", "secretariat", "shepherd_during", "shepherd_after"}
BANGKOK_EDITORS = {"bangkok_officer", "thailand_nr", "secretariat"}
SECRETARIAT = {"secretariat"}


def form_payload(form_class, instance, **changes) -> dict[str, str]:
    """What the edit form posts back when opened on ``instance`` and changed as given."""
    values = {**form_class(instance=instance).initial, **changes}
    return {name: "" if value is None else str(value) for name, value in values.items()}


def member_payload(member: Member, **changes) -> dict[str, str]:
    return form_payload(MemberForm, member, **changes)


def sumedang() -> Member:
    return Member.objects.get(slug="sumedang")


def sumedang_event() -> MembershipEvent:
    return MembershipEvent.objects.filter(member__slug="sumedang").order_by("pk").first()


def chair_2018() -> RoleTerm:
    return RoleTerm.objects.get(ref_key="role:chair-2018")


@dataclass
class WritePage:
    name: str
    model: type
    url: Callable[[], str]
    payload: Callable[[], dict[str, str]]
    allowed: set[str]
    action: str  # create, update or delete
    field: str | None = None  # a field whose change the log must show
    after: Any = None  # its value after the write
    target: Callable[[], Any] | None = None  # the record updated or deleted


PAGES = [
    WritePage(
        "member_edit_sumedang",
        Member,
        lambda: reverse("network:member_edit", args=["sumedang"]),
        lambda: member_payload(sumedang(), summary="Edited in the permission matrix."),
        SUMEDANG_EDITORS,
        "update",
        "summary",
        "Edited in the permission matrix.",
        sumedang,
    ),
    WritePage(
        "member_edit_bangkok",
        Member,
        lambda: reverse("network:member_edit", args=["bangkok"]),
        lambda: member_payload(Member.objects.get(slug="bangkok"), local_name="Krung Thep Maha Nakhon"),
        BANGKOK_EDITORS,
        "update",
        "local_name",
        "Krung Thep Maha Nakhon",
        lambda: Member.objects.get(slug="bangkok"),
    ),
    WritePage(
        "member_add",
        Member,
        lambda: reverse("network:member_add"),
        lambda: {
            "slug": "matrix-city",
            "name": "Matrix City",
            "kind": "city",
            "country": str(Country.objects.get(code="ID").pk),
            "latitude": "-6.9",
            "longitude": "107.6",
            "sources": "https://example.org/matrix-city",
            "confidence": "medium",
        },
        SECRETARIAT,
        "create",
        "slug",
        "matrix-city",
    ),
    WritePage(
        "membership_add",
        MembershipEvent,
        lambda: reverse("network:membership_add", args=["sumedang"]),
        lambda: {
            "status": "withdrawn",
            "effective": "2027-03",
            "decided_by": "A matrix meeting",
            "sources": "https://example.org/decision",
            "confidence": "high",
            "source_note": "",
        },
        SECRETARIAT,
        "create",
        "effective_date",
        "2027-03-01",
    ),
    WritePage(
        "membership_edit",
        MembershipEvent,
        lambda: reverse("network:membership_edit", args=["sumedang", sumedang_event().pk]),
        lambda: form_payload(MembershipEventForm, sumedang_event(), decided_by="8th ASCN Annual Meeting"),
        SECRETARIAT,
        "update",
        "decided_by",
        "8th ASCN Annual Meeting",
        sumedang_event,
    ),
    WritePage(
        "membership_delete",
        MembershipEvent,
        lambda: reverse("network:membership_delete", args=["sumedang", sumedang_event().pk]),
        lambda: {"version": str(sumedang_event().version)},
        SECRETARIAT,
        "delete",
        "status",
        None,
        sumedang_event,
    ),
    WritePage(
        "role_term_add",
        RoleTerm,
        lambda: reverse("network:role_term_add"),
        lambda: {
            # a year no Chair holds yet: one Chair a day (tests/pages/test_role_term_overlap_pages.py)
            "role": "chair",
            "country": str(Country.objects.get(code="SG").pk),
            "start": "2031",
            "end": "2031",
            "decided_by": "13th ASCN Annual Meeting",
            "note": "",
            "sources": "https://example.org/chair-2031",
            "confidence": "medium",
        },
        SECRETARIAT,
        "create",
        "start_date",
        "2031-01-01",
    ),
    WritePage(
        "role_term_edit",
        RoleTerm,
        lambda: reverse("network:role_term_edit", args=[chair_2018().pk]),
        lambda: form_payload(RoleTermForm, chair_2018(), note="Edited in the permission matrix."),
        SECRETARIAT,
        "update",
        "note",
        "Edited in the permission matrix.",
        chair_2018,
    ),
    WritePage(
        "role_term_delete",
        RoleTerm,
        lambda: reverse("network:role_term_delete", args=[chair_2018().pk]),
        lambda: {"version": str(chair_2018().version)},
        SECRETARIAT,
        "delete",
        "role",
        None,
        chair_2018,
    ),
    WritePage(
        "organisation_add",
        Organisation,
        lambda: reverse("network:organisation_add"),
        lambda: {
            "name": "Matrix Partner Foundation",
            "slug": "matrix-partner",
            "kind": "partner",
            "website": "example.org",
            "confidence": "low",
        },
        SECRETARIAT,
        "create",
        "website",
        "https://example.org",
    ),
    WritePage(
        "organisation_edit",
        Organisation,
        lambda: reverse("network:organisation_edit", args=["adb"]),
        lambda: form_payload(OrganisationForm, Organisation.objects.get(slug="adb"), short_name="AsDB"),
        SECRETARIAT,
        "update",
        "short_name",
        "AsDB",
        lambda: Organisation.objects.get(slug="adb"),
    ),
    WritePage(
        "country_edit",
        Country,
        lambda: reverse("network:country_edit", args=["th"]),
        lambda: form_payload(CountryForm, Country.objects.get(code="TH"), local_name="ราชอาณาจักรไทย"),
        SECRETARIAT,
        "update",
        "local_name",
        "ราชอาณาจักรไทย",
        lambda: Country.objects.get(code="TH"),
    ),
]


@pytest.fixture
def as_persona(client, monkeypatch):
    """Sign the test client in as the named persona (created here; passwords are not needed)."""

    def sign_in(name: str):
        if name == "shepherd_after":
            monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: AFTER_SHEPHERD_TERM)
        if name == "anonymous":
            return None
        email, organisation = CAST[name]
        user = make_user(email, organisation, password=None)
        client.force_login(user)
        return user

    return sign_in


def _state(page: WritePage):
    target = page.target() if page.target else None
    return (
        ChangeEntry.objects.count(),
        page.model.objects.count(),
        (changelog.snapshot(target), target.version) if target is not None else None,
    )


def _assert_refused(response, persona: str):
    if persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    else:
        assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_get_form(client, as_persona, persona, page):
    url = page.url()
    as_persona(persona)
    response = client.get(url)
    if persona in page.allowed:
        assert response.status_code == 200
        html = response.content.decode()
        assert 'method="post"' in html
        if page.target is not None:
            assert f'name="version" value="{page.target().version}"' in html
    else:
        _assert_refused(response, persona)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_post(client, as_persona, persona, page):
    url, payload = page.url(), page.payload()
    target_pk = page.target().pk if page.target else None
    before = _state(page)
    user = as_persona(persona)
    response = client.post(url, payload)
    if persona not in page.allowed:
        _assert_refused(response, persona)
        assert _state(page) == before, "a refused write changed something"
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ChangeEntry.objects.order_by("-pk").first()
    assert ChangeEntry.objects.count() == before[0] + 1
    assert entry.action == page.action
    assert entry.actor == user and entry.actor_label == user.email and entry.via == "page"
    assert entry.content_type.model_class() is page.model
    if target_pk is not None:
        assert entry.object_id == str(target_pk)
    old, new = entry.changes[page.field]
    if page.action == "update":
        assert new == page.after and old != new
        assert old == before[2][0][page.field]
    elif page.action == "create":
        assert old is None and new == page.after
        assert page.model.objects.count() == before[1] + 1
    else:
        assert old is not None and new is None
        assert not page.model.objects.filter(pk=target_pk).exists()


@pytest.mark.django_db
def test_shepherd_persona_is_shepherd_during_the_term_only(as_persona, monkeypatch):
    during = as_persona("shepherd_during")
    assert scope_for(during).shepherd and scope_for(during).nr_country_ids
    after = as_persona("shepherd_after")
    assert not scope_for(after).shepherd
    assert scope_for(after).nr_country_ids, "the National Representative term has no end"


def test_matrix_size():
    cells = len(PERSONA_NAMES) * len(PAGES) * 2
    assert (len(PERSONA_NAMES), len(PAGES), cells) == (9, 12, 216)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_secretariat_desk_is_for_the_secretariat(client, as_persona, persona):
    as_persona(persona)
    response = client.get(reverse("network:registry"))
    if persona in SECRETARIAT:
        assert response.status_code == 200
    else:
        _assert_refused(response, persona)
