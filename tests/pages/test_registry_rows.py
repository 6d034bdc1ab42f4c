# ruff: noqa: E501  (the templates below are the page's former loops, kept line for line)
"""The registry rows written in Python (hub/network/rows.py) give the markup the templates gave: the same
text, links, language attributes, escaping and translations, for every role term of the reference data, in
English and Bahasa Indonesia, for visitors and for the Secretariat (edit links), with a meeting decision, a
private meeting, sources, notes and other readings (reviewers' markup, not the whitespace, is compared)."""

import re
from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from hub.network import rows
from hub.network.governance import _GOVERNANCE_UNREAD
from hub.network.models import Member, MemberKind, MembershipEvent, MembershipStatus, RoleTerm
from hub.network.views import DECIDED_AT, _country_choices
from tests.services.test_meetings_factories import make_item, make_meeting

pytestmark = pytest.mark.django_db

# The loops of network/governance.html before they became {% held_items %} and {% history_rows %}.
HELD = Template(
    """{% load i18n hub %}{% for term in terms %}
<li>{% if role == "chair" or role == "shepherd" %}<a href="{{ term.country.get_absolute_url }}">{{ term.holder_label }}</a>{% if term.organisation %} <span class="body">({{ term.organisation.name }})</span>{% endif %}
  {% elif role == "national_representative" or role == "nr_alternate" %}<a href="{{ term.country.get_absolute_url }}">{{ term.country.label }}</a>: {% include "network/partials/term_holder.html" %}
  {% elif role == "csco" or role == "csco_alternate" %}<a href="{{ term.member.get_absolute_url }}">{{ term.member.name }}</a>: {% include "network/partials/term_holder.html" %}
  {% else %}{{ term.holder_label }}{% endif %}
  <span class="period">{{ term|period }}</span>
  {% if term.alternatives %}<a class="disputed" href="#history-{{ role }}">{% translate "dates disputed, see history" %}</a>{% endif %}
</li>
{% endfor %}"""
)
HISTORY = Template(
    """{% load i18n hub %}{% for term in terms %}
<tr{% if term.is_current %} class="is-current"{% endif %}>
  <th scope="row">{% if role == "csco" and term.member or role == "csco_alternate" and term.member %}<a href="{{ term.member.get_absolute_url }}">{{ term.member.name }}</a>: {{ term.holder_label }}{% elif role == "chair" or role == "shepherd" %}<a href="{{ term.country.get_absolute_url }}">{{ term.holder_label }}</a>{% else %}{{ term.holder_label }}{% endif %}
    {% if term.is_current %}<span class="badge">{% if day == today %}{% translate "current" %}{% else %}{% translate "in force" %}{% endif %}</span>{% endif %}</th>
  <td>{% if term.country %}<a href="{{ term.country.get_absolute_url }}">{{ term.country.label }}</a>{% elif term.member %}<a href="{{ term.member.country.get_absolute_url }}">{{ term.member.country.label }}</a>{% else %}—{% endif %}</td>
  <td lang="en">{% if term.organisation and term.organisation.name != term.holder_name %}{{ term.organisation.name }}{% if term.person %}; {% endif %}{% endif %}{% if term.person and term.person.name != term.holder_name %}{{ term.person.name }}{% if term.person.position %}, {{ term.person.position }}{% endif %}{% endif %}</td>
  <td>{{ term|period }}
    {% if term.decided_by %}<span class="decided">{% translate "Decided by:" %} <span lang="en">{{ term.decided_by }}</span></span>{% endif %}
    {% include "meetings/partials/decided_at.html" with record=term %}
    {% if term.note %}<span class="note" lang="en">{{ term.note }}</span>{% endif %}
    {% include "partials/alternatives.html" with record=term %}
    {% if rights.keep %}<a class="edit-link" href="{% url 'network:role_term_edit' term.pk %}" aria-label="{% blocktranslate with term=term.label %}Edit {{ term }}{% endblocktranslate %}">{% translate "Edit" %}</a>{% endif %}</td>
  <td>{% include "partials/sources.html" with record=term %}</td>
</tr>
{% endfor %}"""
)
SOURCES = Template('{% include "partials/sources.html" with record=record show_note=show_note %}')


def same(html) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


def decide(secretariat, client, *, visibility):
    """A Chair handover decided at a meeting: the new term links to the decision."""
    meeting = make_meeting(secretariat, title="Chairs & <handover>", visibility=visibility)
    item = make_item(secretariat, meeting, "Chair")
    client.force_login(secretariat)
    response = client.post(
        f"/meetings/items/{item.pk}/outcomes/new/",
        {
            "kind": "decision",
            "text": "Viet Nam chairs from 1 July 2026.",
            "effect_kind": "chair_handover",
            "effect_country": RoleTerm.objects.get(ref_key="role:chair-2026").country.pk,
            "effect_start": "2026-07-01",
            "effect_end": "2026",
        },
    )
    assert response.status_code == 302


