"""The challenges register in the one search (hub/search/providers.py): a challenge reads as a document of
kind "challenge", found by everyone once published and by its member's people while a draft (the app's own
``Challenge.objects.visible_to``, so search keeps no second rule)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hub.exchange.models import Challenge
from hub.search.providers import Doc, DocumentProvider, registry


class ChallengeProvider(DocumentProvider):
    kind = "challenge"
    label = _("Challenges")
    model = Challenge

    def queryset(self):
        return Challenge.objects.select_related("member__country").prefetch_related("focus_areas")

    def document(self, c: Challenge) -> Doc:
        return Doc(
            title=c.title,
            body=c.text,
            language=c.language,
            country=c.member.country.code,
            focus_areas=[fa.code for fa in c.focus_areas.all()],
            status=c.status,
            member_id=c.member_id,
            url=c.get_absolute_url(),
            public=c.published,
            is_demo=c.is_demo,
            extra_terms=c.member.name,
        )


registry.register(ChallengeProvider(), m2m=[Challenge.focus_areas.through])
