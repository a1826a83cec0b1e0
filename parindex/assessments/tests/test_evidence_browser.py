"""Evidence in a real browser: upload, refusal and unlinking with htmx; the document page on a
laptop and a phone."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parindex.assessments import evidence, files
from parindex.assessments.models import EntryEvidence, Evidence, EvidenceFile
from parindex.testing.browser import SCREENSHOTS, log_in, shot
from parindex.testing.evidence import REFERENCE, evidence_url
from parindex.testing.factories import HTML, PDF, add_document, upload
from parindex.testing.factories import criterion as _criterion  # tests name theirs `criterion`


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_uploads_and_unlinks_evidence_with_htmx_in_a_browser(
    page, live_server, officer, open_assessment, tmp_path
):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(officer.username)
    page.get_by_label("Mật khẩu").fill("x-Secret-123")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + evidence_url("evidence_upload", open_assessment, "1.1"))
    block = page.locator(f"#evidence-{_criterion(open_assessment, '1.1').pk}")
    expect(block).to_contain_text("Chưa có tài liệu kiểm chứng")

    fake = tmp_path / "ke-hoach.pdf"
    fake.write_bytes(HTML)
    block.get_by_label("Tệp").set_input_files(fake)
    block.get_by_label("Số, ký hiệu").fill("125/QĐ-UBND")
    block.get_by_role("button", name="Tải lên").click()
    expect(block.get_by_role("alert")).to_contain_text("không phải là loại tệp được nhận")
    expect(block.get_by_label("Số, ký hiệu")).to_have_value("125/QĐ-UBND")
    assert page.url.endswith(
        evidence_url("evidence_upload", open_assessment, "1.1")
    )  # swapped, no reload
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # caret="initial": hiding the caret leaves style="" on inputs, which htmx then settles.
    page.screenshot(path=SCREENSHOTS / "evidence-refused.png", full_page=True, caret="initial")

    real = tmp_path / "Quyết định 125.pdf"
    real.write_bytes(PDF)
    block.get_by_label("Tệp").set_input_files(real)
    block.get_by_role("button", name="Tải lên").click()
    expect(block.get_by_role("status")).to_contain_text("Đã thêm tài liệu “Quyết định 125”")
    expect(block.get_by_role("link", name="Tải về")).to_be_visible()
    expect(block).to_contain_text("Số 125/QĐ-UBND")
    page.screenshot(path=SCREENSHOTS / "evidence-item.png", full_page=True, caret="initial")

    block.get_by_role("button", name="Bỏ gắn").click()
    expect(block.get_by_role("status")).to_contain_text("tài liệu vẫn còn trong thư viện")
    expect(block).to_contain_text("Chưa có tài liệu kiểm chứng")
    expect(block.get_by_label("Hoặc gắn tài liệu có sẵn trong thư viện")).to_be_visible()
    assert EntryEvidence.objects.count() == 0 and EvidenceFile.objects.count() == 1
    page.goto(live_server.url + reverse("assessments:evidence_library"))
    expect(page.get_by_role("link", name="Quyết định 125.pdf")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "evidence-library.png", full_page=True)
    page.goto(
        live_server.url + reverse("assessments:evidence_detail", args=[Evidence.objects.get().pk])
    )
    page.screenshot(path=SCREENSHOTS / "evidence-detail.png", full_page=True)
    assert problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 375])
def test_the_document_page_never_scrolls_sideways(
    page, live_server, officer, open_assessment, width
):
    name = "Quyết định ban hành Kế hoạch cải cách hành chính năm 2026 của UBND tỉnh Điện Biên.pdf"
    document = add_document(open_assessment, officer, "1.1", name=name)
    evidence.update_reference(document, REFERENCE | {"issued_on": date(2026, 1, 15)}, by=officer)
    for version in (2, 3):
        content = PDF.replace(b"Catalog", b"Catalog /V %d" % version)
        evidence.add_version(document, files.check_upload(upload(name, content)), by=officer)
    criterion = _criterion(open_assessment, "1.4")
    evidence.link_to_item(open_assessment, criterion, document, by=officer)
    evidence.unlink_from_item(open_assessment, criterion, document, by=officer)

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, officer.username)
    page.goto(live_server.url + reverse("assessments:evidence_detail", args=[document.pk]))
    page.locator("#versions summary").first.click()  # the whole hash, to copy
    for table in ("#versions", "#history"):
        box = page.locator(table).locator("xpath=..")
        assert box.evaluate("box => box.scrollWidth <= box.clientWidth"), table
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Fitting is not enough: values stay wide enough to read (on a phone a row becomes a block).
    unlinked_from = page.locator("#history tbody tr").first.locator("td.text-break").first
    assert unlinked_from.bounding_box()["width"] > 250
    shot(page, f"evidence-detail-{width}px")
