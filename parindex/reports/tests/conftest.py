"""An opened quarterly period of the small template, with the two named units reporting."""

import pytest

from parindex.assessments import suggestions
from parindex.testing.reports import PLAN, make_template, open_report_period


@pytest.fixture
def report_template(department_level, commune_level):
    template = make_template("department")
    template.levels.add(commune_level)
    return template


@pytest.fixture
def report_period(report_template, justice, ward):
    return open_report_period(report_template, [justice, ward])


@pytest.fixture
def report(report_period, justice):
    return report_period.reports.get(unit=justice)


@pytest.fixture
def ward_report(report_period, ward):
    return report_period.reports.get(unit=ward)


@pytest.fixture
def plan_progress(monkeypatch):
    """Plans register their figure with the scorecard's registry; the one asked for is kept."""
    asked = []

    def for_item(key, unit, year, as_of):
        asked.append((key, unit, year, as_of))
        return PLAN

    monkeypatch.setattr(suggestions, "for_item", for_item)
    return asked
