"""The challenges register through its services: who writes what, and challenges from accepted updates."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hub.core.models import ChangeEntry
from hub.core.services import Conflict
from hub.exchange import services
from hub.exchange.models import Challenge
from hub.monitoring import services as monitoring
from tests.services.test_exchange_support import make_challenge, member
from tests.services.test_monitoring_support import accepted, bangkok_project, open_cycle, wa_kepo

pytestmark = pytest.mark.django_db


def test_an_officer_posts_a_challenge_of_its_own_member_only(personas):
    challenge = make_challenge(personas["sumedang_officer"])
    assert challenge.member.slug == "sumedang" and not challenge.published
    assert [fa.code for fa in challenge.focus_areas.all()] == ["quality-environment"]
    assert challenge.help_wanted == ["knowledge"]
    assert challenge.created_by == personas["sumedang_officer"]
    assert ChangeEntry.objects.for_object(challenge).filter(action="create").exists()
    for persona in ("bangkok_officer", "indonesia_nr", "secretariat", "partner"):
        with pytest.raises(PermissionDenied):
            make_challenge(personas[persona])
    assert Challenge.objects.count() == 1


def test_bad_input_is_refused_with_field_messages_and_nothing_written(personas):
    with pytest.raises(ValidationError) as refused:
        make_challenge(personas["sumedang_officer"], focus_areas=["no-such-area"], title="")
    assert {"focus_areas", "title"} <= set(refused.value.message_dict)
    with pytest.raises(ValidationError) as refused:
        make_challenge(personas["sumedang_officer"], project=bangkok_project())
    assert "project" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_challenge(personas["sumedang_officer"], status="solved")
    assert "solution" in refused.value.message_dict
    assert Challenge.objects.count() == 0


def test_drafts_are_read_by_the_officers_their_nr_and_the_network_roles_only(personas):
    challenge = make_challenge(personas["sumedang_officer"])
    readers = {name for name, user in personas.items() if Challenge.objects.visible_to(user).filter(pk=challenge.pk)}
    assert readers == {"sumedang_officer", "indonesia_nr", "secretariat"}
    services.update_challenge(actor=personas["sumedang_officer"], challenge=challenge, data={"published": True})
    assert Challenge.objects.visible_to(None).filter(pk=challenge.pk).exists()


def test_nr_and_secretariat_classify_but_do_not_rewrite(personas):
    challenge = make_challenge(personas["sumedang_officer"])
    for persona in ("indonesia_nr", "secretariat"):
        challenge = services.update_challenge(
            actor=personas[persona],
            challenge=challenge,
            data={"severity": 4, "wants_funding": True},
            focus_areas=["quality-environment", "built-infrastructure"],
        )
        with pytest.raises(PermissionDenied):
            services.update_challenge(actor=personas[persona], challenge=challenge, data={"title": "Other"})
    assert challenge.severity == 4 and challenge.help_wanted == ["knowledge", "funding"]
    assert {fa.code for fa in challenge.focus_areas.all()} == {"quality-environment", "built-infrastructure"}
    for persona in ("thailand_nr", "bangkok_officer", "partner"):
        with pytest.raises(PermissionDenied):
            services.update_challenge(actor=personas[persona], challenge=challenge, data={"severity": 1})


def test_a_stale_edit_is_refused(personas):
    challenge = make_challenge(personas["sumedang_officer"])
    services.update_challenge(actor=personas["sumedang_officer"], challenge=challenge, data={"severity": 1})
    with pytest.raises(Conflict):
        services.update_challenge(
            actor=personas["indonesia_nr"], challenge=challenge, data={"severity": 2}, expected_version=1
        )


def test_a_solved_challenge_says_by_what(personas):
    challenge = make_challenge(personas["sumedang_officer"])
    solved = services.update_challenge(
        actor=personas["sumedang_officer"],
        challenge=challenge,
        data={"status": "solved", "solved_by_project": wa_kepo()},
    )
    assert solved.status == "solved" and solved.solved_by_project == wa_kepo()


def test_the_challenges_of_an_accepted_update_become_a_public_challenge(personas):
    update = accepted(personas, challenges="- Few elderly citizens use the online services\n- Patchy signal")
    challenge = Challenge.objects.get(source_update=update)
    assert challenge.published and challenge.status == "open"
    assert challenge.title == "Few elderly citizens use the online services"
    assert challenge.member == member("sumedang") and challenge.project == update.project
    assert {fa.code for fa in challenge.focus_areas.all()} == {fa.code for fa in update.project.focus_areas.all()}
    assert Challenge.objects.visible_to(None).filter(pk=challenge.pk).exists()
    assert ChangeEntry.objects.for_object(challenge).first().actor_label == "ascn@asean.example"


def test_an_update_without_challenges_makes_none(personas):
    update = accepted(personas, challenges="  ")
    assert not Challenge.objects.filter(source_update=update).exists()


def test_reopening_withdraws_it_and_accepting_again_brings_it_back_with_its_classification(personas):
    update = accepted(personas)
    challenge = Challenge.objects.get(source_update=update)
    challenge = services.update_challenge(
        actor=personas["indonesia_nr"], challenge=challenge, data={"severity": 4, "wants_partner": True}
    )
    update = monitoring.reopen(actor=personas["secretariat"], update=update, comment="Check the figures.")
    challenge.refresh_from_db()
    assert challenge.status == "withdrawn" and not challenge.published
    assert not Challenge.objects.visible_to(None).filter(pk=challenge.pk).exists()
    assert Challenge.objects.visible_to(personas["sumedang_officer"]).filter(pk=challenge.pk).exists()

    update = monitoring.edit_update(
        actor=personas["sumedang_officer"], update=update, data={"challenges": "Message analytics are missing."}
    )
    update = monitoring.submit(actor=personas["sumedang_officer"], update=update)
    update = monitoring.endorse(actor=personas["indonesia_nr"], update=update)
    update = monitoring.accept(actor=personas["secretariat"], update=update)
    challenge.refresh_from_db()
    assert Challenge.objects.filter(source_update=update).count() == 1
    assert challenge.published and challenge.status == "open"
    assert challenge.text == "Message analytics are missing."
    assert challenge.severity == 4 and challenge.wants_partner  # the classification stays


def test_a_failing_challenge_write_undoes_the_acceptance(personas, monkeypatch):
    from hub.exchange import from_updates

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(from_updates, "create_record", broken)
    with pytest.raises(RuntimeError):
        accepted(personas, cycle=open_cycle())
    update = wa_kepo().progress_updates.get()
    assert update.state == "endorsed"  # the acceptance and the challenge are one transaction
