from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def names_as_now(apps, schema_editor):
    """Publications made before the name was kept: the level's name at this migration."""
    published_level = apps.get_model("results", "PublishedLevel")
    unit_level = apps.get_model("catalog", "UnitLevel")
    published_level.objects.update(
        level_name=Subquery(unit_level.objects.filter(pk=OuterRef("level")).values("name")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("results", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="publishedlevel",
            name="level_name",
            field=models.CharField(
                default="", max_length=200, verbose_name="tên cấp khi công bố"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(names_as_now, migrations.RunPython.noop),
    ]
