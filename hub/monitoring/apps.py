from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _fill_empty_tallies(sender, using="default", **kwargs):
    """A database that had projects before the tallies came gets them on the first migrate; from then on
    every write keeps them up to date (and ``rebuildtallies`` recreates them)."""
    from hub.monitoring import feed, focus_pairs, highlights
    from hub.monitoring.models import (
        AcceptedFeed,
        CountryTally,
        CycleTally,
        FocusPairTally,
        HighlightTally,
        IndicatorTally,
        ProgressUpdate,
        UpdateState,
    )
    from hub.monitoring.tallies import rebuild, refresh_countries
    from hub.projects.models import IndicatorValue, Project, PublicProgress

    tables = set(connections[using].introspection.table_names())

    def missing(derived, source) -> bool:
        # A migrate back to before a derived table leaves it out: nothing to fill then.
        if derived._meta.db_table not in tables or source._meta.db_table not in tables:
            return False
        return not derived.objects.using(using).exists() and source.objects.using(using).exists()

    if (
        missing(CycleTally, Project)
        or missing(PublicProgress, ProgressUpdate)
        or missing(IndicatorTally, IndicatorValue)
    ):
        rebuild()
    elif missing(CountryTally, CycleTally):  # the roll-up came after the member tallies: sum them
        refresh_countries()
    if FocusPairTally._meta.db_table in tables:  # the focus-area pairs and highlights came after the others
        focus_pairs.fill_if_empty(using)
    if HighlightTally._meta.db_table in tables:
        highlights.fill_if_empty(using)
    accepted = ProgressUpdate.objects.using(using).filter(state=UpdateState.ACCEPTED, project__is_demo=False)
    if AcceptedFeed._meta.db_table not in tables:
        return
    if not AcceptedFeed.objects.using(using).exists() and accepted.exists():  # the feed came after them
        feed.refresh()


class MonitoringConfig(AppConfig):
    name = "hub.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
    reference_loader = "hub.monitoring.reference.load_reference"

    def ready(self):
        # The receivers that keep the dashboards' tallies in step with every write (tallies.py), and each
        # update's copy of the list's sort values (update_order.py).
        from hub.monitoring import tallies, update_order  # noqa: F401

        # The project page's M&E timeline and the /projects/ chart's tallies, through the projects app's
        # registry (hub.projects.contributions): projects sits below monitoring and never imports it.
        from hub.monitoring.project_page import register

        register()

        post_migrate.connect(_fill_empty_tallies, sender=self, dispatch_uid="monitoring-fill-empty-tallies")
