"""Evidence: file checks (content, extension, zip bombs), upload/link/unlink on an item, the
library, versions, downloads and who may do what."""

import hashlib
import io
import json
import re
import struct
import unicodedata
import zipfile
from datetime import date, timedelta
from urllib.parse import quote

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import stored_files
from parindex.assessments import deadlines, evidence, files, scorecard, workflow
from parindex.assessments.models import (
    Entry,
    EntryEvidence,
    Evidence,
    EvidenceFile,
    UnitAssessment,
)
from parindex.catalog.models import Criterion
from parindex.core import archives
from parindex.core.models import AuditEntry

from .conftest import build_set

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 1, 1) + b"\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00" + b"\x00" * 64
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
SCREENSHOTS = settings.BASE_DIR / "test-results" / "screenshots"
REFERENCE = {
    "title": "Quyết định ban hành Kế hoạch CCHC năm 2026",
    "reference_number": "125/QĐ-UBND",
    "issued_on": "15/01/2026",
    "issuer": "UBND tỉnh Điện Biên",
    "summary": "Ban hành Kế hoạch cải cách hành chính năm 2026",
}


def zip_bytes(entries, *, first=("[Content_Types].xml", CONTENT_TYPES)) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(*first)
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(*extra) -> bytes:
    return zip_bytes([("_rels/.rels", "<Relationships/>"), ("word/document.xml", "<w/>"), *extra])


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", files.ODT)  # stored, first, as ODF requires
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Tỷ lệ hoàn thành"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def old_word() -> bytes:
    # An OLE compound file that libmagic only calls "OLE storage", with Word's main stream.
    return bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + "WordDocument".encode("utf-16-le")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _criterion(assessment, code) -> Criterion:
    return Criterion.objects.get(criteria_set=assessment.criteria_set, code=code)


def _url(name, assessment, code, *extra) -> str:
    return reverse(
        f"assessments:{name}", args=[assessment.pk, _criterion(assessment, code).pk, *extra]
    )


def _upload(client, assessment, code, file=None, *, htmx=False, **reference):
    data = dict(reference) | ({"file": file} if file is not None else {})
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(_url("evidence_upload", assessment, code), data, headers=headers)


def _document(assessment, officer, code="1.1", name="qd-125.pdf", content=PDF) -> Evidence:
    """A document uploaded to an item through the domain function, as the views do."""
    checked = files.check_upload(upload(name, content))
    return evidence.upload_to_item(
        assessment, _criterion(assessment, code), file=checked, reference={}, by=officer
    )


# The checks on a file's content --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("qd.pdf", PDF, files.PDF),
        ("anh.png", PNG, files.PNG),
        ("anh.JPG", JPEG, files.JPEG),
        ("anh.jpeg", JPEG, files.JPEG),
        ("bao-cao.docx", docx(), files.DOCX),
        ("so-lieu.xlsx", xlsx(), files.XLSX),
        ("van-ban.odt", odt(), files.ODT),
        ("cu.doc", old_word(), files.DOC),
    ],
)
def test_allowed_kinds_are_recognised_by_their_content(name, content, kind):
    checked = files.check_upload(upload(name, content))
    assert checked.content_type == kind
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_a_docx_whose_first_entry_is_not_the_content_types_is_still_word():
    content = zip_bytes(
        [("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", "<w/>")],
        first=("_rels/.rels", "<Relationships/>"),
    )
    assert files.check_upload(upload("a.docx", content)).content_type == files.DOCX


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.pdf", HTML, "Nội dung tệp “ke-hoach.pdf” không phải là loại tệp được nhận."),
        ("setup.pdf", EXE, "Nội dung tệp “setup.pdf” không phải là loại tệp được nhận."),
        ("anh.png", SVG, "Nội dung tệp “anh.png” không phải là loại tệp được nhận."),
        ("nen.docx", zip_bytes([("a.txt", "x")], first=None), "không phải là loại tệp được nhận"),
        ("hinh.pdf", PNG, "Nội dung tệp là PNG, không khớp với phần mở rộng “.pdf”."),
        ("so-lieu.xlsx", docx(), "Nội dung tệp là Word (.docx), không khớp với phần mở rộng"),
        ("setup.exe", EXE, "Không nhận tệp có phần mở rộng “.exe”."),
        ("hinh.svg", SVG, "Không nhận tệp có phần mở rộng “.svg”."),
        ("trang.html", HTML, "Không nhận tệp có phần mở rộng “.html”."),
        ("tai-lieu.zip", docx(), "Không nhận tệp có phần mở rộng “.zip”."),
        ("khong-duoi", PDF, "Không nhận tệp có phần mở rộng “(không có)”."),
        ("rong.pdf", b"", "Tệp “rong.pdf” rỗng, không có nội dung."),
    ],
)
def test_wrong_files_are_refused_with_the_reason(name, content, message):
    with pytest.raises(files.EvidenceError) as refused:
        files.check_upload(upload(name, content))
    assert message in str(refused.value)


BOMB = "Tệp có cấu trúc nén bất thường"


def test_a_docx_zip_bomb_is_refused_before_anything_is_unpacked():
    # 4 MiB of zeros packs into ~4 KB: a ratio no real document has.
    content = docx(("word/media/bomb.xml", b"\x00" * (4 * 1024 * 1024)))
    assert len(content) < 50_000
    with pytest.raises(files.EvidenceError, match=BOMB):
        files.check_upload(upload("bao-cao.docx", content))


def test_a_docx_unpacking_past_ten_times_the_limit_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    # Twelve entries of 1 MiB each: none above the per-entry ratio threshold, 12 MiB in total.
    parts = [(f"word/media/p{i}.xml", b"\x00" * (1024 * 1024)) for i in range(12)]
    content = docx(*parts)
    assert len(content) < settings.EVIDENCE_MAX_BYTES
    with pytest.raises(files.EvidenceError, match=BOMB):
        files.check_upload(upload("bao-cao.docx", content))


