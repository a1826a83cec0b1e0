"""Search keys fold the look-alike eth (Ð, ð) to "d" as they fold Đ and đ."""

from django.db import migrations
from django.db.models import Q

from parindex.core.text import fold

ETH = "\u00d0", "\u00f0"


def refold(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    names = Q()
    for letter in ETH:
        names |= Q(full_name__contains=letter) | Q(username__contains=letter)
        names |= Q(email__contains=letter)
    for user in User.objects.filter(names):
        user.search_key = fold(f"{user.full_name} {user.username} {user.email}")
        user.save(update_fields=["search_key"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
