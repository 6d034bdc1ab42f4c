"""The search index follows every write in the write's transaction, and finds records by permission."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils.text import slugify

from hub.core.services import create_record, delete_record
from hub.monitoring import services as monitoring
from hub.projects import services as projects
from hub.projects.models import FocusArea, Project
from hub.search.engine import QueryError, search
from hub.search.models import SearchDocument
from tests.services.test_meetings_factories import make_item, make_meeting
from tests.services.test_monitoring_support import COMMAND, accepted, draft

pytestmark = pytest.mark.django_db


def titles(results) -> list[str]:
    return [hit.title for hit in results.items]


def kinds(q, **kwargs) -> set[str]:
    return {hit.kind for hit in search(q, **kwargs).items}


def make_project(title: str, description: str, *, member="sumedang", language="en", areas=("civic-social",)):
    from hub.network.models import Member

    project = create_record(
        Project,
        actor=COMMAND,
        data={
            "slug": slugify(title)[:100],
            "member": Member.objects.get(slug=member),
            "title": title,
            "description": description,
            "language": language,
        },
    )
    project.focus_areas.set(FocusArea.objects.filter(code__in=areas))
    return project


def test_the_reference_data_is_searchable_from_the_first_migrate():
    assert "member" in kinds("Sumedang")
    assert "project" in kinds("WA KEPO")


def test_search_in_english_with_stems():
    make_project("River gauge network", "Sensors measure water levels and warn residents before floods.")
    assert "River gauge network" in titles(search("flooding warnings"))


def test_search_in_indonesian_with_affixes():
    make_project(
        "Layanan aduan warga", "Pengaduan masyarakat ditangani dinas terkait dan dipantau pelapor.", language="id"
    )
    assert "Layanan aduan warga" in titles(search("mengadukan"))  # me-…-kan -> adu
    assert "Layanan aduan warga" in titles(search("pemantauan pengaduan"))


def test_search_across_languages_both_ways():
    make_project("Sistem peringatan banjir", "Sensor sungai mengirim peringatan dini kepada warga.", language="id")
    make_project("Waste bank", "Residents sort plastic waste and exchange recyclables for savings.")
    assert "Sistem peringatan banjir" in titles(search("flood warning"))  # English finds Indonesian
    assert "Waste bank" in titles(search("sampah plastik"))  # Indonesian finds English


def test_snippets_mark_matches_and_escape_the_text():
    make_project("Escaping test", "Flood <script>alert(1)</script> & warning for the river.")
    hit = next(h for h in search("flood").items if h.title == "Escaping test")
    assert "<mark>Flood</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet


def test_a_project_edit_changes_its_document_in_the_same_transaction(personas):
    project = make_project("Parking app", "Drivers find a free parking space.")
    projects.update_project(
        actor=personas["secretariat"],
        project=project,
        data={"title": "Bicycle sharing"},
        focus_areas=["built-infrastructure"],
    )
    assert "Bicycle sharing" in titles(search("bicycle"))
    assert not search("parking app").count or "Parking app" not in titles(search("parking app"))
    assert SearchDocument.objects.get(kind="project", object_id=project.pk).focus_areas == "|built-infrastructure|"


def test_a_rolled_back_write_leaves_the_index_as_it_was():
    with pytest.raises(RuntimeError), transaction.atomic():
        make_project("Ghost project", "Never committed.")
        raise RuntimeError
    assert search("ghost").count == 0


def test_updates_drafts_only_for_their_readers_then_public_when_accepted_and_private_again_when_reopened(personas):
    update = draft(personas, narrative="The drone survey of mangroves started.")
    assert search("mangroves", user=personas["sumedang_officer"]).count == 1
    assert search("mangroves", user=personas["indonesia_nr"]).count == 1
    assert search("mangroves", user=personas["bangkok_officer"]).count == 0
    assert search("mangroves", user=None).count == 0

    monitoring.edit_update(actor=personas["sumedang_officer"], update=update, data={"narrative": "Seagrass mapped."})
    assert search("mangroves", user=personas["sumedang_officer"]).count == 0
    assert search("seagrass", user=personas["sumedang_officer"]).count == 1

    update.delete()
    assert search("seagrass", user=personas["secretariat"]).count == 0


def test_an_accepted_update_is_public_and_a_reopened_one_private_again(personas):
    update = accepted(personas, narrative="Mangrove nurseries planted along the coast.")
    assert search("mangrove", user=None).count == 1
    monitoring.reopen(actor=personas["secretariat"], update=update, comment="Check the figures.")
    assert search("mangrove", user=None).count == 0
    assert search("mangrove", user=personas["sumedang_officer"]).count == 1


def test_a_deleted_update_leaves_the_index(personas):
    update = accepted(personas, narrative="Kelp farms for the fishers.")
    delete_record(update, actor=COMMAND)
    assert search("kelp", user=personas["secretariat"]).count == 0


def test_restricted_meetings_and_their_decisions_only_for_their_readers(personas):
    meeting = make_meeting(personas["secretariat"], title="Closed budget retreat", visibility="restricted")
    item = make_item(personas["secretariat"], meeting, title="Budget envelope")
    from hub.meetings import services as meetings

    meetings.record_outcome(
        actor=personas["secretariat"], item=item, data={"kind": "decision", "text": "The envelope is approved."}
    )
    assert kinds("envelope", user=personas["secretariat"]) == {"decision"}
    assert "meeting" in kinds("retreat", user=personas["secretariat"])
    for reader in (None, personas["partner"], personas["bangkok_officer"]):
        assert search("envelope", user=reader).count == 0
        assert search("retreat", user=reader).count == 0
    meetings.update_meeting(actor=personas["secretariat"], meeting=meeting, data={"visibility": "public"})
    assert kinds("envelope", user=None) == {"decision"}


def test_facets_count_under_the_other_filters():
    make_project("Flood pumps", "Pumps against floods.", areas=["safety-security"])
    make_project("Flood park", "A park that stores flood water.", member="bangkok", areas=["quality-environment"])
    results = search("flood", kind="project", country="TH")
    assert titles(results) == ["Flood park"]
    assert results.facets["country"]["ID"] >= 1  # the country facet ignores the country filter
    assert results.facets["kind"] == {"project": 1}
    assert search("flood", focus_area="safety-security").facets["focus_area"]["quality-environment"] >= 1


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "flood*",
        "NEAR(flood warning)",
        "-flood",
        "flood OR warning AND NOT x",
        "'; DROP TABLE search_searchdocument; --",
        "banjir ຂໍ້ມູນ น้ำท่วม 洪水",
        "x" * 499,
        "a\x00b",
        "^ : ( ) { } [ ] ~ * \\",
    ],
)
def test_bad_input_gives_a_result_never_an_error(query):
    make_project("Flood sensors", "Flood warning sensors.")
    results = search(query)
    assert results.count >= 0


@pytest.mark.parametrize("query", ["", "   ", "x" * 2000])
def test_empty_or_too_long_queries_get_a_message(query):
    with pytest.raises(QueryError):
        search(query)


def test_rebuildsearch_recreates_the_index():
    # A word no reference project uses (the M&E reports' projects include solar ones).
    project = make_project("Rebuilt project", "Heliostat street lights.")
    SearchDocument.objects.all().delete()
    assert search("heliostat").count == 0
    out = io.StringIO()
    call_command("rebuildsearch", stdout=out)
    assert "project:" in out.getvalue()
    assert SearchDocument.objects.filter(kind="project", object_id=project.pk).exists()
    assert search("heliostat").count == 1
    assert SearchDocument.objects.filter(kind="project").count() == Project.objects.count()