def test_a_docx_with_too_many_entries_is_refused():
    content = docx(*[(f"word/p{i}.xml", "") for i in range(archives.MAX_ENTRIES)])
    with pytest.raises(files.EvidenceError, match=BOMB):
        files.check_upload(upload("bao-cao.docx", content))


def test_a_file_above_the_limit_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 40
    with pytest.raises(files.EvidenceError, match="quá lớn") as refused:
        files.check_upload(upload("qd.pdf", PDF))
    assert "tối đa là 40\xa0byte" in str(refused.value)


def test_file_names_are_nfc_and_lose_paths_and_control_characters():
    decomposed = unicodedata.normalize("NFD", "Quyết định số 125.pdf")
    assert files.clean_name(decomposed) == "Quyết định số 125.pdf"
    assert files.clean_name("..\\..\\etc/Báo\ncáo.pdf") == "Báocáo.pdf"
    long = "Kế hoạch " * 40 + ".docx"
    assert len(files.clean_name(long)) == 255 and files.clean_name(long).endswith(".docx")


# Upload, link, unlink on an item -----------------------------------------------------------


@pytest.mark.django_db
def test_officer_uploads_a_pdf_with_its_reference_to_an_item(
    officer_client, officer, assessment, media
):
    name = unicodedata.normalize("NFD", "Quyết định số 125.pdf")
    response = _upload(officer_client, assessment, "1.1", upload(name, PDF), **REFERENCE)
    assert response.status_code == 302
    assert response["Location"] == f"{assessment.get_absolute_url()}#item-1.1"
    document = Evidence.objects.get()
    assert (document.unit, document.title, document.reference_number) == (
        assessment.unit,
        REFERENCE["title"],
        "125/QĐ-UBND",
    )
    assert (document.issued_on, document.issuer, document.created_by) == (
        date(2026, 1, 15),
        "UBND tỉnh Điện Biên",
        officer,
    )
    stored = EvidenceFile.objects.get()
    assert stored.original_name == "Quyết định số 125.pdf"
    assert (stored.version, stored.content_type, stored.size) == (1, "application/pdf", len(PDF))
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.uploaded_by == officer
    # The storage path is random, never the user's name.
    assert stored.file.name.startswith(f"evidence/{assessment.unit_id}/")
    assert "Quy" not in stored.file.name and stored.file.name.endswith(".pdf")
    assert [p.read_bytes() for p in stored_files(media)] == [PDF]
    entry = Entry.objects.get()
    assert (entry.criterion.code, entry.version, entry.updated_by) == ("1.1", 0, officer)
    assert list(entry.evidence.all()) == [document]
    audit = AuditEntry.objects.get(action="evidence.upload")
    assert audit.target_type == "assessments.entry" and audit.target_id == str(entry.pk)
    assert audit.old is None
    assert audit.new == {
        "code": "1.1",
        "evidence_id": document.pk,
        "title": REFERENCE["title"],
        "reference_number": "125/QĐ-UBND",
        "issued_on": "15/01/2026",
        "issuer": "UBND tỉnh Điện Biên",
        "summary": REFERENCE["summary"],
        "file": "Quyết định số 125.pdf",
        "version": 1,
        "size": len(PDF),
        "sha256": stored.sha256,
    }
    assert AuditEntry.objects.get(action="evidence.create").target_id == str(document.pk)
    assessment.refresh_from_db()
    assert assessment.last_activity_at is not None
    page = officer_client.get(response["Location"]).content.decode()
    assert f"Đã thêm tài liệu “{REFERENCE['title']}” cho tiêu chí 1.1." in page


@pytest.mark.django_db
def test_htmx_upload_returns_the_item_evidence_block(officer_client, assessment):
    response = _upload(officer_client, assessment, "1.4", upload("bao-cao.pdf", PDF), htmx=True)
    page = response.content.decode()
    criterion = _criterion(assessment, "1.4")
    stored = EvidenceFile.objects.get()
    assert response.status_code == 200
    assert page.lstrip().startswith(
        f'<section class="evidence-block border-top pt-2 mt-2" id="evidence-{criterion.pk}"'
    )
    assert "Đã thêm tài liệu “bao-cao” cho tiêu chí 1.4." in page
    assert reverse("assessments:evidence_file", args=[stored.pk]) in page
    assert f"bao-cao.pdf, {len(PDF)}\xa0byte" in page
    assert "Chưa có tài liệu kiểm chứng" not in page
    assert f'hx-target="#evidence-{criterion.pk}"' in page


def _contents_summary(html: str) -> str:
    summary = re.search(r'<span id="contents-summary"[^>]*>(.*?)</span>', html, re.S)[1]
    return " ".join(summary.split())


