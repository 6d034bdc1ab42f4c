# ruff: noqa: E501  (the template below is the partial's former loop, kept line for line)
"""The meetings table's rows written in Python (hub/meetings/rows.py) give, byte for byte, what the loop of
meetings/partials/meeting_rows.html gave: every meeting of the reference data and made ones (restricted, demo,
national, online, hybrid, with a host, markup in the title), in English and Bahasa Indonesia; and the list
page shows them."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from hub.meetings.models import Meeting
from hub.meetings.queries import fill_related
from hub.meetings.rows import meeting_rows
from hub.network.models import Country, Organisation
from tests.services.test_meetings_factories import make_meeting

pytestmark = pytest.mark.django_db

# The loop of meetings/partials/meeting_rows.html before it became {{ page_obj|meeting_rows }}.
LOOP = Template(
    """{% load i18n %}{% for m in page_obj %}
    <tr>
      <td class="date"><time datetime="{{ m.start_date|date:'Y-m-d' }}">{{ m.dates_display }}</time></td>
      <th scope="row"><a href="{{ m.get_absolute_url }}">{{ m.title }}</a>
        {% if m.is_restricted %}<span class="badge badge--restricted">{% translate "restricted" %}</span>{% endif %}
        {% if m.is_demo %}<span class="badge">{% translate "demo" %}</span>{% endif %}</th>
      <td>{{ m.get_kind_display|capfirst }}{% if m.is_national %}<span class="note">{% blocktranslate with country=m.country.label %}national meeting of {{ country }}{% endblocktranslate %}</span>{% endif %}</td>
      <td>{{ m.place_display|default:"—" }}</td>
      <td>{{ m.host_display|default:"—" }}</td>
    </tr>
  {% endfor %}"""
)


def made_meetings(personas) -> None:
    secretariat, thailand = personas["secretariat"], Country.objects.get(code="TH")
    indonesia = Country.objects.get(code="ID")
    make_meeting(secretariat, title='Rows & <markup> "quoted"', visibility="restricted", format="hybrid")
    make_meeting(
        secretariat,
        title="Demo one",
        is_demo=True,
        format="online",
        city="",
        venue_country=None,
        start_date=date(2025, 12, 31),
        end_date=date(2026, 1, 2),
    )
    make_meeting(
        personas["thailand_nr"],
        title="National coordination",
        kind="coordination",
        scope="national",
        country=thailand,
        venue="Hall <A>",
        city="Bangkok",
        venue_country=thailand,
        host_country=indonesia,
        host_organisation=Organisation.objects.first(),
    )


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_rows_written_in_python_are_the_templates(personas, language):
    made_meetings(personas)
    meetings = list(Meeting.objects.order_by("-start_date", "-pk"))
    meetings = fill_related(meetings)
    assert len(meetings) >= 4
    with translation.override(language):
        assert meeting_rows(meetings) == LOOP.render(Context({"page_obj": meetings}))


def test_the_list_page_shows_the_rows(client, personas):
    made_meetings(personas)
    client.force_login(personas["secretariat"])
    html = client.get("/meetings/").content.decode()
    assert "Rows &amp; &lt;markup&gt; &quot;quoted&quot;" in html
    assert '<span class="badge badge--restricted">restricted</span>' in html
    assert "national meeting of Thailand" in html


# The filter form's loops and the calendars of meetings/list.html before they came written in Python.
FORM = Template(
    """{% load i18n %}{% for value, label in kinds %}<option value="{{ value }}"{% if params.kind == value %} selected{% endif %}>{{ label|capfirst }}</option>{% endfor %}
{% for s in series_list %}<option value="{{ s.slug }}"{% if params.series == s.slug %} selected{% endif %}>{{ s.name }}</option>{% endfor %}
{% for c in countries %}<option value="{{ c.code }}"{% if params.country|upper == c.code %} selected{% endif %}>{{ c.label }}</option>{% endfor %}
{% for s in series_list %}<li><a href="{% url 'meetings:series' s.slug %}">{{ s.name }}</a> · <a href="{% url 'meetings:series_ics' s.slug %}">{% translate "calendar feed (iCalendar)" %}</a></li>{% endfor %}"""
)


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize(
    "params",
    [
        {"kind": "", "series": "", "country": ""},
        {"kind": "workshop", "series": "ascn-annual-meetings", "country": "id"},
        {"kind": "annual", "series": "nope", "country": "PH"},
    ],
)
def test_the_form_options_and_calendars_written_in_python_are_the_templates(language, params):
    from django.utils.text import capfirst

    from hub.meetings import rows
    from hub.meetings.models import MeetingKind, MeetingSeries

    series_list = list(MeetingSeries.objects.order_by("name"))
    series_list.append(MeetingSeries(slug="x-y", name='Series & <markup> "q"'))
    countries = list(Country.objects.all())
    with translation.override(language):
        written = "\n".join(
            [
                rows.options(((v, capfirst(label)) for v, label in MeetingKind.choices), params["kind"]),
                rows.options(((s.slug, s.name) for s in series_list), params["series"]),
                rows.options(((c.code, c.label) for c in countries), params["country"].upper()),
                rows.calendars(series_list),
            ]
        )
        context = {"kinds": MeetingKind.choices, "series_list": series_list, "countries": countries, "params": params}
        assert written == FORM.render(Context(context))