@pytest.mark.parametrize("visibility", ["public", "restricted"])
@pytest.mark.parametrize("language", ["en", "id"])
def test_governance_rows_match_the_templates(client, personas, language, visibility):
    decide(personas["secretariat"], client, visibility=visibility)
    # Markup and quotes in the free text must come out escaped the same way.
    RoleTerm.objects.filter(ref_key="role:chair-2026").update(note='Held <b>"jointly"</b> & more')
    terms = list(RoleTerm.objects.all().with_related().select_related(DECIDED_AT).defer(*_GOVERNANCE_UNREAD))
    assert any(getattr(t, "decision_effect", None) for t in terms)
    assert any(t.alternatives for t in terms) and any(t.person for t in terms)
    today, day = date(2026, 12, 2), date(2024, 6, 25)
    with translation.override(language):
        for on in (today, day):
            for term in terms:
                term.is_current = term.is_held_on(on)
            for keep in (False, True):
                writer = rows.GovernanceRows(day_is_today=on == today, can_edit=keep)
                for role in {t.role for t in terms}:
                    of_role = [t for t in terms if t.role == role]
                    context = {"role": role, "terms": of_role, "day": on, "today": today, "rights": {"keep": keep}}
                    assert same(writer.history(role, of_role)) == same(HISTORY.render(Context(context)))
                    held = [t for t in of_role if t.is_current]
                    assert same(writer.held(role, held)) == same(HELD.render(Context({**context, "terms": held})))


@pytest.mark.parametrize("language", ["en", "id"])
def test_sources_with_their_note_match_the_partial(language):
    records = [*Member.objects.all(), *MembershipEvent.objects.all()]
    assert any(r.source_note for r in records)
    with translation.override(language):
        for record in records:
            for show_note in (False, True):
                expected = SOURCES.render(Context({"record": record, "show_note": show_note}))
                assert same(rows.sources(record, show_note=show_note)) == same(expected)


# The loops of network/members.html before they became {% member_rows %} and {% options %}.
MEMBER_ROWS = Template(
    """{% load i18n hub %}{% for m in members %}
<tr>
  <th scope="row"><a href="{{ m.get_absolute_url }}">{{ m.name }}</a></th>
  <td>{{ m.local_name }}</td>
  <td>{{ m.get_kind_display }}</td>
  <td><a href="{{ m.country.get_absolute_url }}">{{ m.country.label }}</a></td>
  <td class="date">{% if m.joined_date %}<time datetime="{{ m.joined_date|partial:m.joined_precision }}">{{ m.joined_date|partial:m.joined_precision }}</time>{% else %}—{% endif %}</td>
  <td>{% if m.status_on %}<span class="status status--{{ m.status_on }}">{{ m.status_on|status_label }}</span>{% else %}<span class="status">{% translate "not yet" %}</span>{% endif %}</td>
</tr>
{% endfor %}"""
)
OPTIONS = Template(
    """{% for value, label in choices %}<option value="{{ value }}"{% if selected == value %} selected{% endif %}>{{ label }}</option>{% endfor %}"""
)


@pytest.mark.parametrize("language", ["en", "id"])
def test_member_rows_match_the_template(language):
    # A name to escape, and a day on which some members had no status yet.
    Member.objects.filter(slug="sumedang").update(name='Sumedang <"&">', local_name="Kabupaten <Sumedang>")
    with translation.override(language):
        for day in (date(2026, 12, 2), date(2019, 1, 1)):
            members = list(Member.objects.select_related("country").with_status(day).with_join().order_by("name"))
            assert any(m.status_on is None for m in members) == (day.year == 2019)
            expected = MEMBER_ROWS.render(Context({"members": members}))
            assert same(rows.member_rows(members)) == same(expected)
        for choices in (MemberKind.choices, MembershipStatus.choices, _country_choices()):
            for selected in ("", choices[1][0], "nonsense"):
                expected = OPTIONS.render(Context({"choices": choices, "selected": selected}))
                assert rows.options(choices, selected) == expected


ALTERNATIVES = Template('{% include "partials/alternatives.html" with record=record %}')
DECIDED = Template('{% include "meetings/partials/decided_at.html" with record=record %}')
HOLDER = Template('{% include "network/partials/term_holder.html" %}')


@pytest.mark.parametrize("language", ["en", "id"])
def test_member_page_partials_match(language):
    records = [*Member.objects.all(), *MembershipEvent.objects.select_related(DECIDED_AT)]
    assert any(r.alternatives for r in records)
    terms = list(RoleTerm.objects.with_related())
    with translation.override(language):
        for record in records:
            assert same(rows.alternatives(record)) == same(ALTERNATIVES.render(Context({"record": record})))
        for event in records[len(Member.objects.all()) :]:
            assert same(rows.decided_at(event)) == same(DECIDED.render(Context({"record": event})))
        for term in terms:
            assert same(rows.term_holder(term)) == same(HOLDER.render(Context({"term": term})))
