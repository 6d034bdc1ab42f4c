"""Governance: who holds each role on a date, and every role's history."""

import pytest

from tests.pages.helpers import text


def holders(response, role):
    return [terms for value, _, terms in response.context["held"] if value == role][0]


@pytest.mark.django_db
def test_governance_on_2024_06_25(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/governance/", {"date": "2024-06-25"})
    assert response.status_code == 200
    assert [t.holder_name for t in holders(response, "chair")] == ["Lao PDR"]
    assert [t.holder_name for t in holders(response, "shepherd")] == ["Indonesia"]
    assert "Indonesia" in {t.country.name for t in holders(response, "national_representative")}
    assert holders(response, "secretariat")
    html = text(response)
    held = html[html.index('id="held-title"') : html.index('id="history-title"')]
    assert "Role holders on 2024-06-25" in held
    assert "Lao PDR" in held
    assert 'value="2024-06-25"' in html


@pytest.mark.django_db
def test_indonesia_shepherd_readings_all_show(client):
    html = text(client.get("/governance/"))
    history = html[html.index('id="history-shepherd"') :]
    history = history[: history.index("</table>")]
    # The first term (2023-07 – 2025) and the re-election (2025 – 2027) are terms; Antara's 2024–2026 a reading.
    assert "2023-07 – 2025" in history and "2025 – 2027" in history
    assert '<strong>Other reading:</strong> <span lang="en">2024–2026' in history
    assert "Singapore" in history


@pytest.mark.django_db
def test_governance_defaults_to_today(client):
    response = client.get("/governance/")
    assert response.status_code == 200
    assert response.context["day"] == response.context["today"]


@pytest.mark.django_db
def test_chair_in_2019_was_thailand(client):
    response = client.get("/governance/", {"date": "2019-08-22"})
    assert [t.holder_name for t in holders(response, "chair")] == ["Thailand"]
    assert [t.holder_name for t in holders(response, "shepherd")] == ["Singapore"]


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["yesterday", "2024-02-30", "2024-13-01", "25/06/2024"])
def test_bad_date_gets_a_clear_message_not_a_server_error(client, bad):
    response = client.get("/governance/", {"date": bad})
    assert response.status_code == 400
    html = text(response)
    assert 'role="alert"' in html
    assert "YYYY-MM-DD" in html
    assert f'value="{bad}"' in html
