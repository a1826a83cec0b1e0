"""Journeys in a real browser: an admin imports a criteria set from Excel; an officer is refused."""

import pytest
from playwright.sync_api import Page, expect

from parindex.catalog import interchange
from parindex.catalog.models import CriteriaSet, Field
from parindex.demo.catalog import REFERENCE_DIR as REFERENCE
from parindex.scoring.criteria_format import parse_criteria
from parindex.testing.browser import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_imports_a_criteria_set_from_the_excel_template(
    page: Page, live_server, admin_user, commune_level, tmp_path
):
    spec = parse_criteria(
        interchange.read_yaml((REFERENCE / "criteria-2025-commune.yaml").read_bytes())
    )
    for area in spec.nodes:
        Field.objects.get_or_create(code=area.field, defaults={"name": area.title})
    workbook = tmp_path / "bo-tieu-chi-xa-2025.xlsx"
    workbook.write_bytes(interchange.write_xlsx(spec))

    log_in(page, live_server, "quantri")
    page.get_by_role("button", name="Danh mục").click()
    page.get_by_role("link", name="Bộ tiêu chí").click()
    expect(page.get_by_role("heading", name="Bộ tiêu chí")).to_be_visible()
    page.get_by_role("link", name="Nhập bộ tiêu chí").click()
    page.get_by_label("Tệp bộ tiêu chí (.yaml hoặc .xlsx)").set_input_files(workbook)
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    expect(page.get_by_text("Tệp hợp lệ")).to_be_visible()
    shot(page, "catalog-import-preview")
    page.get_by_role("button", name="Xác nhận nhập (bản nháp)").click()

    expect(page.get_by_text("Đã nhập bộ tiêu chí")).to_be_visible()
    expect(
        page.locator("tr#node-" + str(CriteriaSet.objects.get().nodes.get(code="1").pk))
    ).to_contain_text(spec.nodes[0].title)
    assert CriteriaSet.objects.get().nodes.count() == sum(1 for _ in spec_nodes(spec.nodes))
    shot(page, "catalog-criteria-tree")


def spec_nodes(nodes):
    for node in nodes:
        yield node
        yield from spec_nodes(node.children)


def test_unit_officer_is_refused_the_catalog(page: Page, live_server, officer):
    log_in(page, live_server, "stp.canbo")
    expect(page.get_by_text("Xin chào, Lò Thị Hoa")).to_be_visible()
    expect(page.get_by_role("button", name="Danh mục")).to_have_count(0)
    response = page.goto(f"{live_server.url}/catalog/criteria/")
    assert response.status == 403
    expect(page.get_by_text("Bạn không có quyền truy cập trang này.")).to_be_visible()
    shot(page, "catalog-refused-officer")


def test_layout_works_on_a_phone(page: Page, live_server, admin_user):
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, "quantri")
    page.get_by_role("button", name="Mở trình đơn").click()
    expect(page.get_by_role("button", name="Danh mục")).to_be_visible()
    shot(page, "home-375px")
