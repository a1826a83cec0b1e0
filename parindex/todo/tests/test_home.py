"""The home page tells each person what waits for them, read from the round as it stands, and the
menu counts it."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from parindex.accounts.models import Role
from parindex.appraisal import appraising
from parindex.appraisal.models import Round
from parindex.assessments.models import UnitAssessment
from parindex.catalog.models import Unit
from parindex.testing.factories import build_set, criterion, make_open_period, make_user
from parindex.todo import items

pytestmark = pytest.mark.django_db


def _texts(user) -> dict[str, list[tuple[str, str]]]:
    return {s.title: [(i.text, i.urgency) for i in s.items] for s in items.sections(user)}


def _page_items(client: Client) -> list[str]:
    html = client.get(reverse("home")).text
    return [" ".join(text.split()) for text in re.findall(r'<a href="[^"]*">([^<]+)</a>', html)]


def test_the_appraiser_sees_what_is_left_in_their_fields(team, submitted_assessment, appraiser):
    title = f"Thẩm định – {team.title}"
    assert _texts(appraiser) == {
        title: [("1 đơn vị còn 3 tiêu chí chưa thẩm định trong lĩnh vực của bạn.", "todo")]
    }
    appraising.accept_self_scores(submitted_assessment, {"CDDH"}, by=appraiser)
    appraising.appraise_item(
        submitted_assessment,
        criterion(submitted_assessment, "1.3").pk,
        Round.FIRST,
        {"points": 1},
        version=0,
        by=appraiser,
    )
    assert _texts(appraiser) == {}


def test_the_lead_sees_survey_and_units_to_finalize(team, submitted_assessment, lead):
    title = f"Tổ trưởng – {team.title}"
    assert _texts(lead)[title] == [
        ("1 đơn vị chưa có điểm điều tra xã hội học.", "todo"),
        ("Đã hoàn tất 0/1 đơn vị.", "todo"),
    ]


def test_a_unit_whose_deadline_passed_without_submitting_is_told(submitted_assessment, officer):
    UnitAssessment.objects.filter(pk=submitted_assessment.pk).update(state="draft")
    (section,) = items.sections(officer)
    assert section.title == "Tự đánh giá của đơn vị"
    assert section.items[0].urgency == "late"
    assert section.items[0].text.startswith("Đã hết hạn tự đánh giá (")


def test_the_home_page_and_the_badge(client, team, submitted_assessment, appraiser):
    cache.clear()
    client.force_login(appraiser)
    assert "1 đơn vị còn 3 tiêu chí chưa thẩm định trong lĩnh vực của bạn." in _page_items(client)
    badge = client.get(reverse("todo_badge"), headers={"HX-Request": "true"})
    assert re.sub(r"\s+", " ", badge.text).strip() == (
        '<span class="badge rounded-pill text-bg-danger ms-1" title="1 việc cần làm" >1</span>'
    )
    assert badge["Cache-Control"] == "no-store"  # a signed-in user's


def test_nothing_waiting_no_badge_and_the_visitor_goes_to_the_results(client, admin_user):
    cache.clear()
    assert client.get(reverse("home"))["Location"] == reverse("results:index")
    client.force_login(admin_user)
    assert client.get(reverse("todo_badge")).text.strip() == ""


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_home_page_queries_do_not_grow_with_units(
    client,
    team,
    submitted_assessment,
    appraisal_set,
    department_level,
    lead,
    officer,
    item_count,
    django_assert_num_queries,
):
    """The lead (who sees the appraisal and the lead's sections) with `item_count` units."""
    for i in range(item_count - 1):
        unit = Unit.objects.create(code=f"so-{i}", name=f"Sở thử {i}", level=department_level)
        make_user(f"canbo{i}", Role.UNIT_OFFICER, unit)
        UnitAssessment.objects.create(
            period=team, unit=unit, criteria_set=appraisal_set, state="submitted"
        )
    client.force_login(lead)
    with django_assert_num_queries(24):
        html = client.get(reverse("home")).text
    assert f"{item_count} đơn vị chưa có điểm điều tra xã hội học." in " ".join(html.split())


def test_the_unit_sees_its_deadline_what_is_left_and_then_that_it_may_submit(
    department_level, justice, officer, unit_head, admin_user
):
    period = make_open_period([build_set(department_level, by=admin_user)])
    assessment = UnitAssessment.objects.create(
        period=period, unit=justice, criteria_set=period.criteria_sets.get()
    )
    closes = period.self_assessment_closes.strftime("%d/%m/%Y")
    (section,) = items.sections(officer)
    assert [(i.text, i.urgency, i.days_left) for i in section.items] == [
        (f"Hạn tự đánh giá {closes}.", "todo", 10),
        ("Còn 4 tiêu chí chưa chấm.", "todo", None),
    ]
    UnitAssessment.objects.filter(pk=assessment.pk).update(entered_count=4)
    (section,) = items.sections(unit_head)
    assert section.items[-1].text == "Đã chấm đủ: lãnh đạo đơn vị kiểm tra và nộp kết quả."
    assert section.items[-1].url == reverse("assessments:submit", args=[assessment.pk])
