"""Bonus and penalty items (điểm thưởng, điểm trừ) on the scorecard: they count apart from the
points, so their items and groups show their own amounts rather than "0 / 0"."""

import re

import pytest
from django.urls import reverse

from parindex.assessments.models import UnitAssessment
from parindex.catalog import editing
from parindex.catalog.interchange import save_criteria_set
from parindex.catalog.models import Criterion, Field
from parindex.scoring import parse_criteria
from parindex.testing.factories import make_open_period

pytestmark = pytest.mark.django_db


def _extra(code: str, kind: str) -> dict:
    return {
        "code": code,
        "title": f"Tiêu chí {kind} {code}",
        "max_points": 0,
        "method": "self",
        "evidence": "optional",
        "rule": {"kind": kind, "cap": 1},
    }


@pytest.fixture
def bonus_assessment(department_level, justice, admin_user) -> UnitAssessment:
    Field.objects.get_or_create(code="CDDH", defaults={"name": "Công tác chỉ đạo, điều hành"})
    document = {
        "format": "parindex.criteria/1",
        "title": "Bộ tiêu chí có điểm thưởng",
        "level": department_level.code,
        "year": 2026,
        "max_points": 1,
        "not_applicable": "exclude",
        "classification": [{"label": "Tốt", "min": 90}, {"label": "Yếu", "min": 0}],
        "nodes": [
            {
                "code": "1",
                "title": "Công tác chỉ đạo, điều hành CCHC",
                "field": "CDDH",
                "max_points": 1,
                "children": [
                    {
                        "code": "1.1",
                        "title": "Chất lượng báo cáo",
                        "max_points": 1,
                        "method": "self",
                        "evidence": "optional",
                        "rule": {"kind": "manual", "step": 0.25},
                    }
                ],
            },
            {
                "code": "9",
                "title": "Điểm thưởng, điểm trừ",
                "field": "CDDH",
                "max_points": 0,
                "children": [_extra("9.1", "bonus"), _extra("9.2", "penalty")],
            },
        ],
    }
    criteria_set = save_criteria_set(parse_criteria(document), by=admin_user)
    assert editing.put_in_use(criteria_set, by=admin_user) == []
    period = make_open_period([criteria_set])
    return UnitAssessment.objects.create(period=period, unit=justice, criteria_set=criteria_set)


def _save(client, assessment, code: str, points: str):
    criterion = Criterion.objects.get(criteria_set=assessment.criteria_set, code=code)
    url = reverse("assessments:entry_save", args=[assessment.pk, criterion.pk])
    prefix = f"c{criterion.pk}-"
    data = {f"{prefix}version": 0, f"{prefix}points": points}
    return client.post(url, data, headers={"HX-Request": "true"}).content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_bonus_and_penalty_show_their_own_amounts(officer_client, bonus_assessment):
    page = _text(officer_client.get(bonus_assessment.get_absolute_url()).content.decode())
    assert "cộng tối đa 1" in page and "trừ tối đa 1" in page
    assert "+0,00 / 0,00 điểm" in page

    saved = _text(_save(officer_client, bonus_assessment, "9.1", "0,75"))
    # The group's total is swapped in with the item (out of band).
    assert "+0,75 / 0,00 điểm" in saved
    # A typed score is shown once: it is the self score.
    assert "Điểm chấm 0,75" in saved and "Điểm tự chấm" not in saved
    _save(officer_client, bonus_assessment, "9.2", "0,5")
    page = _text(officer_client.get(bonus_assessment.get_absolute_url()).content.decode())
    assert "+0,75 / −0,50 điểm" in page
