from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "hub.exchange"
    label = "exchange"
    verbose_name = _("Idea exchange")

    def ready(self):
        # Challenges follow accepted progress updates: hub.monitoring sends its review signals inside the
        # transition's transaction, and this app listens (hub/exchange/from_updates.py). Challenges are
        # found by the one search, kind "challenge" (hub/exchange/search_docs.py).
        from hub.exchange import from_updates, search_docs  # noqa: F401

        # Collaborations and challenges in the M&E report (hub/exchange/report.py), through its registry.
        from hub.exchange.report import register_section

        register_section()
