"""The templates stay readable: no line longer than 120 characters, and an htmx fragment is a
partial of the page it belongs to (`page.html#name`), never a template file of its own."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # parindex/
TEMPLATES = sorted(ROOT.glob("**/templates/**/*.html"))
LIMIT = 120


def test_every_template_is_read():
    assert len(TEMPLATES) > 50  # the pattern still finds the apps' and the site's templates
    assert ROOT / "templates" / "base.html" in TEMPLATES


def test_no_template_line_is_longer_than_120_characters():
    too_long = [
        f"{path.relative_to(ROOT)}:{number} ({len(line)} characters)"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > LIMIT
    ]
    assert too_long == []


def test_fragments_are_partials_of_their_page():
    assert [path.name for path in TEMPLATES if path.name.startswith("_")] == []
