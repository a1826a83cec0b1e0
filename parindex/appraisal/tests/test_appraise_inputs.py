"""The appraisal sheet's inputs read numbers as the unit's scorecard does (the same form fields)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from parindex.appraisal.models import AppraisedEntry
from parindex.testing.factories import criterion

pytestmark = pytest.mark.django_db


def _url(name, assessment, code=None) -> str:
    args = [assessment.pk] + ([criterion(assessment, code).pk] if code else [])
    return reverse(f"appraisal:{name}", args=args)


def _opened(client, assessment, code) -> str:
    url = f"{_url('sheet', assessment)}?edit={criterion(assessment, code).pk}"
    return client.get(url).content.decode()


def test_thousands_dots_and_decimal_commas_round_trip(appraiser_client, submitted_assessment):
    c = criterion(submitted_assessment, "1.2").pk
    response = appraiser_client.post(
        _url("item_save", submitted_assessment, "1.2"),
        {
            f"a{c}-version": 0,
            f"a{c}-numerator": "1.234,5",
            f"a{c}-denominator": "2.000",
            f"a{c}-comment": "Số liệu Kho bạc",
        },
    )
    assert response.status_code == 302
    row = AppraisedEntry.objects.get()
    assert (row.numerator, row.denominator, row.appraised_points) == (Decimal("1234.5"), 2000, 0)
    # Shown back with a decimal comma, as typed ("0.125" would be read back as 125).
    form = _opened(appraiser_client, submitted_assessment, "1.2")
    assert f'name="a{c}-numerator" value="1234,5"' in form
    assert f'name="a{c}-denominator" value="2000"' in form


def test_a_count_is_shown_and_must_be_whole(client, office_appraiser, team, submitted_assessment):
    client.force_login(office_appraiser)
    c = criterion(submitted_assessment, "2.1").pk
    # The unit's count pre-fills the form (the sheet failed on whole numbers before).
    assert f'name="a{c}-count" value="1"' in _opened(client, submitted_assessment, "2.1")
    response = client.post(
        _url("item_save", submitted_assessment, "2.1"), {f"a{c}-version": 0, f"a{c}-count": "1,5"}
    )
    assert "“Hồ sơ quá hạn” phải là số nguyên." in response.content.decode()
    assert not AppraisedEntry.objects.exists()
