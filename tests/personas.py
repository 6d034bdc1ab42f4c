"""The cast of the tests: named personas, each a user in a real organisation of the reference data.

Rights come from the registry (hub.accounts.permissions), so a persona is only "an e-mail in an
organisation"; what it may do follows from the role terms in force.
"""

from __future__ import annotations

import pytest

from hub.accounts.models import User
from hub.network.models import Organisation

PASSWORD = "correct horse battery staple 42"

PERSONAS = {
    # persona name: (e-mail, organisation key)
    "sumedang_officer": ("officer@sumedang.example", "gov-sumedang"),
    "bangkok_officer": ("officer@bangkok.example", "gov-bangkok"),
    # Indonesia's National Representative (Kemendagri's Bina Adwil) is also the Shepherd (2023-07 – 2025, 2025 – 2027).
    "indonesia_nr": ("nr@kemendagri.example", "kemendagri-bina-adwil"),
    "thailand_nr": ("nr@mdes.example", "th-mdes"),
    "secretariat": ("ascn@asean.example", "asean-secretariat-connectivity-division"),
    "partner": ("cities@adb.example", "adb"),
}


def make_user(email: str, organisation_key: str | None = None, *, password: str = PASSWORD, **extra) -> User:
    organisation = Organisation.objects.get(slug=organisation_key) if organisation_key else None
    return User.objects.create_user(email, password, organisation=organisation, name=email.split("@")[0], **extra)


def make_persona(name: str) -> User:
    email, organisation_key = PERSONAS[name]
    return make_user(email, organisation_key)


@pytest.fixture
def personas(db) -> dict[str, User | None]:
    """Every persona by name; ``anonymous`` is None."""
    cast = {name: make_persona(name) for name in PERSONAS}
    cast["anonymous"] = None
    return cast
