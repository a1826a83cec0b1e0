"""The admin's widest pages in a real browser: on a laptop the navbar keeps one line and the results
preview never makes the page scroll sideways; on a phone the menu folds and the tables scroll inside
their box with the unit's name kept in view."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from parindex.assessments.models import UnitAssessment
from parindex.catalog.models import Unit
from parindex.testing.browser import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ONE_LINE = 70  # px: Bootstrap's navbar is 56 px high on one line, 100 and more on two.


@pytest.fixture
def late_unit(finalized, appraisal_period, appraisal_set, department_level):
    """A long name and both flags (not submitted, not appraised): the widest row of the preview."""
    unit = Unit.objects.create(
        code="so-van-hoa", name="Sở Văn hóa, Thể thao và Du lịch", level=department_level
    )
    return UnitAssessment.objects.create(
        period=appraisal_period, unit=unit, criteria_set=appraisal_set, state="draft"
    )


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.mark.parametrize("width", [1366, 1280])
def test_on_a_laptop_the_admin_navbar_is_one_line_and_the_preview_fits(
    page: Page, live_server, settings, admin_user, finalized, late_unit, appraisal_period, width
):
    settings.DEMO_MODE = True  # the demo badge too: the widest navbar there is
    page.set_viewport_size({"width": width, "height": 768})
    log_in(page, live_server, "quantri")
    expect(page.get_by_role("button", name="Mở trình đơn")).to_be_hidden()
    expect(page.get_by_role("link", name="Kết quả Chỉ số CCHC")).to_be_visible()
    assert page.locator("nav.navbar").bounding_box()["height"] < ONE_LINE

    page.goto(live_server.url + reverse("results:preview", args=[appraisal_period.pk]))
    expect(page.locator("#ranking-department tbody tr")).to_have_count(3)
    assert page.locator("nav.navbar").bounding_box()["height"] < ONE_LINE
    assert not scrolls_sideways(page)
    for table in ("#ranking-department", "#areas-department"):
        box = page.locator(table).locator("xpath=..")
        assert box.evaluate("box => box.scrollWidth <= box.clientWidth"), table
    shot(page, f"results-preview-{width}px")


def test_on_a_phone_the_menu_folds_and_the_preview_scrolls_inside_its_tables(
    page: Page, live_server, admin_user, finalized, appraisal_period
):
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, "quantri")
    page.goto(live_server.url + reverse("results:preview", args=[appraisal_period.pk]))
    ranking = page.locator("#ranking-department")
    box = ranking.locator("xpath=..")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    name = ranking.get_by_role("rowheader", name="Sở Tư pháp")
    assert abs(name.bounding_box()["x"] - box.bounding_box()["x"]) < 1
    assert not scrolls_sideways(page)
    shot(page, "results-preview-375px")

    expect(page.get_by_role("link", name="Kết quả Chỉ số CCHC")).to_be_hidden()
    page.get_by_role("button", name="Mở trình đơn").click()
    expect(page.get_by_role("link", name="Kết quả Chỉ số CCHC")).to_be_visible()
    assert not scrolls_sideways(page)


def test_a_signed_in_user_switches_language_from_the_user_menu(page: Page, live_server, admin_user):
    log_in(page, live_server, "quantri")
    page.get_by_role("button", name="Nguyễn Văn Quản").click()
    expect(page.get_by_role("button", name="Tiếng Việt")).to_have_attribute("aria-current", "true")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_text("Hello, Nguyễn Văn Quản")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Nguyễn Văn Quản").click()
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-current", "true")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.get_by_text("Xin chào, Nguyễn Văn Quản")).to_be_visible()
