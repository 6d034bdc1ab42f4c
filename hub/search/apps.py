from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _fill_empty_index(sender, using="default", **kwargs):
    """A database that had records before the search app came gets its index on the first migrate;
    from then on every write keeps it up to date (and ``rebuildsearch`` recreates it)."""
    from hub.network.models import Member
    from hub.search.index import rebuild
    from hub.search.models import SearchDocument

    if not SearchDocument.objects.using(using).exists() and Member.objects.using(using).exists():
        rebuild()


class SearchConfig(AppConfig):
    name = "hub.search"
    label = "search"
    verbose_name = _("Search and matching")

    def ready(self):
        # The built-in document providers (members, projects, updates, meetings, decisions) and the signals
        # that keep the index in step with every write, in the write's own transaction.
        from hub.search import builtin, signals  # noqa: F401

        post_migrate.connect(_fill_empty_index, sender=self, dispatch_uid="search-fill-empty-index")
