"""Search keys fold the look-alike eth (Ð, ð) to "d" as they fold Đ and đ."""

from django.db import migrations
from django.db.models import Q

from parindex.core.text import fold

ETH = "\u00d0", "\u00f0"


def refold(apps, schema_editor):
    Unit = apps.get_model("catalog", "Unit")
    names = Q()
    for letter in ETH:
        names |= Q(name__contains=letter) | Q(short_name__contains=letter)
    for unit in Unit.objects.filter(names):
        unit.search_key = fold(f"{unit.name} {unit.short_name}")
        unit.save(update_fields=["search_key"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