def test_the_items_explanation_warning_follows_its_documents(officer_client, assessment, media):
    """A change of an item's documents sends the event evidence-changed; the scorecard's parts that
    follow the documents (the item's explanation line, the contents' counts) listen to it and ask
    for themselves again: wherever the documents were changed, nothing depends on the address."""
    criterion = _criterion(assessment, "1.1")
    Entry.objects.create(
        assessment=assessment, criterion=criterion, level="Ban hành đúng thời hạn", self_points=1
    )
    warning = "Có điểm nhưng chưa có tài liệu kiểm chứng bắt buộc: cần ghi giải trình."
    line_url = reverse("assessments:explanation_needed", args=[assessment.pk, criterion.pk])
    contents_url = reverse("assessments:contents", args=[assessment.pk])
    page = officer_client.get(assessment.get_absolute_url()).text
    assert warning in page
    listener = re.search(rf'<div id="explanation-needed-{criterion.pk}"([^>]*)>', page)[1].split()
    assert listener == [
        'hx-trigger="evidence-changed',
        "from:closest",
        'article"',
        f'hx-get="{line_url}"',
        'hx-swap="outerHTML"',
    ]
    assert f'hx-get="{contents_url}" hx-trigger="evidence-changed from:body" hx-swap="none"' in page
    assert _contents_summary(page).endswith("· 1 tiêu chí cần bổ sung")
    htmx = {"HX-Request": "true"}
    changed = {"evidence-changed": {"criterion": criterion.pk}}

    response = _upload(officer_client, assessment, "1.1", upload("qd.pdf", PDF), htmx=True)
    assert json.loads(response["HX-Trigger"]) == changed
    line = officer_client.get(line_url, headers=htmx).text
    assert line.lstrip().startswith(f'<div id="explanation-needed-{criterion.pk}"')
    assert warning not in line
    contents = officer_client.get(contents_url, headers=htmx).text
    assert '<span id="contents-summary" hx-swap-oob="true">' in contents
    assert 'id="contents-list" hx-swap-oob="true"' in contents
    assert "cần bổ sung" not in _contents_summary(contents)

    stored = Evidence.objects.get()
    unlink = _url("evidence_unlink", assessment, "1.1", stored.pk)
    response = officer_client.post(unlink, headers=htmx)
    assert json.loads(response["HX-Trigger"]) == changed
    assert warning in officer_client.get(line_url, headers=htmx).text
    contents = officer_client.get(contents_url, headers=htmx).text
    assert _contents_summary(contents).endswith("· 1 tiêu chí cần bổ sung")
    # Refused, nothing changed: no event. Without JavaScript: back to the item (PRG).
    response = officer_client.post(unlink, headers=htmx)
    assert 'role="alert"' in response.text and "HX-Trigger" not in response
    page_url = assessment.get_absolute_url()
    link = _url("evidence_link", assessment, "1.1")
    assert officer_client.post(link, {"evidence": stored.pk})["Location"] == f"{page_url}#item-1.1"
    # The fragments' addresses lead a plain visit to the page.
    assert officer_client.get(line_url)["Location"] == f"{page_url}#item-1.1"
    assert officer_client.get(contents_url)["Location"] == f"{page_url}#contents"


@pytest.mark.django_db
def test_the_fragments_that_follow_the_documents_are_the_units_own(
    client, assessment, officer, other_unit_officer, admin_user
):
    """The explanation line and the contents are read like the page: the unit and the
    administrators; anyone else (another unit's officer) gets 404, whatever the fragment."""
    criterion = _criterion(assessment, "1.1")
    urls = [
        reverse("assessments:explanation_needed", args=[assessment.pk, criterion.pk]),
        reverse("assessments:contents", args=[assessment.pk]),
    ]
    htmx = {"HX-Request": "true"}
    for user, status in ((other_unit_officer, 404), (officer, 200), (admin_user, 200)):
        client.force_login(user)
        assert [client.get(url, headers=htmx).status_code for url in urls] == [status] * 2, user
    client.force_login(officer)
    other = build_set(assessment.criteria_set.level, 2025).nodes.filter(rule__isnull=False).first()
    url = reverse("assessments:explanation_needed", args=[assessment.pk, other.pk])
    assert client.get(url, headers=htmx).status_code == 404  # a leaf of another set


@pytest.mark.django_db
def test_an_official_reference_may_have_no_file(officer_client, assessment, media):
    response = _upload(officer_client, assessment, "1.1", htmx=True, **REFERENCE)
    document = Evidence.objects.get()
    assert document.reference_number == "125/QĐ-UBND" and not document.files.exists()
    assert stored_files(media) == []
    page = response.content.decode()
    assert "văn bản, không kèm tệp" in page
    assert "Số 125/QĐ-UBND ngày 15/01/2026 của UBND tỉnh Điện Biên" in " ".join(page.split())


@pytest.mark.django_db
def test_neither_file_nor_name_marks_the_name_field(officer_client, assessment):
    response = _upload(officer_client, assessment, "1.1", htmx=True, reference_number="12/KH")
    page = response.content.decode()
    criterion = _criterion(assessment, "1.1")
    assert "Chưa thêm được tài liệu: xem lỗi bên dưới." in page
    assert (
        f'<input class="form-control form-control-sm is-invalid" type="text" name="title" '
        f'maxlength="500" id="ev{criterion.pk}-title" value=""'
    ) in " ".join(page.split())
    assert (
        '<div class="invalid-feedback d-block">Chọn tệp, hoặc nhập tên tài liệu nếu chỉ ghi '
        "thông tin văn bản.</div>"
    ) in page
    assert 'value="12/KH"' in page
    # No file was chosen: nothing to choose again.
    assert "Vui lòng chọn lại tệp." not in page
    assert not Evidence.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [True, False])
