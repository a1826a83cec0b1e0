"""Setting up a period: the year's only set proposed per level, a draft that still names another
year frozen only once the admin has seen it, and the units chosen a level at a time (the tools
of js/period-form.js, in a browser)."""

import pytest
from playwright.sync_api import expect

from parindex.assessments.models import AssessmentPeriod
from parindex.catalog.models import CriteriaSet, Unit
from parindex.testing.browser import log_in, shot
from parindex.testing.factories import LEAVES, PERIOD_FORM_DATES, draft_set, period_create_url

pytestmark = pytest.mark.django_db

LAST_YEARS_PLAN = "Kế hoạch CCHC năm 2025 của UBND tỉnh"


def test_the_only_set_of_the_year_is_proposed_for_its_level(
    admin_client, admin_user, self_assessment_set, department_level, commune_level, ward
):
    commune_draft = draft_set(commune_level, by=admin_user)
    form = admin_client.get(period_create_url()).context["form"]
    assert form[f"set_{commune_level.pk}"].value() == commune_draft.pk  # a draft, the only one
    assert form[f"set_{department_level.pk}"].value() == self_assessment_set.pk

    draft_set(department_level, by=admin_user)  # v2, a draft: v1 is still the only one in use
    draft_set(commune_level, by=admin_user)  # two drafts: the admin chooses
    form = admin_client.get(period_create_url()).context["form"]
    assert form[f"set_{department_level.pk}"].value() == self_assessment_set.pk
    assert form[f"set_{commune_level.pk}"].value() is None


def test_a_draft_still_naming_another_year_is_frozen_only_once_the_admin_has_seen_it(
    admin_client, admin_user, commune_level, ward
):
    leaves = [LEAVES[0] | {"guidance": LAST_YEARS_PLAN}, *LEAVES[1:]]
    draft = draft_set(commune_level, leaves=leaves, by=admin_user)
    data = {
        "title": "Kỳ thử",
        **PERIOD_FORM_DATES,
        f"set_{commune_level.pk}": draft.pk,
        "units": [ward.pk],
    }

    response = admin_client.post(period_create_url(), data)

    assert response.context["form"].errors[f"set_{commune_level.pk}"] == [
        "Bộ tiêu chí “Bộ tiêu chí thử nghiệm commune 2026 (v1)” là bản nháp còn 1 đoạn văn ghi "
        "năm khác năm 2026 (xem bên dưới). Khi lưu kỳ đánh giá, bộ này được đưa vào áp dụng và "
        "không sửa được nữa: hãy sửa bộ tiêu chí trước, hoặc đánh dấu ô xác nhận cuối trang."
    ]
    page = " ".join(response.text.split())
    assert "<strong>1.1</strong> · Hướng dẫn chấm: Kế hoạch CCHC năm <mark>2025</mark>" in page
    assert 'name="other_years_checked"' in page
    assert f'href="{draft.get_absolute_url()}">Mở bộ tiêu chí để sửa</a>' in page
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.DRAFT and not AssessmentPeriod.objects.exists()

    response = admin_client.post(period_create_url(), data | {"other_years_checked": "on"})

    period = AssessmentPeriod.objects.get()
    assert response["Location"] == period.get_absolute_url()
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.IN_USE


def test_the_form_works_without_its_script(admin_client, self_assessment_set, justice, ward):
    html = admin_client.get(period_create_url()).text
    # The tools wait hidden for the script; the checkboxes are there, each unit with its level.
    assert '<div class="row g-2 align-items-end mb-3" data-unit-tools hidden>' in html
    assert '<script src="/static/js/period-form.js" defer nonce="' in html
    assert 'data-level-group="department"' in html and 'data-level-group="commune"' in html
    assert 'data-unit-name="Sở Tư pháp"><div class="form-check">' in html
    assert html.count('name="units"') == 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_chooses_the_units_a_level_at_a_time(
    page, live_server, admin_user, self_assessment_set, commune_level, justice, home_affairs, ward
):
    commune_set = draft_set(commune_level, by=admin_user)
    Unit.objects.create(code="xa-ang-nua", name="Xã Ảng Nưa", level=commune_level)
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, live_server, "quantri")
    page.goto(f"{live_server.url}{period_create_url()}")
    for name, day in PERIOD_FORM_DATES.items():
        page.locator(f"#id_{name}").fill(day)
    tools = page.locator("[data-unit-tools]")
    expect(tools).to_contain_text("Đã chọn 4/4 đơn vị đang hiện")

    page.get_by_label("Hiện đơn vị của cấp").select_option(label="UBND xã, phường")
    expect(page.get_by_label("Sở Tư pháp")).to_be_hidden()
    page.get_by_role("button", name="Bỏ chọn tất cả").click()
    expect(tools).to_contain_text("Đã chọn 0/2 đơn vị đang hiện")
    page.get_by_label("Tìm theo tên đơn vị").fill("ang nua")
    expect(page.get_by_label("Phường Điện Biên Phủ")).to_be_hidden()
    page.get_by_role("button", name="Chọn tất cả", exact=True).click()
    expect(tools).to_contain_text("Đã chọn 1/1 đơn vị đang hiện")
    shot(page, "assessments-period-units")
    page.get_by_role("button", name="Tạo kỳ đánh giá").click()

    expect(page.get_by_text("với 3 đơn vị.")).to_be_visible()
    period = AssessmentPeriod.objects.get()
    assert sorted(period.assessments.values_list("unit__name", "criteria_set")) == [
        ("Sở Nội vụ", self_assessment_set.pk),
        ("Sở Tư pháp", self_assessment_set.pk),
        ("Xã Ảng Nưa", commune_set.pk),
    ]
    assert console == []
