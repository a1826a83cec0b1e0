"""Loading the demo province in a test, as `make run` does."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command


def load(password_file: Path, **options) -> str:
    """`manage.py load_demo`; returns what it printed."""
    out = StringIO()
    call_command("load_demo", password_file=password_file, stdout=out, **options)
    return out.getvalue()
