"""PublicProgress moves to the projects app (projects.PublicProgress), which reads it: projects sits below
monitoring and no longer imports it (issue 9). The rows are carried over, both ways."""

from django.db import migrations


def to_projects(apps, schema_editor):
    old = apps.get_model("monitoring", "PublicProgress")
    new = apps.get_model("projects", "PublicProgress")
    new.objects.all().delete()  # what an earlier migration back left (projects' table stays with its app)
    new.objects.bulk_create(
        (
            new(project_id=p, cycle=slug, status=s, progress=g)
            for p, slug, s, g in old.objects.values_list("project_id", "cycle__slug", "status", "progress").iterator()
        ),
        batch_size=5000,
    )


def to_monitoring(apps, schema_editor):
    """Back: the cycle by its slug, the update as the latest accepted one of that project and cycle."""
    old = apps.get_model("monitoring", "PublicProgress")
    new = apps.get_model("projects", "PublicProgress")
    cycles = dict(apps.get_model("monitoring", "ReportingCycle").objects.values_list("slug", "pk"))
    updates = {
        (p, c): u
        for p, c, u in apps.get_model("monitoring", "ProgressUpdate")
        .objects.filter(state="accepted")
        .order_by("pk")
        .values_list("project_id", "cycle_id", "pk")
        .iterator()
    }
    old.objects.all().delete()
    rows = []
    for p, slug, s, g in new.objects.values_list("project_id", "cycle", "status", "progress").iterator():
        cycle_id = cycles.get(slug)
        update_id = updates.get((p, cycle_id))
        if update_id is not None:
            rows.append(old(project_id=p, update_id=update_id, cycle_id=cycle_id, status=s, progress=g))
    old.objects.bulk_create(rows, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0007_tally_totals_index"),
        ("projects", "0006_public_progress"),
    ]

    operations = [
        migrations.RunPython(to_projects, to_monitoring),
        migrations.DeleteModel(name="PublicProgress"),
    ]
