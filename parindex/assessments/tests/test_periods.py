"""The admin's assessment periods: create, edit, the progress page, reopening, access, queries."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parindex.assessments import deadlines, periods, workflow
from parindex.assessments.models import (
    AssessmentPeriod,
    Entry,
    EntryEvidence,
    Evidence,
    UnitAssessment,
)
from parindex.catalog.models import CriteriaSet, Criterion, Unit
from parindex.core.models import AuditEntry
from parindex.testing.browser import log_in, shot
from parindex.testing.evidence import close_window
from parindex.testing.factories import (
    PERIOD_FORM_DATES,
    build_set,
    draft_set,
    make_open_period,
    many_leaves,
    period_create_url,
)

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def unit_rows(html: str) -> list[str]:
    """Each unit row of the period page as text, without its reopen form."""
    rows = re.findall(r'<tr id="assessment-\d+">(.*?)</tr>', html, flags=re.S)
    return [_text(re.sub(r"<details>.*?</details>", "", row, flags=re.S)) for row in rows]


@pytest.fixture
def closed_unit(department_level) -> Unit:
    """A department merged away at the end of 2025: not assessed in 2026."""
    return Unit.objects.create(
        code="so-ttt",
        name="Sở Thông tin và Truyền thông",
        level=department_level,
        active_to_year=2025,
    )


# --- Creating a period ---------------------------------------------------------------------


def test_the_new_period_form_checks_every_unit_active_in_the_year(
    admin_client, self_assessment_set, justice, home_affairs, ward, closed_unit
):
    response = admin_client.get(period_create_url())
    html = response.content.decode()
    checked = re.findall(r'name="units" value="(\d+)" id="unit-\d+" checked', html)
    assert sorted(int(pk) for pk in checked) == sorted([justice.pk, home_affairs.pk, ward.pk])
    assert f'value="{closed_unit.pk}"' not in html
    form = response.context["form"]
    # The department's set is in use for 2026 and is proposed; the communes have none.
    assert form[f"set_{self_assessment_set.level_id}"].value() == self_assessment_set.pk
    assert form["title"].value() == "Đánh giá Chỉ số CCHC năm 2026"


def test_each_levels_units_are_offered_in_vietnamese_alphabetical_order(
    admin_client, self_assessment_set, department_level, commune_level, justice, ward
):
    for code, name, level in (
        ("xa-ban-phu", "Xã Bản Phủ", commune_level),
        ("xa-ang-nua", "Xã Ảng Nưa", commune_level),
        ("dai-ptth", "Đài Phát thanh và Truyền hình tỉnh", department_level),
    ):
        Unit.objects.create(code=code, name=name, level=level)
    form = admin_client.get(period_create_url()).context["form"]
    # In code-point order "Đ" comes after "S" and "Ả" after "B".
    assert [
        (group.level.name, [choice.unit.name for choice in group.units])
        for group in form.level_groups()
    ] == [
        ("Sở, ban, ngành", ["Đài Phát thanh và Truyền hình tỉnh", "Sở Tư pháp"]),
        ("UBND xã, phường", ["Phường Điện Biên Phủ", "Xã Ảng Nưa", "Xã Bản Phủ"]),
    ]


def test_create_a_period_with_the_default_units(
    admin_client,
    admin_user,
    self_assessment_set,
    commune_level,
    justice,
    home_affairs,
    ward,
    closed_unit,
):
    data = {
        "title": "Đánh giá Chỉ số CCHC năm 2026",
        **PERIOD_FORM_DATES,
        f"set_{self_assessment_set.level_id}": self_assessment_set.pk,
        f"set_{commune_level.pk}": "",
        "units": [justice.pk, home_affairs.pk, ward.pk],
    }
    response = admin_client.post(period_create_url(), data)
    period = AssessmentPeriod.objects.get()
    assert response.status_code == 302
    assert response["Location"] == period.get_absolute_url()
    assert (period.year, period.self_assessment_closes, period.final_appraisal_closes) == (
        2026,
        date(2027, 3, 31),
        date(2027, 5, 31),
    )
    assert list(period.criteria_sets.all()) == [self_assessment_set]
    # The ward's level does not take part: the ward is left out whatever its checkbox said.
    assert sorted(
        period.assessments.values_list("unit__name", "criteria_set", "state", "entered_count")
    ) == [
        ("Sở Nội vụ", self_assessment_set.pk, "draft", 0),
        ("Sở Tư pháp", self_assessment_set.pk, "draft", 0),
    ]
    entry = AuditEntry.objects.get(action="period.create")
    assert (entry.actor, entry.target_id, entry.old) == (admin_user, str(period.pk), None)
    assert entry.new == {
        "title": "Đánh giá Chỉ số CCHC năm 2026",
        "year": 2026,
        "self_assessment_opens": "2027-03-01",
        "self_assessment_closes": "2027-03-31",
        "appraisal_closes": "2027-04-30",
        "explanation_closes": "2027-05-15",
        "final_appraisal_closes": "2027-05-31",
        "criteria_sets": ["Sở, ban, ngành: Bộ tiêu chí thử nghiệm department 2026 (v1)"],
        "units": 2,
    }
    page = admin_client.get(response["Location"]).content.decode()
    assert "Đã tạo kỳ đánh giá “Đánh giá Chỉ số CCHC năm 2026” với 2 đơn vị." in page


def test_a_year_has_one_period(admin_client, admin_user, self_assessment_set, justice):
    data = {
        "title": "Đánh giá Chỉ số CCHC năm 2026",
        **PERIOD_FORM_DATES,
        f"set_{self_assessment_set.level_id}": self_assessment_set.pk,
        "units": [justice.pk],
    }
    assert admin_client.post(period_create_url(), data).status_code == 302
    period = AssessmentPeriod.objects.get()
    page = admin_client.get(period_create_url()).content.decode()
    assert "Năm 2026 đã có kỳ đánh giá “Đánh giá Chỉ số CCHC năm 2026”." in page
    assert period.get_absolute_url() in page and 'method="post" novalidate' not in page

    # A form sent from a page opened before the first period was made.
    page = admin_client.post(period_create_url(), data | {"title": "Kỳ thứ hai"}).content.decode()
    assert "Năm 2026 đã có kỳ đánh giá" in page and AssessmentPeriod.objects.count() == 1
    with pytest.raises(periods.PeriodError, match="mỗi năm chỉ có một kỳ đánh giá"):
        periods.create_period(
            year=2026,
            title="Kỳ thứ hai",
            dates=dict.fromkeys(periods.DEADLINES, period.self_assessment_closes),
            criteria_sets=[self_assessment_set],
            units=[justice],
            by=admin_user,
        )


def test_deadlines_out_of_order_are_refused_and_everything_typed_is_kept(
    admin_client, self_assessment_set, justice, home_affairs
):
    data = {
        "title": "Kỳ thử",
        **PERIOD_FORM_DATES,
        "appraisal_closes": "10/03/2027",
        "final_appraisal_closes": "ngày mai",
        f"set_{self_assessment_set.level_id}": self_assessment_set.pk,
        "units": [justice.pk],
    }
    response = admin_client.post(period_create_url(), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert AssessmentPeriod.objects.count() == 0
    assert "Hạn thẩm định (10/03/2027) không được trước hạn tự đánh giá (31/03/2027)." in html
    assert "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 31/03/2026." in html
    assert 'value="Kỳ thử"' in html
    assert 'value="10/03/2027"' in html and 'value="ngày mai"' in html
    assert f'<option value="{self_assessment_set.pk}" selected>' in html
    checked = re.findall(r'name="units" value="(\d+)" id="unit-\d+" checked', html)
    assert checked == [str(justice.pk)]


def test_a_level_and_its_units_are_needed(admin_client, self_assessment_set, justice):
    response = admin_client.post(
        period_create_url(), {"title": "Kỳ thử", **PERIOD_FORM_DATES, "units": []}
    )
    assert "Chọn bộ tiêu chí cho ít nhất một cấp đơn vị tham gia." in response.content.decode()
    data = {
        "title": "Kỳ thử",
        **PERIOD_FORM_DATES,
        f"set_{self_assessment_set.level_id}": self_assessment_set.pk,
    }
    response = admin_client.post(period_create_url(), data)
    assert "Cấp “Sở, ban, ngành” tham gia nhưng chưa chọn đơn vị nào." in (
        response.content.decode()
    )
    assert AssessmentPeriod.objects.count() == 0


def test_a_set_of_another_year_or_level_is_refused(
    admin_client, admin_user, self_assessment_set, commune_level, justice, ward
):
    last_year = build_set(self_assessment_set.level, 2025, by=admin_user)
    data = {"title": "Kỳ thử", **PERIOD_FORM_DATES, "units": [justice.pk, ward.pk]}
    response = admin_client.post(
        period_create_url(), data | {f"set_{self_assessment_set.level_id}": last_year.pk}
    )
    assert (
        "Bộ tiêu chí “Bộ tiêu chí thử nghiệm department 2025 (v1)” áp dụng cho năm 2025, "
        "không phải năm 2026." in response.content.decode()
    )
    response = admin_client.post(
        period_create_url(), data | {f"set_{commune_level.pk}": self_assessment_set.pk}
    )
    assert (
        "Bộ tiêu chí “Bộ tiêu chí thử nghiệm department 2026 (v1)” thuộc cấp “Sở, ban, ngành”, "
        "không dùng được cho cấp “UBND xã, phường”." in response.content.decode()
    )
    assert AssessmentPeriod.objects.count() == 0


def test_a_draft_set_with_problems_cannot_be_used(admin_client, admin_user, commune_level, ward):
    draft = draft_set(commune_level, by=admin_user)
    Criterion.objects.filter(criteria_set=draft, code="1.4").update(max_points=3)
    data = {
        "title": "Kỳ thử",
        **PERIOD_FORM_DATES,
        f"set_{commune_level.pk}": draft.pk,
        "units": [ward.pk],
    }
    response = admin_client.post(period_create_url(), data)
    errors = response.context["form"].errors[f"set_{commune_level.pk}"]
    assert errors == [
        "Bộ tiêu chí “Bộ tiêu chí thử nghiệm commune 2026 (v1)” là bản nháp còn 2 lỗi, chưa thể "
        "đưa vào áp dụng. Hãy sửa trong danh mục bộ tiêu chí:",
        "1: điểm tối đa (6) khác tổng điểm tối đa các tiêu chí con (8)",
        "tổng điểm tối đa các tiêu chí lá (8) khác điểm tối đa của bộ tiêu chí (6)",
    ]
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.DRAFT
    assert AssessmentPeriod.objects.count() == 0


def test_a_valid_draft_set_is_put_in_use(admin_client, admin_user, commune_level, ward):
    draft = draft_set(commune_level, by=admin_user)
    data = {
        "title": "Kỳ thử",
        **PERIOD_FORM_DATES,
        f"set_{commune_level.pk}": draft.pk,
        "units": [ward.pk],
    }
    admin_client.post(period_create_url(), data)
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.IN_USE
    assert AuditEntry.objects.filter(action="criteria_set.in_use", target_id=str(draft.pk)).exists()
    assert list(UnitAssessment.objects.values_list("unit", "criteria_set")) == [(ward.pk, draft.pk)]


# --- Editing a period ----------------------------------------------------------------------


def edit_data(period: AssessmentPeriod, **changes) -> dict:
    data = {
        "title": period.title,
        **{name: getattr(period, name).strftime("%d/%m/%Y") for name in periods.DEADLINES},
        "units": list(period.assessments.values_list("unit_id", flat=True)),
    }
    for criteria_set in period.criteria_sets.all():
        data[f"set_{criteria_set.level_id}"] = criteria_set.pk
    return data | changes


def test_edit_title_and_deadlines_is_audited(
    admin_client, admin_user, open_period, open_assessment
):
    before = open_period.self_assessment_closes
    later = before + timedelta(days=3)
    data = edit_data(
        open_period,
        title="Kỳ đánh giá 2026 (gia hạn)",
        self_assessment_closes=later.strftime("%d/%m/%Y"),
    )
    response = admin_client.post(
        reverse("assessments:period_edit", kwargs={"pk": open_period.pk}), data
    )
    assert response.status_code == 302
    open_period.refresh_from_db()
    assert (open_period.title, open_period.self_assessment_closes) == (
        "Kỳ đánh giá 2026 (gia hạn)",
        later,
    )
    entry = AuditEntry.objects.get(action="period.update")
    assert (entry.actor, entry.old, entry.new) == (
        admin_user,
        {"title": "Đánh giá Chỉ số CCHC năm 2026", "self_assessment_closes": before.isoformat()},
        {"title": "Kỳ đánh giá 2026 (gia hạn)", "self_assessment_closes": later.isoformat()},
    )
    # Saving again without a change writes no audit entry.
    admin_client.post(
        reverse("assessments:period_edit", kwargs={"pk": open_period.pk}), edit_data(open_period)
    )
    assert AuditEntry.objects.filter(action="period.update").count() == 1


def test_edit_adds_units_and_removes_only_those_not_started(
    admin_client,
    admin_user,
    open_period,
    open_assessment,
    self_assessment_set,
    home_affairs,
    ward,
    commune_level,
):
    Entry.objects.create(
        assessment=open_assessment, criterion=self_assessment_set.nodes.get(code="1.2"), numerator=1
    )
    UnitAssessment.objects.create(
        period=open_period, unit=home_affairs, criteria_set=self_assessment_set
    )
    commune_set = build_set(commune_level, by=admin_user)
    url = reverse("assessments:period_edit", kwargs={"pk": open_period.pk})
    page = admin_client.get(url).content.decode()
    # The Justice department has started: its box is checked and cannot be unchecked.
    assert (
        f'value="{open_assessment.unit_id}" id="unit-{open_assessment.unit_id}" checked disabled'
        in page
    )
    # Units posted: only the ward (Justice is not posted, as a disabled box is not).
    data = edit_data(open_period, units=[ward.pk]) | {f"set_{commune_level.pk}": commune_set.pk}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert sorted(open_period.assessments.values_list("unit__name", "criteria_set")) == [
        ("Phường Điện Biên Phủ", commune_set.pk),
        ("Sở Tư pháp", self_assessment_set.pk),
    ]
    entry = AuditEntry.objects.get(action="period.update")
    assert entry.old == {
        "criteria_sets": ["Sở, ban, ngành: Bộ tiêu chí thử nghiệm department 2026 (v1)"]
    }
    assert entry.new == {
        "criteria_sets": [
            "Sở, ban, ngành: Bộ tiêu chí thử nghiệm department 2026 (v1)",
            "UBND xã, phường: Bộ tiêu chí thử nghiệm commune 2026 (v1)",
        ],
        "units_added": ["Phường Điện Biên Phủ"],
        "units_removed": ["Sở Nội vụ"],
    }


def test_a_level_whose_units_started_keeps_its_set(
    admin_client, admin_user, open_period, open_assessment, self_assessment_set, justice
):
    Entry.objects.create(
        assessment=open_assessment, criterion=self_assessment_set.nodes.get(code="1.2"), numerator=1
    )
    second = build_set(self_assessment_set.level, by=admin_user)
    url = reverse("assessments:period_edit", kwargs={"pk": open_period.pk})
    field = f"set_{self_assessment_set.level_id}"
    assert admin_client.get(url).context["form"].fields[field].disabled
    admin_client.post(url, edit_data(open_period) | {field: second.pk})
    open_assessment.refresh_from_db()
    assert open_assessment.criteria_set == self_assessment_set
    assert list(open_period.criteria_sets.all()) == [self_assessment_set]
    with pytest.raises(periods.PeriodError) as refused:
        periods.update_period(
            open_period,
            title=open_period.title,
            dates={name: getattr(open_period, name) for name in periods.DEADLINES},
            criteria_sets=[second],
            units=[justice],
            by=admin_user,
        )
    assert refused.value.messages == [
        "Cấp “Sở, ban, ngành” đã có đơn vị bắt đầu tự đánh giá, không thể đổi bộ tiêu chí."
    ]


def test_the_set_changes_while_no_unit_has_started(
    admin_client, admin_user, open_period, open_assessment
):
    second = build_set(open_assessment.criteria_set.level, by=admin_user)
    url = reverse("assessments:period_edit", kwargs={"pk": open_period.pk})
    admin_client.post(url, edit_data(open_period) | {f"set_{second.level_id}": second.pk})
    open_assessment.refresh_from_db()
    assert open_assessment.criteria_set == second
    assert list(open_period.criteria_sets.all()) == [second]


# --- The period page -----------------------------------------------------------------------


@pytest.fixture
def busy_period(admin_user, self_assessment_set, commune_level, justice, home_affairs, ward):
    """Justice has not started; Home Affairs has entered 2 of 4 items, one missing its evidence
    and one N/A without reason; the ward has submitted and was then reopened."""
    commune_set = build_set(commune_level, by=admin_user)
    period = make_open_period([self_assessment_set, commune_set])
    UnitAssessment.objects.create(period=period, unit=justice, criteria_set=self_assessment_set)
    started = UnitAssessment.objects.create(
        period=period,
        unit=home_affairs,
        criteria_set=self_assessment_set,
        entered_count=2,
        last_activity_at=datetime(2026, 3, 5, 2, 30, tzinfo=UTC),
    )
    nodes = {c.code: c for c in self_assessment_set.nodes.all()}
    Entry.objects.create(assessment=started, criterion=nodes["1.1"], level="x", self_points=1)
    Entry.objects.create(assessment=started, criterion=nodes["1.3"], not_applicable=True)
    UnitAssessment.objects.create(
        period=period,
        unit=ward,
        criteria_set=commune_set,
        state=UnitAssessment.State.SUBMITTED,
        submitted_at=datetime(2026, 3, 10, 9, 5, tzinfo=UTC),
        reopened_until=date(2026, 4, 2),
        entered_count=4,
    )
    return period


def test_period_page_shows_every_units_progress(admin_client, busy_period):
    url = reverse("assessments:period", kwargs={"pk": busy_period.pk})
    html = admin_client.get(url).content.decode()
    assert unit_rows(html) == [
        "Sở Nội vụ Sở, ban, ngành Đang tự chấm 2/4 tiêu chí (50%) 2 09:30 05/03/2026",
        "Sở Tư pháp Sở, ban, ngành Chưa bắt đầu 0/4 tiêu chí (0%) 0 —",
        "Phường Điện Biên Phủ UBND xã, phường Đã nộp 16:05 10/03/2026 Mở lại đến 02/04/2026 "
        "4/4 tiêu chí (100%) 0 —",
    ]
    assert '<rect width="50%"' in html
    for assessment in busy_period.assessments.all():
        link = reverse("assessments:scorecard", kwargs={"pk": assessment.pk})
        assert f'<a href="{link}">{assessment.unit.name}</a>' in html
    today = deadlines.today()
    table = html.split('id="deadlines"')[1].split("<tbody>")[1].split("</tbody>")[0]
    deadline_rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
    assert [_text(row) for row in deadline_rows] == [
        f"Tự đánh giá {today - timedelta(days=1):%d/%m/%Y} {today + timedelta(days=10):%d/%m/%Y} "
        "đang mở",
        f"Thẩm định {today + timedelta(days=11):%d/%m/%Y} {today + timedelta(days=20):%d/%m/%Y} "
        "chưa mở",
        f"Giải trình {today + timedelta(days=21):%d/%m/%Y} {today + timedelta(days=25):%d/%m/%Y} "
        "chưa mở",
        f"Thẩm định lần cuối {today + timedelta(days=26):%d/%m/%Y} "
        f"{today + timedelta(days=30):%d/%m/%Y} chưa mở",
    ]


def test_phases_close_at_midnight_vietnam_time(open_period):
    closes = open_period.self_assessment_closes
    after = deadlines.ends(closes)
    assert [p.status_label for p in periods.phases(open_period, after)] == [
        "đã hết hạn",
        "đang mở",
        "chưa mở",
        "chưa mở",
    ]
    assert periods.phases(open_period, after - timedelta(seconds=1))[0].status == "open"


def test_period_page_filters_by_level_and_progress(admin_client, busy_period):
    url = reverse("assessments:period", kwargs={"pk": busy_period.pk})

    def names(**params):
        response = admin_client.get(url, params)
        return [row.unit.name for row in response.context["rows"]], response.content.decode()

    assert names(progress="submitted")[0] == ["Phường Điện Biên Phủ"]
    assert names(progress="in_progress")[0] == ["Sở Nội vụ"]
    found, html = names(progress="not_started", level="department")
    assert found == ["Sở Tư pháp"]
    assert '<option value="not_started" selected>Chưa bắt đầu</option>' in html
    assert '<option value="department" selected>Sở, ban, ngành</option>' in html
    assert names(level="commune")[0] == ["Phường Điện Biên Phủ"]
    assert names(level="nowhere")[0] == ["Sở Nội vụ", "Sở Tư pháp", "Phường Điện Biên Phủ"]
    assert names(level="nowhere", progress="submitted")[0] == ["Phường Điện Biên Phủ"]


def test_missing_count_is_the_number_of_blockers(busy_period, admin_user, self_assessment_set):
    started = busy_period.assessments.get(unit__code="so-noi-vu")
    node = self_assessment_set.nodes.get(code="1.4")
    linked = Entry.objects.create(assessment=started, criterion=node, points=1, self_points=1)
    evidence = Evidence.objects.create(unit=started.unit, title="Báo cáo", created_by=admin_user)
    EntryEvidence.objects.create(entry=linked, evidence=evidence, linked_by=admin_user)
    Entry.objects.create(
        assessment=started,
        criterion=self_assessment_set.nodes.get(code="1.2"),
        self_points=2,
        explanation="Không bắt buộc",
    )
    rows = {row.unit.code: row for row in periods.unit_rows(busy_period)}
    assert rows["so-noi-vu"].missing_count == len(workflow.blockers(started)) == 2
    assert rows["so-tu-phap"].missing_count == 0


def test_period_list(admin_client, busy_period):
    html = admin_client.get(reverse("assessments:periods")).content.decode()
    rows = re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S)[0]
    closes = busy_period.self_assessment_closes.strftime("%d/%m/%Y")
    assert _text(rows) == (
        "2026 Đánh giá Chỉ số CCHC năm 2026 "
        "Sở, ban, ngành: Bộ tiêu chí thử nghiệm department 2026 (v1) "
        f"UBND xã, phường: Bộ tiêu chí thử nghiệm commune 2026 (v1) 3 1 {closes}"
    )


# --- Reopening a unit ----------------------------------------------------------------------


def test_reopen_needs_a_reason_and_a_date_not_in_the_past(
    admin_client, admin_user, open_assessment, unit_head
):
    workflow.submit(open_assessment, by=unit_head)
    period = open_assessment.period
    close_window(open_assessment)
    url = reverse(
        "assessments:period_reopen", kwargs={"pk": period.pk, "assessment_pk": open_assessment.pk}
    )
    until = deadlines.today() + timedelta(days=5)
    response = admin_client.post(url, {"reason": "  ", "until": until.strftime("%d/%m/%Y")})
    html = response.content.decode()
    assert "Vui lòng ghi lý do mở lại." in html
    assert f'value="{until:%d/%m/%Y}"' in html
    yesterday = deadlines.today() - timedelta(days=1)
    response = admin_client.post(
        url, {"reason": "Lỗi mạng", "until": yesterday.strftime("%d/%m/%Y")}
    )
    assert "Hạn mới không được trước ngày hôm nay." in response.content.decode()
    assert "Lỗi mạng</textarea>" in response.content.decode()
    open_assessment.refresh_from_db()
    assert (open_assessment.state, open_assessment.reopened_until) == ("submitted", None)

    response = admin_client.post(url, {"reason": "Lỗi mạng", "until": f"{until:%d/%m/%Y}"})
    assert response["Location"] == period.get_absolute_url()
    open_assessment.refresh_from_db()
    assert (open_assessment.state, open_assessment.reopened_until) == ("draft", until)
    entry = AuditEntry.objects.get(action="self_assessment.reopen")
    assert (entry.actor, entry.reason, entry.old, entry.new) == (
        admin_user,
        "Lỗi mạng",
        {"state": "submitted"},
        {"state": "draft", "reopened_until": until.isoformat()},
    )
    html = admin_client.get(response["Location"]).content.decode()
    assert f"Đã mở lại tự đánh giá cho Sở Tư pháp đến hết ngày {until:%d/%m/%Y}." in html
    assert f"Mở lại đến {until:%d/%m/%Y}" in unit_rows(html)[0]
    history = _text(html.split('id="history"')[1])
    assert "Mở lại tự đánh giá Sở Tư pháp – Đánh giá Chỉ số CCHC năm 2026" in history
    assert "Lỗi mạng" in history


def test_reopen_answers_404_for_a_unit_of_another_period(
    admin_client, open_assessment, self_assessment_set
):
    other = make_open_period([self_assessment_set], 2027)
    url = reverse(
        "assessments:period_reopen", kwargs={"pk": other.pk, "assessment_pk": open_assessment.pk}
    )
    assert admin_client.get(url).status_code == 404


# --- Access --------------------------------------------------------------------------------


def all_urls(assessment) -> list[str]:
    pk = assessment.period_id
    return [
        reverse("assessments:periods"),
        reverse("assessments:period_create"),
        reverse("assessments:period", kwargs={"pk": pk}),
        reverse("assessments:period_edit", kwargs={"pk": pk}),
        reverse("assessments:period_reopen", kwargs={"pk": pk, "assessment_pk": assessment.pk}),
    ]


@pytest.mark.parametrize("who", ["officer", "unit_head", "appraiser"])
def test_only_admins_may_manage_periods(client, request, open_assessment, who):
    client.force_login(request.getfixturevalue(who))
    for url in all_urls(open_assessment):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"reason": "x", "until": "01/01/2099"}).status_code == 403, url
    open_assessment.refresh_from_db()
    assert open_assessment.reopened_until is None
    assert AssessmentPeriod.objects.count() == 1


def test_anonymous_visitors_are_sent_to_login(client, open_assessment):
    for url in all_urls(open_assessment):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (
            302,
            f"{reverse('login')}?next={url}",
        )


# --- Queries -------------------------------------------------------------------------------


def period_with(n_units: int, n_leaves: int, level, admin_user, year: int) -> AssessmentPeriod:
    criteria_set = build_set(level, year, leaves=many_leaves(n_leaves), by=admin_user)
    period = make_open_period([criteria_set], year)
    leaves = list(criteria_set.nodes.filter(method="self"))
    for i in range(n_units):
        unit = Unit.objects.create(code=f"dv-{period.pk}-{i}", name=f"Đơn vị {i}", level=level)
        assessment = UnitAssessment.objects.create(
            period=period, unit=unit, criteria_set=criteria_set, entered_count=2
        )
        for leaf in leaves[:2]:
            Entry.objects.create(assessment=assessment, criterion=leaf, self_points=1)
    return period


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_period_page_takes_the_same_queries_for_few_or_many_units_and_leaves(
    admin_client, admin_user, department_level, item_count, django_assert_num_queries
):
    period = period_with(item_count, 2 * item_count, department_level, admin_user, 2026)

    # One of them counts the units not submitted, for the confirmation of ending the
    # self-assessment (offered while it is open).
    with django_assert_num_queries(8):
        response = admin_client.get(reverse("assessments:period", kwargs={"pk": period.pk}))

    assert unit_rows(response.content.decode()) == [
        f"Đơn vị {i} Sở, ban, ngành Đang tự chấm 2/{2 * item_count} tiêu chí "
        f"({round(100 / item_count)}%) 2 —"
        for i in range(item_count)
    ]


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_period_list_takes_the_same_queries_for_few_or_many_periods(
    admin_client, admin_user, department_level, item_count, django_assert_num_queries
):
    for year in range(2026, 2026 + item_count):
        period = period_with(2, 3, department_level, admin_user, year)
        period.assessments.update(state="submitted")

    with django_assert_num_queries(4):
        response = admin_client.get(reverse("assessments:periods"))

    titles = re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', response.content.decode())
    assert titles == [
        f"Đánh giá Chỉ số CCHC năm {year}" for year in range(2025 + item_count, 2025, -1)
    ]


# --- In a browser --------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_opens_a_period_in_the_browser(
    page, live_server, admin_user, self_assessment_set, justice, home_affairs
):
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, live_server, "quantri")
    page.goto(f"{live_server.url}{period_create_url()}")
    for name, day in PERIOD_FORM_DATES.items():
        page.locator(f"#id_{name}").fill(day)
    page.get_by_label("Sở Nội vụ").uncheck()
    page.get_by_role("button", name="Tạo kỳ đánh giá").click()

    expect(
        page.get_by_text("Đã tạo kỳ đánh giá “Đánh giá Chỉ số CCHC năm 2026” với 1 đơn vị.")
    ).to_be_visible()
    row = page.locator("#units tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Sở Tư pháp")
    expect(row).to_contain_text("Chưa bắt đầu")
    shot(page, "assessments-period")
    assert console == []
