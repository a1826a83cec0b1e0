"""The annual report's journey in a real browser: the admin opens a publication's analysis, asks
for the annual report, follows its progress while the worker builds it, and downloads the Word
document and the PDF/A; a citizen reads the year's public analysis on a phone."""

import docx
import pypdf
import pytest
from playwright.sync_api import Page, expect

from parindex.accounts.models import Role
from parindex.annual import building
from parindex.annual.models import AnnualReport
from parindex.testing.browser import assert_accessible, log_in, shot
from parindex.testing.documents import pdf_text
from parindex.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def queued(settings):
    """Tasks kept in the queue instead of run at once: the page shows the report waiting, as it
    does until `manage.py db_worker` takes it."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_the_admin_asks_for_the_annual_report_follows_it_and_downloads_it(
    page: Page, live_server, this_year, queued
):
    make_user("quantri", Role.ADMIN)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server, "quantri")
    page.goto(f"{live_server.url}/results/publications/{this_year.pk}/analysis/")
    expect(page.get_by_role("heading", name="Báo cáo năm (Word và PDF)")).to_be_visible()
    shot(page, "annual-analysis")

    page.get_by_role("button", name="Tạo báo cáo năm").click()
    report = page.locator("#annual-report")
    expect(report).to_contain_text("Đang chờ tạo báo cáo…")
    expect(report.get_by_role("progressbar", name="Tiến độ tạo báo cáo")).to_be_visible()
    shot(page, "annual-report-waiting")

    # The worker takes it; the page, polling, shows the downloads without being reloaded.
    building.build(AnnualReport.objects.get())
    expect(report.get_by_role("link", name="Tải báo cáo (PDF)")).to_be_visible(timeout=10_000)
    shot(page, "annual-report-ready")

    with page.expect_download() as word_download:
        report.get_by_role("link", name="Tải báo cáo (Word)").click()
    assert word_download.value.suggested_filename == "Báo cáo Chỉ số CCHC năm 2025.docx"
    document = docx.Document(word_download.value.path())
    assert any("Xã Lập Mới" in paragraph.text for paragraph in document.paragraphs)

    with page.expect_download() as pdf_download:
        report.get_by_role("link", name="Tải báo cáo (PDF)").click()
    assert pdf_download.value.suggested_filename == "Báo cáo Chỉ số CCHC năm 2025.pdf"
    content = pdf_download.value.path().read_bytes()
    assert "Xã Mới" in pdf_text(content)
    metadata = pypdf.PdfReader(pdf_download.value.path()).xmp_metadata
    assert metadata is not None
    assert (metadata.pdfaid_part, metadata.pdfaid_conformance) == ("2", "B")
    assert not errors


def test_the_public_analysis_fits_a_phone_and_passes_axe(page: Page, live_server, this_year):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/ket-qua/2025/")
    page.get_by_role("link", name="Phân tích kết quả").click()
    expect(page).to_have_url(f"{live_server.url}/ket-qua/2025/phan-tich/")
    expect(page.locator("main")).to_contain_text("Tiêu chí thành phần bị mất nhiều điểm nhất")
    shot(page, "annual-public-analysis-phone")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert_accessible(page)
