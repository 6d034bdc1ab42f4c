"""Each progress update keeps a copy of its list's sort values (hub.monitoring.update_order), filled here in one
statement, then indexed."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower


def fill(apps, schema_editor):
    # As update_order.refresh() does, with the models of this point of the history.
    update = apps.get_model("monitoring", "ProgressUpdate")
    cycle = apps.get_model("monitoring", "ReportingCycle")
    project = apps.get_model("projects", "Project").objects.filter(pk=OuterRef("project_id"))
    update.objects.using(schema_editor.connection.alias).update(
        order_start=Subquery(cycle.objects.filter(pk=OuterRef("cycle_id")).values("start_date")[:1]),
        order_country=Subquery(project.values(sorted=Lower("member__country__name"))[:1]),
        order_member=Subquery(project.values(sorted=Lower("member__name"))[:1]),
        order_title=Subquery(project.values(sorted=Lower("title"))[:1]),
    )
    if schema_editor.connection.vendor == "postgresql":
        # Every row was rewritten: the planner's statistics of the new columns now, not at autovacuum's next pass.
        schema_editor.execute("ANALYZE monitoring_progressupdate")


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0010_accepted_feed"),
        ("projects", "0009_indicator_value_period_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="progressupdate",
            name="order_country",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="progressupdate",
            name="order_member",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="progressupdate",
            name="order_start",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="progressupdate",
            name="order_title",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="progressupdate",
            index=models.Index(
                fields=["-order_start", "order_country", "order_member", "order_title", "id", "state"],
                name="update_list_order",
            ),
        ),
        migrations.AddIndex(
            model_name="progressupdate",
            index=models.Index(
                fields=["cycle", "order_country", "order_member", "order_title", "id", "state"],
                name="update_list_cycle_order",
            ),
        ),
        migrations.AddIndex(
            model_name="progressupdate",
            index=models.Index(
                fields=["order_country", "-order_start", "order_member", "order_title", "id", "state"],
                name="update_list_country_order",
            ),
        ),
    ]
