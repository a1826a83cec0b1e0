"""The worklist and the sheet agree on when a unit may be appraised: once it can no longer change
its self-assessment (its deadline, or its reopening's, has passed)."""

import pytest
from django.urls import reverse

from parindex.appraisal import worklist
from parindex.assessments.models import UnitAssessment

pytestmark = pytest.mark.django_db


def test_a_unit_still_open_is_listed_with_its_date_and_explained_not_404(
    client, submitted_assessment, team, appraiser, officer, appraisal_period
):
    UnitAssessment.objects.filter(pk=submitted_assessment.pk).update(
        reopened_until=appraisal_period.appraisal_closes
    )
    rows = worklist.rows(appraiser, appraisal_period)
    assert [(row.assessment.unit.name, row.open_until) for row in rows] == [
        ("Sở Tư pháp", appraisal_period.appraisal_closes)
    ]
    assert worklist.filtered(rows, state="waiting") == rows
    assert worklist.filtered(rows, state="todo") == rows  # nothing appraised yet either
    sheet = reverse("appraisal:sheet", args=[submitted_assessment.pk])
    client.force_login(appraiser)
    assert "còn hạn tự đánh giá đến hết ngày" in client.get(sheet).text
    # Whoever does not appraise the unit learns nothing about it.
    client.force_login(officer)
    assert client.get(sheet).status_code == 404


def test_an_open_unit_has_no_date(submitted_assessment, team, appraiser, appraisal_period):
    (row,) = worklist.rows(appraiser, appraisal_period)
    assert row.open_until is None
    assert worklist.filtered([row], state="waiting") == []
