"""Proof that stays: schemathesis sends generated requests to every operation of /api/v1/openapi.json, as an
anonymous reader and with a read-write token of the Secretariat; no answer may be a server error, and every
answer must match the schema it documents.

Marked ``fuzz`` and left out of ``make test``: ``make fuzz`` runs it (FUZZ_EXAMPLES examples per operation
and caller, 25 unless set), on SQLite or on PostgreSQL with DATABASE_URL. Each request runs in a savepoint
that is rolled back, so one request's writes never make the next one's data.
"""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from hub.accounts.tokens import create_token
from tests.personas import make_user

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))


# Read at collection: the OpenAPI document is fixed at start-up and reading it touches no database (the public
# cache, which reads the data version first, is off for this one request).
with override_settings(PUBLIC_CACHE=False):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: a request's end must not close the connection that holds the test's data."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def callers(db) -> dict[str, dict[str, str]]:
    user = make_user("ascn@asean.example", "asean-secretariat-connectivity-division", password=None)
    token = create_token(user=user, name="fuzz", can_write=True)[1]
    return {"anonymous": {}, "read-write token": {"Authorization": "Bearer " + token}}


@schema.parametrize()
@pytest.mark.parametrize("caller", ["anonymous", "read-write token"])
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_answers_match_the_schema(case, caller, callers):
    headers = callers[caller]
    # A real client sends a path percent-encoded (a server's WSGI layer hands it over as latin-1 bytes); the
    # in-process transport would otherwise put characters beyond latin-1 raw into PATH_INFO, which no server does.
    if case.path_parameters:
        case.path_parameters = {
            name: quote(value, safe="") if isinstance(value, str) else value
            for name, value in case.path_parameters.items()
        }
    with transaction.atomic():
        response = case.call(headers=headers)
        transaction.set_rollback(True)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
