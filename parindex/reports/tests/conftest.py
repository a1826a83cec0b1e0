"""An opened quarterly period of the small template, with the two named units reporting."""

import pytest

from parindex.testing.reports import make_template, open_report_period


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
