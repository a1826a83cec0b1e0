"""Published PDFs signed with the province's certificate (PAdES), and the public page that
recognises a copy and checks its signature. The certificate is made for the test."""

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import override_settings
from django.urls import reverse

from parindex.core import signing
from parindex.results import stored_documents
from parindex.testing.certificates import make_pkcs12
from parindex.testing.documents import tiny_pdf

pytestmark = pytest.mark.django_db

PASSWORD = "mật khẩu chứng thư"


@pytest.fixture
def certificate(tmp_path):
    """The installation signs with a throw-away certificate for the test's duration."""
    path = make_pkcs12(tmp_path / "tinh.p12", PASSWORD)
    signing._signer.cache_clear()
    with override_settings(PDF_SIGNING_PKCS12=str(path), PDF_SIGNING_PASSWORD=PASSWORD):
        yield path
    signing._signer.cache_clear()


def changed(content: bytes) -> bytes:
    """One byte of the signed document changed, the file still a PDF: the first page's width
    (a byte picked at random may fall in the signature itself, which then cannot be read)."""
    width = re.search(rb"/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+(\d)", content)
    assert width is not None
    at = width.start(1)
    copy = bytearray(content)
    copy[at] = ord("1") if copy[at] != ord("1") else ord("2")
    return bytes(copy)


def test_nothing_is_signed_without_a_certificate():
    content = tiny_pdf()

    assert signing.sign_pdf(content, reason="r", location="l") == content
    assert signing.signatures(content) == []
    assert signing.signer_name() == ""


def test_a_signed_pdf_verifies_and_keeps_the_document_before_its_signature(certificate):
    content = tiny_pdf()

    signed = signing.sign_pdf(content, reason="Công bố", location="Điện Biên")

    assert signed.startswith(content)  # an incremental update: a PDF/A stays one
    [signature] = signing.signatures(signed)
    assert signature.valid
    assert signature.signer == "Sở Nội vụ tỉnh Điện Biên"
    assert signature.signed_at is not None


def test_a_changed_byte_breaks_the_signature(certificate):
    signed = signing.sign_pdf(tiny_pdf(), reason="Công bố", location="Điện Biên")

    [signature] = signing.signatures(changed(signed))

    assert not signature.intact
    assert not signature.valid


def test_bytes_added_after_the_signature_are_seen(certificate):
    signed = signing.sign_pdf(tiny_pdf(), reason="Công bố", location="Điện Biên")

    [signature] = signing.signatures(signed + b"\n% added\n")

    assert signature.intact and not signature.whole_file and not signature.valid


def test_a_signature_by_another_certificate_is_not_ours(certificate, tmp_path):
    other = make_pkcs12(tmp_path / "khac.p12", "khac", name="Sở Nội vụ tỉnh Điện Biên")
    with override_settings(PDF_SIGNING_PKCS12=str(other), PDF_SIGNING_PASSWORD="khac"):
        signed = signing.sign_pdf(tiny_pdf(), reason="Giả mạo", location="Điện Biên")

    [signature] = signing.signatures(signed)

    assert signature.intact and not signature.ours and not signature.valid


def test_the_published_report_is_stored_signed_with_who_and_when(certificate, publication, media):
    content = stored_documents.report_pdf(publication)

    publication.refresh_from_db()
    [signature] = signing.signatures(content)
    assert signature.valid
    assert publication.report_signer == "Sở Nội vụ tỉnh Điện Biên"
    assert publication.report_signed_at is not None
    assert publication.report_sha256 == signing.sha256(content)


def test_the_public_page_says_the_report_is_signed(client, certificate, publication, media):
    stored_documents.report_pdf(publication)

    page = client.get(reverse("results:ranking", args=[publication.year])).content.decode()

    assert "Báo cáo PDF được ký số bởi Sở Nội vụ tỉnh Điện Biên" in page
    assert reverse("results:verify") in page


def upload(client, content: bytes, name: str = "bao-cao.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("results:verify"),
        {"file": SimpleUploadedFile(name, content, "application/pdf")},
    )


def test_a_visitor_checks_a_published_report(client, certificate, publication, media):
    content = stored_documents.report_pdf(publication)

    page = upload(client, content).content.decode()

    assert "Đúng là báo cáo kết quả Chỉ số CCHC năm 2026, phiên bản 1" in page
    assert "Chữ ký số hợp lệ của Sở Nội vụ tỉnh Điện Biên" in page


def test_a_changed_copy_is_neither_ours_nor_validly_signed(client, certificate, publication, media):
    content = stored_documents.report_pdf(publication)

    page = upload(client, changed(content)).content.decode()

    assert "Tệp không trùng khớp với văn bản nào đã công bố" in page
    assert "nội dung đã bị thay đổi sau khi ký" in page


def test_a_unit_scorecard_is_recognised(client, publication, media):
    result = publication.results.select_related("publication", "unit", "level").first()
    content = stored_documents.scorecard_pdf(result)

    page = upload(client, content).content.decode()

    assert f"Đúng là phiếu kết quả của {result.unit_name} năm 2026" in page
    assert "Tệp không có chữ ký số." in page


def test_a_file_that_is_not_a_pdf_is_refused_with_a_message(client):
    response = upload(client, b"PK\x03\x04 not a pdf", "bao-cao.xlsx")

    assert "Tệp không phải là PDF." in response.content.decode()
    assert 'id="check"' not in response.content.decode()


def test_a_broken_pdf_is_answered_calmly(client):
    page = upload(client, b"%PDF-1.7\n garbage").content.decode()

    assert "Tệp không trùng khớp" in page
    assert "Không đọc được chữ ký số" in page


def test_signing_works_inside_a_running_event_loop(certificate):
    """As under an ASGI server (or Playwright in the tests): pyHanko's own loop cannot start."""

    async def inside() -> list:
        signed = signing.sign_pdf(tiny_pdf(), reason="Công bố", location="Điện Biên")
        return signing.signatures(signed)

    # In a thread of its own: the test itself may run where a loop is running (after Playwright).
    with ThreadPoolExecutor(max_workers=1) as pool:
        [signature] = pool.submit(asyncio.run, inside()).result()

    assert signature.valid
