from django.db import migrations

from hub.search import backends


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_index")]

    operations = [migrations.RunPython(backends.install, backends.uninstall)]
