"""Plain factories for the partnerships tests: records made through the services, as a person would."""

from __future__ import annotations

from hub.partnerships import services
from hub.partnerships.models import Partnership
from hub.partnerships.models_opportunities import Opportunity
from hub.projects.models import Project

OPPORTUNITY = {
    "title": "WA KEPO service desk expansion",
    "summary": "Servers and staff to answer residents on WhatsApp in every district.",
    "amount": "15855000000",
    "currency": "IDR",
    "instrument": "grant",
    "stage": "feasibility",
    "readiness": ["studies", "permits"],
    "readiness_note": "A feasibility study is done.",
    "contact_name": "Sumedang Diskominfo",
    "contact_email": "kominfo@sumedang.example",
}


def make_opportunity(actor, *, project: str = "wa-kepo", state: str = "draft", nr=None, **data) -> Opportunity:
    """An opportunity of ``project`` drafted by ``actor``; taken to ``state`` through the chain (``nr`` publishes)."""
    opportunity = services.create_opportunity(
        actor=actor, project=Project.objects.get(slug=project), data={**OPPORTUNITY, **data}
    )
    if state in ("submitted", "published", "closed"):
        opportunity = services.review_opportunity(actor=actor, opportunity=opportunity, action="submit")
    if state in ("published", "closed"):
        opportunity = services.review_opportunity(actor=nr or actor, opportunity=opportunity, action="publish")
    if state == "closed":
        opportunity = services.review_opportunity(actor=actor, opportunity=opportunity, action="close")
    return Opportunity.objects.get(pk=opportunity.pk)


def make_partnership(actor, *, members=(), projects=(), **data) -> Partnership:
    from hub.network.models import Organisation

    values = {"title": "Smart lighting pilot", "partner": Organisation.objects.get(slug="adb"), "kind": "financing"}
    return services.create_partnership(actor=actor, data={**values, **data}, members=members, projects=projects)
