from django.db import migrations


def drop_vectors(apps, schema_editor):
    # Vectors stored before ``words`` existed cannot show the matched words: recomputed on the next match.
    apps.get_model("search", "ProjectVector").objects.all().delete()
    generation = apps.get_model("search", "MatchGeneration")
    row, _created = generation.objects.get_or_create(pk=1)
    row.value += 1  # running workers re-read their index
    row.save()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_match_generation_and_written_words")]

    operations = [migrations.RunPython(drop_vectors, migrations.RunPython.noop)]
