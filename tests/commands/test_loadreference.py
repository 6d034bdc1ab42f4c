"""The reference loader: idempotent, updates in place, and refuses a bad file whole with its lines."""

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from hub.network.models import Country, Member, MembershipEvent, Organisation, Person, RoleTerm

pytestmark = pytest.mark.django_db

MODELS = [Country, Member, MembershipEvent, Organisation, Person, RoleTerm]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def load(directory: Path | None = None) -> str:
    out = io.StringIO()
    args = ["--dir", str(directory)] if directory else []
    call_command("loadreference", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(settings.REFERENCE_DATA_DIR, target, ignore=shutil.ignore_patterns("geo", "*.md"))
    return target


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence and return its line number (1-based)."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:index].count("\n") + 1


def test_the_dataset_is_loaded_and_every_record_has_a_source():
    assert Member.objects.count() == 38
    assert Country.objects.count() == 11
    for model in MODELS:
        for obj in model.objects.all():
            assert obj.sources or obj.source_note, f"{model.__name__} {obj.pk} has no source"
            assert obj.confidence in {"high", "medium", "low"}


def test_reloading_changes_nothing():
    before = counts()
    output = load()
    assert counts() == before
    for line in output.strip().splitlines():
        assert " 0 created, 0 updated," in line, line


def test_a_changed_record_is_updated_in_place(data_copy):
    replace_once(data_copy / "members.yaml", "name: Sumedang", "name: Sumedang Regency")
    before = counts()
    output = load(data_copy)
    assert counts() == before
    assert "members.yaml: 0 created, 1 updated" in output
    assert Member.objects.get(slug="sumedang").name == "Sumedang Regency"


def test_a_bad_record_is_reported_with_its_line_and_nothing_of_the_file_is_loaded(data_copy):
    members = data_copy / "members.yaml"
    replace_once(members, "name: Sumedang", "name: Renamed Sumedang")
    bad_line = replace_once(members, "kind: regency", "kind: village")
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="problem"):
        call_command("loadreference", "--dir", str(data_copy), stdout=io.StringIO(), stderr=err)
    assert f"data/members.yaml:{bad_line}:" in err.getvalue() or f"members.yaml:{bad_line}:" in err.getvalue()
    assert "'village' is not one of" in err.getvalue()
    assert counts() == before
    assert Member.objects.get(slug="sumedang").name == "Sumedang"


def test_every_problem_of_a_file_is_reported(data_copy):
    role_terms = data_copy / "role_terms.yaml"
    first = replace_once(role_terms, "role: chair", "role: king")
    text = role_terms.read_text(encoding="utf-8")
    role_terms.write_text(
        text + "\n- key: broken\n  role: chair\n  country: XX\n  start: 2030\n  end: 2029\n"
        "  confidence: high\n  sources: [not-an-address]\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(data_copy), stdout=io.StringIO(), stderr=err)
    report = err.getvalue()
    assert f"role_terms.yaml:{first}: 'role': 'king' is not one of" in report
    assert "no country with key 'XX'" in report
    assert "comes before 'start'" in report
    assert "'not-an-address' is not a web address" in report


def test_invalid_yaml_gives_its_line(data_copy):
    people = data_copy / "people.yaml"
    people.write_text("- key: a\n  name: [unclosed\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(data_copy), stdout=io.StringIO(), stderr=err)
    assert "people.yaml:" in err.getvalue()
    assert "not valid YAML" in err.getvalue()


def test_duplicate_keys_and_unknown_fields_are_refused(data_copy):
    countries = data_copy / "countries.yaml"
    countries.write_text(
        countries.read_text(encoding="utf-8")
        + "\n- code: ID\n  name: Indonesia again\n  colour: red\n  confidence: high\n  source_note: test\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(data_copy), stdout=io.StringIO(), stderr=err)
    assert "key 'ID' is used twice" in err.getvalue()
    assert Country.objects.filter(name="Indonesia again").count() == 0


def test_a_removed_membership_event_is_removed_on_reload(data_copy):
    members = data_copy / "members.yaml"
    text = members.read_text(encoding="utf-8")
    assert MembershipEvent.objects.filter(member__slug="dili").count() == 1
    # Give Dili a withdrawn event, then take it out again: the event follows the file both ways.
    start = text.index("key: dili")
    membership = text.index("membership:", start)
    indent = text.rfind("\n", 0, membership)
    spaces = " " * (membership - indent - 1)
    extra = (
        f"\n{spaces}  - status: withdrawn\n{spaces}    date: 2026-10\n{spaces}    confidence: low\n"
        f"{spaces}    source_note: test only"
    )
    members.write_text(text[: membership + len("membership:")] + extra + text[membership + len("membership:") :])
    load(data_copy)
    assert MembershipEvent.objects.filter(member__slug="dili").count() == 2
    members.write_text(text, encoding="utf-8")
    load(data_copy)
    assert MembershipEvent.objects.filter(member__slug="dili").count() == 1


def test_a_record_edited_in_the_hub_is_kept_on_reload(data_copy, personas):
    from hub.core.models import ChangeEntry
    from hub.network import services

    sumedang = Member.objects.get(slug="sumedang")
    services.update_member(actor=personas["secretariat"], member=sumedang, data={"website": "https://edited.example"})
    replace_once(data_copy / "members.yaml", "name: Sumedang", "name: Sumedang Regency")
    output = load(data_copy)
    assert "1 kept as edited in the hub" in output
    sumedang.refresh_from_db()
    assert sumedang.website == "https://edited.example"
    assert sumedang.name == "Sumedang"
    assert ChangeEntry.objects.for_object(sumedang).first().actor_label == personas["secretariat"].email


def test_an_impossible_date_is_reported_with_its_line(data_copy):
    line = replace_once(data_copy / "role_terms.yaml", "start: 2018-04", "start: 2018-04-35")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(data_copy), stdout=io.StringIO(), stderr=err)
    assert f"role_terms.yaml:{line}: 'start': '2018-04-35' is not a real date" in err.getvalue()
