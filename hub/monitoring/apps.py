from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _fill_empty_tallies(sender, using="default", **kwargs):
    """A database that had projects before the tallies came gets them on the first migrate; from then on
    every write keeps them up to date (and ``rebuildtallies`` recreates them)."""
    from hub.monitoring import feed
    from hub.monitoring.models import (
        AcceptedFeed,
        CountryTally,
        CycleTally,
        IndicatorTally,
        ProgressUpdate,
        PublicProgress,
        UpdateState,
    )
    from hub.monitoring.tallies import rebuild, refresh_countries
    from hub.projects.models import IndicatorValue, Project

    def missing(derived, source) -> bool:
        return not derived.objects.using(using).exists() and source.objects.using(using).exists()

    if (
        missing(CycleTally, Project)
        or missing(PublicProgress, ProgressUpdate)
        or missing(IndicatorTally, IndicatorValue)
    ):
        rebuild()
    elif missing(CountryTally, CycleTally):  # the roll-up came after the member tallies: sum them
        refresh_countries()
    accepted = ProgressUpdate.objects.using(using).filter(state=UpdateState.ACCEPTED, project__is_demo=False)
    if not AcceptedFeed.objects.using(using).exists() and accepted.exists():  # the feed came after them
        feed.refresh()


class MonitoringConfig(AppConfig):
    name = "hub.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
    reference_loader = "hub.monitoring.reference.load_reference"

    def ready(self):
        # The receivers that keep the dashboards' tallies in step with every write (tallies.py).
        from hub.monitoring import tallies  # noqa: F401

        post_migrate.connect(_fill_empty_tallies, sender=self, dispatch_uid="monitoring-fill-empty-tallies")
