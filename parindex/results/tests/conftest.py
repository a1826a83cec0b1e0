"""The appraisal's fixtures (a period in appraisal, Sở Tư pháp's self-assessment, a team), plus a
finalized appraisal of Sở Tư pháp and of a second department, ready to publish."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest

from parindex.appraisal import appraising, workflow
from parindex.appraisal.models import Round
from parindex.appraisal.tests.fixtures import criterion
from parindex.assessments.models import Entry, UnitAssessment
from parindex.catalog.models import Unit

APPRAISED = {
    "1.1": {"level": "Ban hành chậm", "comment": "Chậm 20 ngày"},
    "1.2": {"numerator": 9, "denominator": 10, "comment": "Đạt 90 %"},
    "1.3": {"points": "0.75"},
    "2.1": {"count": 2, "comment": "Thêm 1 hồ sơ quá hạn"},
}


def appraise_all(assessment, appraiser, office_appraiser, values=APPRAISED):
    for code, data in values.items():
        by = office_appraiser if code.startswith("2.") else appraiser
        appraising.appraise_item(
            assessment, criterion(assessment, code).pk, Round.FIRST, data, version=0, by=by
        )


@pytest.fixture
def finance(department_level) -> Unit:
    return Unit.objects.create(code="so-tai-chinh", name="Sở Tài chính", level=department_level)


@pytest.fixture
def finalized(assessment, team, period, criteria_set, finance, appraiser, office_appraiser, lead):
    """Sở Tư pháp (4,25 appraised points) and Sở Tài chính (all at the top), both finalized."""
    other = UnitAssessment.objects.create(
        period=period, unit=finance, criteria_set=criteria_set, state="submitted"
    )
    Entry.objects.create(
        assessment=other,
        criterion=criterion(other, "1.1"),
        level="Ban hành đúng thời hạn",
        self_points=1,
        version=1,
    )
    appraise_all(assessment, appraiser, office_appraiser)
    appraise_all(
        other,
        appraiser,
        office_appraiser,
        {
            "1.1": {"level": "Ban hành đúng thời hạn"},
            "1.2": {"numerator": 10, "denominator": 10, "comment": "Đủ"},
            "1.3": {"points": 1},
            "2.1": {"count": 0, "comment": "Không có hồ sơ quá hạn"},
        },
    )
    for unit_assessment in (assessment, other):
        workflow.finalize(unit_assessment, by=lead, without_survey=True)
    return [assessment, other]


@pytest.fixture
def after_deadlines(period):
    """Every deadline of the period passed (publication comes after the final appraisal)."""
    return period.final_appraisal_closes + timedelta(days=1)


class _Table(HTMLParser):
    """The text of each cell of the table with the given id, row by row (header row first)."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th"):
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(page: str, table_id: str) -> list[list[str]]:
    parser = _Table(table_id)
    parser.feed(page)
    return parser.rows
