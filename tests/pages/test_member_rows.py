# ruff: noqa: E501  (the template below is the member page's former partial, kept line for line)
"""The member page's projects and meetings written in Python (hub/meetings/member_rows.py) give, byte for byte,
the markup the template loops gave over model instances: the same text, links, escaping and translations,
for a member with odd titles, a demo project, several focus areas and an accepted update, members without
projects, signed out and signed in, in English and Bahasa Indonesia."""

import pytest
from django.db.models import CharField, Q, Subquery
from django.template import Context, Template
from django.utils import timezone, translation

from hub.meetings.models import Delegation, Meeting
from hub.monitoring.selectors import _latest_accepted, annotate_public_progress
from hub.network.models import Member
from hub.projects.models import Project, ProjectStatus
from tests.pages.test_projects_rows import make_edge_projects
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

# monitoring/partials/member_work.html before its loops became {{ project_rows }}, {{ upcoming }} and {{ past }}.
OLD = Template(
    """{% load i18n monitoring_tags %}{# The member page's projects and meetings (meetings/templatetags/member_work.py). #}
<section id="member-projects" aria-labelledby="member-projects-title">
  <h2 id="member-projects-title">{% translate "Projects" %}</h2>
  {% if demo_projects %}<p class="demo-flag">{% blocktranslate count counter=demo_projects trimmed %}One project here is made-up demo data.{% plural %}{{ counter }} projects here are made-up demo data.{% endblocktranslate %}</p>{% endif %}
  {% if projects %}
  <div class="table-scroll" role="region" aria-labelledby="member-projects-caption" tabindex="0">
  <table class="data-table">
    <caption id="member-projects-caption">{% blocktranslate with member=member.name %}Projects of {{ member }}, with their latest accepted status and progress{% endblocktranslate %}</caption>
    <thead><tr><th scope="col">{% translate "Project" %}</th><th scope="col">{% translate "Focus areas" %}</th><th scope="col">{% translate "Status" %}</th><th scope="col">{% translate "Progress" %}</th><th scope="col">{% translate "Latest accepted update" %}</th></tr></thead>
    <tbody>
    {% for p in projects %}
      <tr><th scope="row"><a href="{{ p.get_absolute_url }}">{{ p.title }}</a>{% if p.is_demo %} <span class="badge">{% translate "demo" %}</span>{% endif %}</th>
        <td>{% for f in p.focus_areas.all %}{{ f.label }}{% if not forloop.last %}, {% endif %}{% endfor %}</td>
        <td>{{ p.public_status_label|capfirst }}</td>
        <td>{% include "monitoring/partials/progress.html" with value=p.public_progress %}</td>
        <td>{% if p.latest_update_id %}<a href="{% url 'monitoring:update' p.latest_update_id %}">{{ p.latest_update_label|cycle_label }}</a>{% else %}{% translate "none accepted yet" %}{% endif %}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  </div>
  {% else %}<p class="empty">{% translate "No project is recorded for this member yet." %}</p>{% endif %}
  <p><a href="{% url 'projects:list' %}?member={{ member.slug }}">{% blocktranslate with member=member.name %}{{ member }}'s projects in the catalogue{% endblocktranslate %}</a> ·
    <a href="{% url 'monitoring:member' member.slug %}">{% blocktranslate with member=member.name %}Monitoring & evaluation of {{ member }}{% endblocktranslate %}</a></p>
</section>

<section id="member-meetings" aria-labelledby="member-meetings-title">
  <h2 id="member-meetings-title">{% translate "Meetings" %}</h2>
  {% if upcoming or past %}
  {% if upcoming %}<h3>{% translate "Coming" %}</h3>
  <ul class="link-list">{% for m in upcoming %}<li><a href="{{ m.get_absolute_url }}">{{ m.title }}</a> <span class="help">— <time datetime="{{ m.start_date|date:'Y-m-d' }}">{{ m.start_date|date:"Y-m-d" }}</time>{% if m.city %}, {{ m.city }}{% endif %}</span></li>{% endfor %}</ul>{% endif %}
  {% if past %}<h3>{% translate "Held" %}</h3>
  <ul class="link-list">{% for m in past %}<li><a href="{{ m.get_absolute_url }}">{{ m.title }}</a> <span class="help">— <time datetime="{{ m.start_date|date:'Y-m-d' }}">{{ m.start_date|date:"Y-m-d" }}</time>{% if m.city %}, {{ m.city }}{% endif %}</span></li>{% endfor %}</ul>{% endif %}
  {% if more_meetings %}<p><a href="{% url 'meetings:list' %}">{% translate "All meetings" %}</a></p>{% endif %}
  {% else %}<p class="empty">{% translate "No meeting with this member taking part or on its agenda is recorded." %}</p>{% endif %}
</section>
"""
)


def old_context(member, user) -> dict:
    """What the former ``{% member_work %}`` gave its template: model instances."""
    latest = _latest_accepted()
    projects = list(
        annotate_public_progress(Project.objects.visible_to(user).filter(member=member))
        .annotate(
            latest_update_id=Subquery(latest.values("pk")[:1]),
            latest_update_label=Subquery(latest.values("cycle__slug")[:1], output_field=CharField()),
        )
        .prefetch_related("focus_areas")
        .order_by("title", "pk")
    )
    names = dict(ProjectStatus.choices)
    for project in projects:
        project.public_status_label = names.get(project.public_status, project.public_status)
    today = timezone.localdate()
    taking_part = Delegation.objects.filter(member=member).values("meeting_id")
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(Q(pk__in=taking_part) | Q(agenda_items__members=member))
        .distinct()
        .order_by("-start_date", "-pk")
    )
    shown = list(meetings[:8])
    return {
        "member": member,
        "projects": projects,
        "demo_projects": sum(1 for p in projects if p.is_demo),
        "upcoming": sorted((m for m in shown if m.end_date >= today), key=lambda m: m.start_date),
        "past": [m for m in shown if m.end_date < today],
        "more_meetings": len(shown) == 8,
        "today": today,
    }


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("persona", ["anonymous", "secretariat", "sumedang_officer"])
def test_member_work_matches_the_template_loops(client, personas, language, persona):
    make_edge_projects(personas)
    user = personas[persona]
    if user is not None:
        assert client.login(username=user.email, password=PASSWORD)
    client.cookies["django_language"] = language
    seen = ""
    for slug in ["sumedang", "singapore", "bangkok", "chiang-mai", *Member.objects.values_list("slug", flat=True)[:6]]:
        member = Member.objects.get(slug=slug)
        html = client.get(f"/members/{slug}/").content.decode()
        with translation.override(language):
            expected = OLD.render(Context(old_context(member, user)))
        assert expected in html
        seen += expected
    if language == "en":
        assert "&lt;b&gt;&quot;Quoted&quot; &amp; &#x27;odd&#x27;&lt;/b&gt; lighting" in seen
        assert '<progress max="100" value="100"' in seen and '<span class="badge">demo</span>' in seen
        assert "none accepted yet" in seen and 'href="/monitoring/updates/' in seen
        assert "Civic &amp; Social, Safety &amp; Security, Industry &amp; Innovation" in seen
        assert '<time datetime="' in seen