def test_a_day_that_does_not_exist_is_named_as_such(officer_client, assessment, htmx):
    response = _upload(
        officer_client, assessment, "1.1", upload("qd.pdf", PDF), htmx=htmx, issued_on="31/02/2025"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        '<div class="invalid-feedback d-block">Ngày 31/02/2025 không tồn tại; hãy kiểm tra lại '
        "ngày và tháng.</div>"
    ) in page
    assert "Nhập ngày theo dạng" not in page
    assert 'value="31/02/2025"' in page
    assert "Vui lòng chọn lại tệp." in page  # the browser has forgotten the file
    badly_written = _upload(
        officer_client, assessment, "1.1", htmx=htmx, title="Kế hoạch", issued_on="31.1.2025"
    )
    page = badly_written.content.decode()
    assert "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 31/03/2026." in page
    assert "Vui lòng chọn lại tệp." not in page
    assert not Evidence.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [True, False])
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.pdf", HTML, "không phải là loại tệp được nhận"),
        ("setup.pdf", EXE, "không phải là loại tệp được nhận"),
        ("hinh.pdf", PNG, "Nội dung tệp là PNG, không khớp với phần mở rộng “.pdf”."),
        ("bao-cao.docx", docx(("word/x.xml", b"\x00" * (4 * 1024 * 1024))), BOMB),
        ("rong.pdf", b"", "rỗng, không có nội dung"),
    ],
)
def test_a_refused_upload_changes_nothing_and_keeps_what_was_typed(
    officer_client, officer, assessment, media, name, content, message, htmx
):
    entry = Entry.objects.create(
        assessment=assessment,
        criterion=_criterion(assessment, "1.1"),
        level="Ban hành đúng thời hạn",
        self_points=1,
        version=3,
        updated_by=officer,
    )
    _document(assessment, officer, "1.1")  # another file, already there
    files_before = stored_files(media)
    response = _upload(
        officer_client, assessment, "1.1", upload(name, content), htmx=htmx, **REFERENCE
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="125/QĐ-UBND"' in page and 'value="15/01/2026"' in page
    assert "Ban hành Kế hoạch cải cách hành chính năm 2026</textarea>" in page
    assert "Vui lòng chọn lại tệp." in page
    assert Evidence.objects.count() == 1 and EvidenceFile.objects.count() == 1
    assert stored_files(media) == files_before
    after = Entry.objects.get(pk=entry.pk)
    assert (after.level, after.self_points, after.version) == ("Ban hành đúng thời hạn", 1, 3)
    assert list(after.evidence.values_list("title", flat=True)) == ["qd-125"]
    assert AuditEntry.objects.filter(action="evidence.upload").count() == 1


@pytest.mark.django_db
def test_oversized_upload_says_the_limit(officer_client, assessment, settings):
    settings.EVIDENCE_MAX_BYTES = 50
    response = _upload(officer_client, assessment, "1.1", upload("qd.pdf", PDF), htmx=True)
    assert (
        f"Tệp “qd.pdf” quá lớn ({len(PDF)}\xa0byte); dung lượng tối đa là 50\xa0byte."
        in response.content.decode()
    )
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_link_a_library_document_to_another_item_then_unlink_it(
    officer_client, officer, assessment
):
    document = _document(assessment, officer, "1.1")
    criterion = _criterion(assessment, "1.4")
    response = officer_client.post(
        _url("evidence_link", assessment, "1.4"),
        {"evidence": document.pk},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "Đã gắn tài liệu “qd-125” với tiêu chí 1.4." in page
    assert f'id="evidence-{criterion.pk}"' in page
    entry = Entry.objects.get(criterion=criterion)
    assert list(entry.evidence.all()) == [document]
    audit = AuditEntry.objects.get(action="evidence.link")
    assert (audit.target_id, audit.new["code"], audit.new["evidence_id"]) == (
        str(entry.pk),
        "1.4",
        document.pk,
    )

    again = officer_client.post(_url("evidence_link", assessment, "1.4"), {"evidence": document.pk})
    assert again.status_code == 302
    page = officer_client.get(again["Location"]).content.decode()
    assert "Tài liệu “qd-125” đã được gắn với tiêu chí 1.4." in page
    assert EntryEvidence.objects.count() == 2

    response = officer_client.post(_url("evidence_unlink", assessment, "1.1", document.pk))
    assert response.status_code == 302
    assert response["Location"] == f"{assessment.get_absolute_url()}#item-1.1"
    assert list(EntryEvidence.objects.values_list("entry__criterion__code", flat=True)) == ["1.4"]
    assert Evidence.objects.filter(pk=document.pk).exists()
    assert EvidenceFile.objects.filter(evidence=document).count() == 1
    audit = AuditEntry.objects.get(action="evidence.unlink")
    assert audit.old["code"] == "1.1" and audit.new is None
    stored = document.files.get()
    assert (
        b"".join(
            officer_client.get(
                reverse("assessments:evidence_file", args=[stored.pk])
            ).streaming_content
        )
        == PDF
    )


@pytest.mark.django_db
def test_another_units_document_cannot_be_linked(
    officer_client, assessment, other_unit_officer, ward
):
    foreign = Evidence.objects.create(
        unit=ward, title="Tài liệu của phường", created_by=other_unit_officer
    )
    response = officer_client.post(
        _url("evidence_link", assessment, "1.1"),
        {"evidence": foreign.pk},
        headers={"HX-Request": "true"},
    )
    assert "Chọn một tài liệu trong thư viện của đơn vị." in response.content.decode()
    assert not EntryEvidence.objects.exists()


@pytest.mark.django_db
def test_evidence_clears_the_submission_blocker(assessment, officer):
    Entry.objects.create(
        assessment=assessment,
        criterion=_criterion(assessment, "1.1"),
        level="Ban hành đúng thời hạn",
        self_points=1,
    )
    assert [b.code for b in workflow.blockers(assessment)] == ["1.1"]
    _document(assessment, officer, "1.1")
    assert workflow.blockers(assessment) == []


# The window and the state ------------------------------------------------------------------


def _close_window(assessment):
    today = deadlines.today()
    period = assessment.period
    period.self_assessment_opens = today - timedelta(days=20)
    period.self_assessment_closes = today - timedelta(days=1)
    period.save()


@pytest.mark.django_db
def test_after_the_deadline_nothing_is_uploaded_linked_or_unlinked(
    officer_client, officer, assessment, media
):
    document = _document(assessment, officer, "1.1")
    files_before = stored_files(media)
    _close_window(assessment)
    closes = (deadlines.today() - timedelta(days=1)).strftime("%d/%m/%Y")
    message = f"Đã hết hạn tự đánh giá ({closes}); không thể thay đổi kết quả tự chấm."
    response = _upload(
        officer_client, assessment, "1.4", upload("moi.pdf", PDF), htmx=True, **REFERENCE
    )
    assert message in response.content.decode()
    assert "<form" not in response.content.decode()  # closed: the block offers nothing to send
    response = _upload(officer_client, assessment, "1.4", upload("moi.pdf", PDF), **REFERENCE)
    assert message in response.content.decode()
    linked = officer_client.post(
        _url("evidence_link", assessment, "1.4"),
        {"evidence": document.pk},
        headers={"HX-Request": "true"},
    )
    assert message in linked.content.decode()
    unlinked = officer_client.post(
        _url("evidence_unlink", assessment, "1.1", document.pk), headers={"HX-Request": "true"}
    )
    assert message in unlinked.content.decode()
    assert Evidence.objects.count() == 1 and EvidenceFile.objects.count() == 1
    assert EntryEvidence.objects.count() == 1
    assert stored_files(media) == files_before
    # The closed block offers no forms.
    assert "hx-post" not in unlinked.content.decode()


@pytest.mark.django_db
def test_the_deadline_is_checked_at_the_given_instant(assessment, officer):
    after = deadlines.ends(assessment.period.self_assessment_closes)
    checked = files.check_upload(upload("qd.pdf", PDF))
    with pytest.raises(workflow.WorkflowError, match="Đã hết hạn tự đánh giá"):
        evidence.upload_to_item(
            assessment,
            _criterion(assessment, "1.1"),
            file=checked,
            reference={},
            by=officer,
            now=after,
        )
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_a_submitted_self_assessment_refuses_evidence_changes(officer_client, assessment):
    UnitAssessment.objects.filter(pk=assessment.pk).update(state=UnitAssessment.State.SUBMITTED)
    response = _upload(officer_client, assessment, "1.1", upload("qd.pdf", PDF), htmx=True)
    assert (
        "Đơn vị đã nộp kết quả tự đánh giá; lãnh đạo đơn vị cần rút lại để sửa."
        in response.content.decode()
    )
    assert not Evidence.objects.exists()


# Versions and the document page ------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_version_is_appended_and_the_old_one_stays_downloadable(
    officer_client, officer, assessment, media
):
    document = _document(assessment, officer, "1.1")
    first = document.files.get()
    second_pdf = PDF.replace(b"Catalog", b"Catalog /V 2")
    response = officer_client.post(
        reverse("assessments:evidence_version", args=[document.pk]),
        {"file": upload("qd-125-ban-ky.pdf", second_pdf)},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:evidence_detail", args=[document.pk])
    versions = list(
        document.files.order_by("version").values_list("version", "original_name", "sha256")
    )
    assert versions == [
        (1, "qd-125.pdf", hashlib.sha256(PDF).hexdigest()),
        (2, "qd-125-ban-ky.pdf", hashlib.sha256(second_pdf).hexdigest()),
    ]
    assert len(stored_files(media)) == 2
    old = officer_client.get(reverse("assessments:evidence_file", args=[first.pk]))
    assert b"".join(old.streaming_content) == PDF
    audit = AuditEntry.objects.get(action="evidence.version")
    # What changed: the file, not the document's reference.
    assert audit.old == {
        "file": "qd-125.pdf",
        "version": 1,
        "size": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
    }
    assert audit.new == {
        "file": "qd-125-ban-ky.pdf",
        "version": 2,
        "size": len(second_pdf),
        "sha256": hashlib.sha256(second_pdf).hexdigest(),
    }
    page = officer_client.get(response["Location"]).content.decode()
    assert "Đã tải lên phiên bản 2 của tài liệu." in page
    assert "qd-125-ban-ky.pdf" in page and "qd-125.pdf" in page
    block = _upload_page(officer_client, assessment, "1.1")
    assert "phiên bản 2" in block


def _upload_page(client, assessment, code) -> str:
    return client.get(_url("evidence_upload", assessment, code)).content.decode()


@pytest.mark.django_db
def test_a_wrong_version_file_is_refused_on_the_document_page(officer_client, officer, assessment):
    document = _document(assessment, officer, "1.1")
    response = officer_client.post(
        reverse("assessments:evidence_version", args=[document.pk]),
        {"file": upload("qd.pdf", HTML)},
    )
    assert response.status_code == 200
    assert "Nội dung tệp “qd.pdf” không phải là loại tệp được nhận." in response.content.decode()
    assert document.files.count() == 1


@pytest.mark.django_db
def test_a_document_used_by_a_closed_self_assessment_keeps_its_files_and_reference(
    officer_client, officer, assessment
):
    document = _document(assessment, officer, "1.1")
    _close_window(assessment)
    page = officer_client.get(
        reverse("assessments:evidence_detail", args=[document.pk])
    ).content.decode()
    assert "Tài liệu đang được dùng trong hồ sơ tự đánh giá “Đánh giá Chỉ số CCHC năm 2026”" in page
    assert "Sửa thông tin văn bản" not in page
    response = officer_client.post(
        reverse("assessments:evidence_version", args=[document.pk]),
        {"file": upload("moi.pdf", PDF)},
    )
    assert "Đã hết hạn tự đánh giá" in response.content.decode()
    response = officer_client.post(
        reverse("assessments:evidence_detail", args=[document.pk]), {"title": "Tên khác"}
    )
    assert "Đã hết hạn tự đánh giá" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "qd-125" and document.files.count() == 1


@pytest.mark.django_db
def test_editing_the_reference_is_audited(officer_client, officer, assessment):
    document = _document(assessment, officer, "1.1")
    url = reverse("assessments:evidence_detail", args=[document.pk])
    bad = officer_client.post(url, REFERENCE | {"issued_on": "31/02/2026"})
    assert "Ngày 31/02/2026 không tồn tại; hãy kiểm tra lại ngày và tháng." in bad.content.decode()
    response = officer_client.post(
        url, REFERENCE | {"issuer": unicodedata.normalize("NFD", "UBND tỉnh Điện Biên")}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.reference_number, document.issued_on, document.issuer) == (
        "125/QĐ-UBND",
        date(2026, 1, 15),
        "UBND tỉnh Điện Biên",
    )
    audit = AuditEntry.objects.get(action="evidence.edit")
    assert audit.old == dict.fromkeys(REFERENCE, "") | {"title": "qd-125"}
    assert audit.new == REFERENCE
    page = officer_client.get(url).content.decode()
    assert "Đã lưu thông tin tài liệu." in page
    assert "1.1. Ban hành Kế hoạch CCHC năm" in page  # where it is used
    # Saving again without a change records nothing.
    assert officer_client.post(url, REFERENCE).status_code == 302
    assert AuditEntry.objects.filter(action="evidence.edit").count() == 1


def _history(page: str) -> list[tuple[str, list[str], list[str]]]:
    """The history table, newest first: each entry's action and its old and new values
    ("label: value", sorted: PostgreSQL keeps JSON keys in its own order)."""
    body = page.split('id="history"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S):
        _at, _by, action, old, new, _reason = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        old, new = (sorted(map(_text, re.findall(r"<div>(.*?)</div>", v))) for v in (old, new))
        rows.append((_text(action), old, new))
    return rows


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.django_db
def test_the_document_history_names_actions_and_fields_and_shows_what_changed(
    officer_client, officer, assessment
):
    document = _document(assessment, officer, "1.1")
    other = _document(assessment, officer, "1.2", name="bao-cao.pdf")
    for linked in (document, other):
        officer_client.post(_url("evidence_link", assessment, "1.4"), {"evidence": linked.pk})
    officer_client.post(_url("evidence_unlink", assessment, "1.1", document.pk))
    url = reverse("assessments:evidence_detail", args=[document.pk])
    officer_client.post(url, REFERENCE)
    second_pdf = PDF.replace(b"Catalog", b"Catalog /V 2")
    officer_client.post(
        reverse("assessments:evidence_version", args=[document.pk]),
        {"file": upload("qd-125-ban-ky.pdf", second_pdf)},
    )
    first, second = hashlib.sha256(PDF).hexdigest(), hashlib.sha256(second_pdf).hexdigest()

    page = officer_client.get(url).content.decode()
    history = page.split('id="history"')[1]
    # Links and unlinks are recorded on the item; the other document's never show here.
    assert _history(page) == [
        (
            "Tải lên phiên bản mới",
            [
                f"Dung lượng: {len(PDF)} byte",
                f"Mã băm SHA-256: {first[:12]}…",
                "Phiên bản: 1",
                "Tệp: qd-125.pdf",
            ],
            [
                f"Dung lượng: {len(second_pdf)} byte",
                f"Mã băm SHA-256: {second[:12]}…",
                "Phiên bản: 2",
                "Tệp: qd-125-ban-ky.pdf",
            ],
        ),
        (
            "Sửa thông tin tài liệu",
            [
                "Cơ quan ban hành: –",
                "Ngày ban hành: –",
                "Số, ký hiệu: –",
                "Trích yếu: –",
                "Tên: qd-125",
            ],
            [
                "Cơ quan ban hành: UBND tỉnh Điện Biên",
                "Ngày ban hành: 15/01/2026",
                "Số, ký hiệu: 125/QĐ-UBND",
                "Trích yếu: Ban hành Kế hoạch cải cách hành chính năm 2026",
                "Tên: Quyết định ban hành Kế hoạch CCHC năm 2026",
            ],
        ),
        (
            "Bỏ gắn tài liệu khỏi tiêu chí",
            [f"Mã tài liệu: {document.pk}", "Tiêu chí: 1.1", "Tên: qd-125"],
            [],
        ),
        (
            "Gắn tài liệu với tiêu chí",
            [],
            [f"Mã tài liệu: {document.pk}", "Tiêu chí: 1.4", "Tên: qd-125"],
        ),
        (
            "Tải lên tài liệu cho tiêu chí",
            [],
            [
                f"Dung lượng: {len(PDF)} byte",
                f"Mã băm SHA-256: {first[:12]}…",
                f"Mã tài liệu: {document.pk}",
                "Phiên bản: 1",
                "Tiêu chí: 1.1",
                "Tên: qd-125",
                "Tệp: qd-125.pdf",
            ],
        ),
        (
            "Tạo tài liệu",
            [],
            [
                f"Dung lượng: {len(PDF)} byte",
                f"Mã băm SHA-256: {first[:12]}…",
                f"Mã tài liệu: {document.pk}",
                "Phiên bản: 1",
                "Tên: qd-125",
                "Tệp: qd-125.pdf",
            ],
        ),
    ]
    assert f'<code title="{second}">{second[:12]}…</code>' in history
    for raw in ("evidence.", "evidence_id", "reference_number", "sha256", "issued_on"):
        assert raw not in history, raw


@pytest.mark.django_db
def test_the_versions_table_shortens_the_hash_and_keeps_it_whole_to_copy(
    officer_client, officer, assessment, settings
):
    settings.EVIDENCE_MAX_BYTES = 1536 * 1024
    document = _document(assessment, officer, "1.1")
    sha = hashlib.sha256(PDF).hexdigest()
    page = officer_client.get(reverse("assessments:evidence_detail", args=[document.pk])).text
    versions = page.split('id="versions"')[1].split("</table>")[0]
    assert (
        f'<td><details><summary><code title="{sha}">{sha[:12]}…</code></summary>'
        f'<code class="user-select-all text-break">{sha}</code></details></td>'
    ) in versions
    assert f'<div class="text-body-secondary">{len(PDF)}\xa0byte</div>' in versions
    # The new version's form says the limit before anything is refused.
    assert "PDF, ảnh JPEG/PNG, Word, Excel, OpenDocument. Tối đa 1,5\xa0MB." in page


# Downloads ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_download_is_an_attachment_with_the_vietnamese_name_and_safe_headers(
    officer_client, officer, assessment
):
    name = "Quyết định số 125.pdf"
    stored = _document(assessment, officer, name=unicodedata.normalize("NFD", name)).files.get()
    url = reverse("assessments:evidence_file", args=[stored.pk])
    response = officer_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'; sandbox"
    )
    assert response["Content-Length"] == str(len(PDF))
    assert b"".join(response.streaming_content) == PDF
    inline = officer_client.get(url + "?inline=1")
    assert inline["Content-Disposition"] == f"inline; filename*=utf-8''{quote(name)}"
    assert "sandbox" not in inline["Content-Security-Policy"]  # Chrome shows no PDF in a sandbox
    assert inline["Content-Security-Policy"].startswith("default-src 'none';")


@pytest.mark.django_db
def test_only_pdf_and_images_are_shown_inline(officer_client, officer, assessment):
    image = _document(assessment, officer, name="anh.png", content=PNG).files.get()
    word = _document(assessment, officer, name="bao-cao.docx", content=docx()).files.get()
    shown = officer_client.get(reverse("assessments:evidence_file", args=[image.pk]) + "?inline=1")
    assert shown["Content-Disposition"] == 'inline; filename="anh.png"'
    assert shown["Content-Type"] == "image/png"
    assert shown["Content-Security-Policy"].endswith("; sandbox")
    downloaded = officer_client.get(
        reverse("assessments:evidence_file", args=[word.pk]) + "?inline=1"
    )
    assert downloaded["Content-Disposition"] == 'attachment; filename="bao-cao.docx"'
    assert downloaded["Content-Type"] == files.DOCX


# Who may do what ---------------------------------------------------------------------------


@pytest.fixture
def justice_document(assessment, officer):
    return _document(assessment, officer, "1.1", name="Kế hoạch bí mật.pdf")


def _evidence_urls(assessment, document) -> dict[str, tuple[str, str]]:
    stored = document.files.get()
    return {
        "upload": ("post", _url("evidence_upload", assessment, "1.4")),
        "upload page": ("get", _url("evidence_upload", assessment, "1.4")),
        "link": ("post", _url("evidence_link", assessment, "1.4")),
        "unlink": ("post", _url("evidence_unlink", assessment, "1.1", document.pk)),
        "file": ("get", reverse("assessments:evidence_file", args=[stored.pk])),
        "detail": ("get", reverse("assessments:evidence_detail", args=[document.pk])),
        "edit": ("post", reverse("assessments:evidence_detail", args=[document.pk])),
        "version": ("post", reverse("assessments:evidence_version", args=[document.pk])),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["other_unit_officer", "appraiser"])
def test_other_units_and_appraisers_get_404_everywhere(
    client, request, assessment, justice_document, user_fixture
):
    client.force_login(request.getfixturevalue(user_fixture))
    for name, (method, url) in _evidence_urls(assessment, justice_document).items():
        data = {"evidence": justice_document.pk, "file": upload("x.pdf", PDF), "title": "x"}
        response = client.post(url, data) if method == "post" else client.get(url)
        assert response.status_code == 404, name
        assert "Kế hoạch bí mật" not in response.content.decode()
    assert EntryEvidence.objects.count() == 1 and EvidenceFile.objects.count() == 1
    assert Evidence.objects.get().title == "Kế hoạch bí mật"


@pytest.mark.django_db
def test_the_public_is_sent_to_login(client, assessment, justice_document):
    for name, (method, url) in _evidence_urls(assessment, justice_document).items():
        response = client.post(url) if method == "post" else client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
    library = client.get(reverse("assessments:evidence_library"))
    assert library.status_code == 302 and library["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_admin_reads_but_does_not_change_a_units_evidence(
    admin_client, assessment, justice_document
):
    urls = _evidence_urls(assessment, justice_document)
    assert admin_client.get(urls["file"][1]).status_code == 200
    detail = admin_client.get(urls["detail"][1]).content.decode()
    assert "Kế hoạch bí mật" in detail and "Sửa thông tin văn bản" not in detail
    library = admin_client.get(
        reverse("assessments:evidence_library") + f"?unit={assessment.unit_id}"
    )
    assert "Kế hoạch bí mật" in library.content.decode()
    assert admin_client.get(reverse("assessments:evidence_library")).status_code == 404
    for name in ("upload", "link", "unlink", "edit", "version"):
        assert admin_client.post(urls[name][1], {"title": "x"}).status_code == 404, name
    assert EntryEvidence.objects.count() == 1 and EvidenceFile.objects.count() == 1


@pytest.mark.django_db
def test_unit_head_may_change_evidence_like_an_officer(client, unit_head, assessment):
    client.force_login(unit_head)
    response = _upload(client, assessment, "1.1", upload("qd.pdf", PDF))
    assert response.status_code == 302 and Evidence.objects.get().created_by == unit_head


@pytest.mark.django_db
def test_an_item_of_another_criteria_set_is_not_found(
    officer_client, assessment, commune_level, admin_user
):
    other_set = build_set(commune_level, by=admin_user)
    foreign = Criterion.objects.get(criteria_set=other_set, code="1.1")
    url = reverse("assessments:evidence_upload", args=[assessment.pk, foreign.pk])
    assert officer_client.post(url, {"file": upload("qd.pdf", PDF)}).status_code == 404
    area = Criterion.objects.get(criteria_set=assessment.criteria_set, code="1")
    url = reverse("assessments:evidence_upload", args=[assessment.pk, area.pk])
    assert officer_client.post(url, {"file": upload("qd.pdf", PDF)}).status_code == 404
    assert not Evidence.objects.exists()


# The library and the item block ------------------------------------------------------------


@pytest.mark.django_db
def test_the_library_lists_the_units_documents_only(
    officer_client, officer, assessment, other_unit_officer, ward
):
    _document(assessment, officer, "1.1", name="Kế hoạch CCHC.pdf")
    Evidence.objects.create(unit=ward, title="Tài liệu của phường", created_by=other_unit_officer)
    page = officer_client.get(reverse("assessments:evidence_library")).content.decode()
    assert "Thư viện tài liệu kiểm chứng" in page and "Sở Tư pháp" in page
    assert "Kế hoạch CCHC.pdf" in page and "1 phiên bản" in page
    assert f"{assessment.get_absolute_url()}#item-1.1" in page
    assert "Tài liệu của phường" not in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_library_and_file_queries_do_not_grow_with_documents(officer_client, officer, assessment):
    def add_documents(n):
        entry, _created = Entry.objects.get_or_create(
            assessment=assessment, criterion=_criterion(assessment, "1.2")
        )
        for i in range(n):
            document = Evidence.objects.create(
                unit=assessment.unit, title=f"Tài liệu {i}", created_by=officer
            )
            for version in (1, 2):
                EvidenceFile.objects.create(
                    evidence=document,
                    version=version,
                    file=f"evidence/x{i}-{version}.pdf",
                    original_name=f"tai-lieu-{i}.pdf",
                    content_type="application/pdf",
                    size=10,
                    sha256="0" * 64,
                    uploaded_by=officer,
                )
            EntryEvidence.objects.create(entry=entry, evidence=document, linked_by=officer)

    library = reverse("assessments:evidence_library")
    add_documents(1)
    one = _queries(officer_client, library)
    add_documents(30)
    assert _queries(officer_client, library) == one

    first = _document(assessment, officer, "1.4").files.get()
    many = _document(assessment, officer, "1.4", name="lon.pdf")
    for _i in range(5):
        evidence.add_version(many, files.check_upload(upload("lon.pdf", PDF)), by=officer)
    url = reverse("assessments:evidence_file", args=[first.pk])
    many_url = reverse("assessments:evidence_file", args=[many.files.first().pk])
    assert _queries(officer_client, url) == _queries(officer_client, many_url)


@pytest.mark.django_db
def test_the_item_block_warns_when_required_evidence_is_missing(
    officer_client, officer, assessment
):
    required = _upload_page(officer_client, assessment, "1.1")
    assert "Chưa có tài liệu kiểm chứng" in required
    assert "PDF, ảnh JPEG/PNG, Word, Excel, OpenDocument. Tối đa 20\xa0MB." in required
    optional = _upload_page(officer_client, assessment, "1.2")
    assert "Chưa có tài liệu kiểm chứng" not in optional and "Chưa có tài liệu." in optional


@pytest.mark.django_db
def test_the_block_renders_with_the_scorecards_items(officer, assessment):
    """The include contract: the scorecard's Item and library are enough for _evidence.html."""
    document = _document(assessment, officer, "1.1", name="Kế hoạch.pdf")
    Evidence.objects.create(unit=assessment.unit, title="Báo cáo quý I", created_by=officer)
    card = scorecard.load(assessment)
    item = card.item(_criterion(assessment, "1.1").pk)
    request = RequestFactory().get("/")
    request.user = officer
    html = render_to_string(
        "assessments/scorecard.html#evidence",
        {"assessment": assessment, "item": item, "library": card.library, "can_change": True},
        request=request,
    )
    stored = document.files.get()
    assert f'id="evidence-{item.criterion_id}"' in html
    assert "PDF, ảnh JPEG/PNG, Word, Excel, OpenDocument. Tối đa 20\xa0MB." in html
    assert reverse("assessments:evidence_file", args=[stored.pk]) in html
    assert _url("evidence_unlink", assessment, "1.1", document.pk) in html
    # Only documents not yet attached are offered for linking.
    assert '">Báo cáo quý I</option>' in html and ">Kế hoạch</option>" not in html
    closed = render_to_string(
        "assessments/scorecard.html#evidence",
        {"assessment": assessment, "item": item, "library": card.library, "can_change": False},
        request=request,
    )
    assert "<form" not in closed and "Kế hoạch.pdf" in closed


# In a real browser -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_uploads_and_unlinks_evidence_with_htmx_in_a_browser(
    page, live_server, officer, assessment, tmp_path
):
    from playwright.sync_api import expect

    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(officer.username)
    page.get_by_label("Mật khẩu").fill("x-Secret-123")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + _url("evidence_upload", assessment, "1.1"))
    block = page.locator(f"#evidence-{_criterion(assessment, '1.1').pk}")
    expect(block).to_contain_text("Chưa có tài liệu kiểm chứng")

    fake = tmp_path / "ke-hoach.pdf"
    fake.write_bytes(HTML)
    block.get_by_label("Tệp").set_input_files(fake)
    block.get_by_label("Số, ký hiệu").fill("125/QĐ-UBND")
    block.get_by_role("button", name="Tải lên").click()
    expect(block.get_by_role("alert")).to_contain_text("không phải là loại tệp được nhận")
    expect(block.get_by_label("Số, ký hiệu")).to_have_value("125/QĐ-UBND")
    assert page.url.endswith(_url("evidence_upload", assessment, "1.1"))  # swapped, no reload
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
def test_the_document_page_never_scrolls_sideways(page, live_server, officer, assessment, width):
    from parindex.catalog.tests.test_browser import log_in, shot

    name = "Quyết định ban hành Kế hoạch cải cách hành chính năm 2026 của UBND tỉnh Điện Biên.pdf"
    document = _document(assessment, officer, "1.1", name=name)
    evidence.update_reference(document, REFERENCE | {"issued_on": date(2026, 1, 15)}, by=officer)
    for version in (2, 3):
        content = PDF.replace(b"Catalog", b"Catalog /V %d" % version)
        evidence.add_version(document, files.check_upload(upload(name, content)), by=officer)
    criterion = _criterion(assessment, "1.4")
    evidence.link_to_item(assessment, criterion, document, by=officer)
    evidence.unlink_from_item(assessment, criterion, document, by=officer)

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
