"""The member page's open challenges written in Python (hub/exchange/member_rows.py) give, byte for byte, the
list items the template loop gave: odd titles, several kinds of help wanted or none, in English and Bahasa
Indonesia."""

import pytest
from django.template import Context, Template
from django.utils import translation

from hub.exchange.member_rows import challenge_items
from hub.exchange.models import Challenge
from tests.services.test_exchange_support import make_challenge, officer_of

pytestmark = pytest.mark.django_db

# The loop of exchange/partials/member_challenges.html before it became {{ items }}.
OLD = Template(
    '{% load i18n %}{% for c in challenges %}<li><a href="{{ c.get_absolute_url }}">{{ c.title }}</a> '
    '<span class="help">({{ c.get_severity_display }}{% if c.help_wanted_labels %}; {% translate "wants" %} '
    '{{ c.help_wanted_labels|join:", " }}{% endif %})</span></li>{% endfor %}'
)


def test_the_challenge_items_are_the_former_template_loop():
    officer = officer_of("sumedang")
    make_challenge(officer, title="<b>Floods</b> & \"drains\" 'here'", severity=1)
    make_challenge(officer, title="No help wanted", wants_knowledge=False, severity=2)
    make_challenge(officer, title="Everything", wants_partner=True, wants_funding=True, severity=3)
    challenges = list(Challenge.objects.order_by("pk"))
    assert len(challenges) >= 3
    for language in ("en", "id"):
        with translation.override(language):
            assert str(challenge_items(challenges)) == OLD.render(Context({"challenges": challenges}))


def test_the_member_page_shows_them(client):
    officer = officer_of("sumedang")
    challenge = make_challenge(officer, title="Tidal <floods>")
    Challenge.objects.filter(pk=challenge.pk).update(published=True)  # public: the signed-out reader sees it
    html = client.get("/members/sumedang/").content.decode()
    assert f'<a href="/challenges/{challenge.pk}/">Tidal &lt;floods&gt;</a>' in html
