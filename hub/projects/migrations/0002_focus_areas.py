from django.db import migrations

FOCUS_AREAS = [
    ("civic-social", "Civic & Social"),
    ("health-well-being", "Health & Well-Being"),
    ("safety-security", "Safety & Security"),
    ("quality-environment", "Quality Environment"),
    ("built-infrastructure", "Built Infrastructure"),
    ("industry-innovation", "Industry & Innovation"),
]


def add(apps, schema_editor):
    FocusArea = apps.get_model("projects", "FocusArea")
    for position, (code, name) in enumerate(FOCUS_AREAS, start=1):
        FocusArea.objects.update_or_create(code=code, defaults={"name": name, "position": position})


def remove(apps, schema_editor):
    apps.get_model("projects", "FocusArea").objects.filter(code__in=[c for c, _ in FOCUS_AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_catalogue")]
    operations = [migrations.RunPython(add, remove)]
