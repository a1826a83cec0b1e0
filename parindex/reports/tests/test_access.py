"""Who sees which report: a unit its own, the province all; every other answer is 404 (403 on the
province's role-wide pages)."""

import pytest
from django.http import Http404
from django.urls import reverse

from parindex.accounts.models import Role
from parindex.reports import access
from parindex.testing.factories import make_user


def test_a_unit_sees_its_own_report_only(officer, report, ward_report):
    assert access.get_report(officer, report.pk) == report
    assert access.get_report(officer, report.pk, for_write=True) == report
    for denied in (
        lambda: access.get_report(officer, ward_report.pk),
        lambda: access.get_report(officer, report.pk, for_submit=True),
        lambda: access.get_report(officer, report.pk, for_return=True),
    ):
        with pytest.raises(Http404):
            denied()
    assert list(access.get_own_reports(officer)) == [report]


def test_the_head_submits_the_units_report(unit_head, report, ward_report):
    assert access.get_report(unit_head, report.pk, for_submit=True) == report
    with pytest.raises(Http404):
        access.get_report(unit_head, ward_report.pk, for_submit=True)


def test_the_province_reads_and_returns_every_report_but_does_not_fill_them(
    admin_user, report, ward_report
):
    assert access.get_report(admin_user, ward_report.pk) == ward_report
    assert access.get_report(admin_user, report.pk, for_return=True) == report
    with pytest.raises(Http404):
        access.get_report(admin_user, report.pk, for_write=True)
    with pytest.raises(Http404):
        access.get_own_reports(admin_user)


def test_appraisers_and_inactive_members_see_nothing(appraiser, officer, report, report_period):
    officer.is_active = False
    officer.save()
    for user in (appraiser, officer):
        with pytest.raises(Http404):
            access.get_report(user, report.pk)
        with pytest.raises(Http404):
            access.get_period(user, report_period.pk)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("reports:templates", ()),
        ("reports:template", ("template",)),
        ("reports:template_export", ("template",)),
        ("reports:periods", ()),
        ("reports:period_create", ()),
        ("reports:period", ("period",)),
    ],
)
def test_the_provinces_pages_refuse_units(client, officer, report_period, name, args):
    ids = {"template": report_period.template_id, "period": report_period.pk}
    url = reverse(name, args=[ids[a] for a in args])
    client.force_login(officer)
    assert client.get(url).status_code == 403
    client.force_login(make_user("quantri2", Role.ADMIN))
    assert client.get(url).status_code == 200


def test_opening_is_for_the_province(client, officer, report_template, justice):
    from parindex.reports.periods import create_period
    from parindex.reports.spec import Kind

    period = create_period(report_template, kind=Kind.Q3, year=2025, units=[justice], by=None)
    client.force_login(officer)
    assert client.post(reverse("reports:period_open", args=[period.pk])).status_code == 403
    period.refresh_from_db()
    assert period.is_open is False
