"""Helpers the exchange tests share (no tests here): challenges and requests made through the services."""

from __future__ import annotations

from hub.exchange import services
from hub.exchange.models import Challenge, CollaborationRequest
from hub.network.models import Member
from tests.personas import make_user

FLOOD = {
    "title": "Banjir rob di pesisir tiap musim hujan",
    "text": "Tidal floods reach the coastal markets every rainy season; the drains cannot cope.",
    "language": "en",
    "severity": 3,
    "wants_knowledge": True,
}


def member(slug: str) -> Member:
    return Member.objects.select_related("country").get(slug=slug)


def make_challenge(actor, slug: str = "sumedang", *, focus_areas=("quality-environment",), **data) -> Challenge:
    return services.create_challenge(
        actor=actor, data={**FLOOD, "member": member(slug), **data}, focus_areas=list(focus_areas)
    )


def make_request(actor, from_slug: str = "bangkok", to_slug: str = "sumedang", **data) -> CollaborationRequest:
    return services.send_request(
        actor=actor,
        from_member=member(from_slug),
        to_member=member(to_slug),
        kind=data.pop("kind", "knowledge_exchange"),
        subject=data.pop("subject", "Learning from WA KEPO"),
        message=data.pop("message", "We would like to learn how you run your WhatsApp service channel."),
        **data,
    )


def officer_of(slug: str):
    """A new user in the member's local government: one of its officers."""
    return make_user(f"officer@{slug}.example", f"gov-{slug}")
