"""Governance: who holds each role on a date, and every role's history."""

import pytest

from tests.pages.helpers import held_by, text


@pytest.mark.django_db
def test_governance_on_2024_06_25(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/governance/", {"date": "2024-06-25"})
    assert response.status_code == 200
    assert held_by(response, "chair") == ["Lao PDR"]
    assert held_by(response, "shepherd") == ["Indonesia"]
    assert "Indonesia" in held_by(response, "national_representative")
    assert held_by(response, "secretariat")
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
    assert held_by(response, "chair") == ["Thailand"]
    assert held_by(response, "shepherd") == ["Singapore"]


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["yesterday", "2024-02-30", "2024-13-01", "25/06/2024"])
def test_bad_date_gets_a_clear_message_not_a_server_error(client, bad):
    response = client.get("/governance/", {"date": bad})
    assert response.status_code == 400
    html = text(response)
    assert 'role="alert"' in html
    assert "YYYY-MM-DD" in html
    assert f'value="{bad}"' in html


@pytest.mark.django_db
def test_rows_follow_a_write_and_the_readers_right_to_edit(client, personas):
    """The history rows are written again when a term changes, and edit links go to the Secretariat only,
    whoever read the page before."""
    from hub.network import services
    from hub.network.models import RoleTerm

    assert "edit-link" not in text(client.get("/governance/"))
    keeper = client.__class__()
    keeper.force_login(personas["secretariat"])
    assert 'class="edit-link"' in text(keeper.get("/governance/"))
    assert "edit-link" not in text(client.get("/governance/"))
    term = RoleTerm.objects.get(ref_key="role:chair-2026")
    services.update_role_term(actor=personas["secretariat"], term=term, data={"note": "Handed over at the summit"})
    assert "Handed over at the summit" in text(client.get("/governance/"))
    assert "Handed over at the summit" in text(keeper.get("/governance/"))
