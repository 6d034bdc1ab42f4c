# ruff: noqa: E501  (the templates below are the member page's former loops, kept line for line)
"""The member page's membership events and role terms written in Python (hub/network/member_rows.py) give, byte
for byte, what the loops of network/member.html gave: every member with events or terms (a bound, a decision,
alternatives, a current CSCO, alternates), signed out and for a keeper of the registry (edit links), in English
and Bahasa Indonesia."""

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from hub.network import views
from hub.network.member_rows import event_items, term_items
from hub.network.models import Member, Role

pytestmark = pytest.mark.django_db

LOAD = "{% load i18n hub registry_rows %}"
EVENTS = Template(
    LOAD
    + """    {% for event in events %}
    <li class="event">
      <p class="event__main"><span class="status status--{{ event.status }}">{{ event.get_status_display|capfirst }}</span>
        {% blocktranslate with day=event.effective_display %}from {{ day }}{% endblocktranslate %}
        {% if event.not_before %}<span class="bound">{% blocktranslate with bound=event.not_before_display %}(not before {{ bound }}: counted from then){% endblocktranslate %}</span>{% endif %}
        {% if event.decided_by %}<span class="decided">{% translate "Decided by:" %} <span lang="en">{{ event.decided_by }}</span></span>{% endif %}</p>
      {% decided_at event %}
      <p class="event__provenance">{% record_sources event True %}</p>
      {% record_alternatives event %}
      {% if rights.keep %}<p class="edit-link"><a href="{% url 'network:membership_edit' member.slug event.pk %}" aria-label="{% blocktranslate with event=event %}Edit {{ event }}{% endblocktranslate %}">{% translate "Edit" %}</a>{# edit_views #}</p>{% endif %}
    </li>
    {% endfor %}
"""
)
CSCO = Template(
    LOAD
    + """    {% for term in csco_terms %}
    <li>{% term_holder term %}
      {% if term.role == "csco_alternate" %}<span class="badge badge--muted">{% translate "alternate" %}</span>{% endif %}
      <span class="period">{{ term|period }}</span>
      {% if term.is_current %}<span class="badge">{% translate "current" %}</span>{% endif %}
      {% record_sources term %}
      {% record_alternatives term %}
      {% if rights.keep %}<a class="edit-link" href="{% url 'network:role_term_edit' term.pk %}" aria-label="{% blocktranslate with term=term.label %}Edit {{ term }}{% endblocktranslate %}">{% translate "Edit" %}</a>{% endif %}{# edit_views #}</li>
    {% endfor %}
"""
)
REPRESENTATIVES = Template(
    LOAD
    + """    {% for term in representatives %}
    <li>{% term_holder term %}
      {% if term.role == "nr_alternate" %}<span class="badge badge--muted">{% translate "alternate" %}</span>{% endif %}
      <span class="period">{{ term|period }}</span>
      {% record_sources term %}
      {% record_alternatives term %}</li>
    {% endfor %}
"""
)


def test_the_event_and_term_items_are_the_former_loops():
    today = timezone.localdate()
    compared = 0
    for member in Member.objects.select_related("country").order_by("pk"):
        events = views._MEMBER_EVENTS.list(member_id=member.pk)
        for event in events:
            event.member = member
        terms = views._MEMBER_TERMS.list(member_id=member.pk, country_id=member.country_id, day=today)
        csco = [t for t in terms if t.role in (Role.CSCO, Role.CSCO_ALTERNATE) and t.member_id == member.pk]
        for term in csco:
            term.is_current = term.is_held_on(today)
        nr = [t for t in terms if t.role in (Role.NATIONAL_REPRESENTATIVE, Role.NR_ALTERNATE)]
        for language in ("en", "id"):
            with translation.override(language):
                for keep in (False, True):
                    context = {
                        "events": events,
                        "member": member,
                        "rights": {"keep": keep},
                        "csco_terms": csco,
                        "representatives": nr,
                    }
                    # Each template is its loop between "    " and a newline, as in the page.
                    assert "    " + event_items(events, member, keep) + "\n" == EVENTS.render(Context(context))
                    assert "    " + term_items(csco, Role.CSCO_ALTERNATE, csco=True, keep=keep) + "\n" == CSCO.render(
                        Context(context)
                    )
                    assert "    " + term_items(nr, Role.NR_ALTERNATE) + "\n" == REPRESENTATIVES.render(Context(context))
                    compared += bool(events) + bool(csco) + bool(nr)
    assert compared > 20
