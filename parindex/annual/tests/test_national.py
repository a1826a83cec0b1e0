import io

from django.core.management import call_command

from parindex.annual import loading
from parindex.annual.analysis import Basis
from parindex.results.models import Publication


def test_a_generated_national_publication_is_analysed_through_lineage(db):
    out = io.StringIO()
    call_command("generate_national", units=40, year=2031, report=True, no_pdf=True, stdout=out)
    assert "Word:" in out.getvalue() and "RSS" in out.getvalue()
    publication = Publication.objects.get(year=2031)
    analysis = loading.load(publication)
    assert sum(level.count for level in analysis.levels) == 40 - 4 + 2
    bases = {unit.previous.basis for level in analysis.levels for unit in level.units}
    assert bases == {Basis.SAME, Basis.MERGED}
    assert all(len(level.losses) == 10 for level in analysis.levels)
