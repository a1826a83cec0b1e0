"""Evidence on a scorecard item: upload (with or without a file), link a library document,
unlink; what a refused upload keeps; the deadline and the submitted state; the item's block."""

import hashlib
import json
import re
import unicodedata
from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from parindex.assessments import deadlines, evidence, files, scorecard, workflow
from parindex.assessments.models import Entry, EntryEvidence, Evidence, EvidenceFile, UnitAssessment
from parindex.core.models import AuditEntry
from parindex.testing.evidence import (
    BOMB,
    REFERENCE,
    close_window,
    evidence_block,
    evidence_url,
    post_evidence,
)
from parindex.testing.factories import (
    EXE,
    HTML,
    PDF,
    PNG,
    add_document,
    build_set,
    docx,
    stored_files,
    upload,
)
from parindex.testing.factories import criterion as _criterion  # tests name theirs `criterion`


@pytest.mark.django_db
def test_officer_uploads_a_pdf_with_its_reference_to_an_item(
    officer_client, officer, open_assessment, media
):
    name = unicodedata.normalize("NFD", "Quyết định số 125.pdf")
    response = post_evidence(officer_client, open_assessment, "1.1", upload(name, PDF), **REFERENCE)
    assert response.status_code == 302
    assert response["Location"] == f"{open_assessment.get_absolute_url()}#item-1.1"
    document = Evidence.objects.get()
    assert (document.unit, document.title, document.reference_number) == (
        open_assessment.unit,
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
    assert stored.file.name.startswith(f"evidence/{open_assessment.unit_id}/")
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
    open_assessment.refresh_from_db()
    assert open_assessment.last_activity_at is not None
    page = officer_client.get(response["Location"]).content.decode()
    assert f"Đã thêm tài liệu “{REFERENCE['title']}” cho tiêu chí 1.1." in page


@pytest.mark.django_db
def test_htmx_upload_returns_the_item_evidence_block(officer_client, open_assessment):
    response = post_evidence(
        officer_client, open_assessment, "1.4", upload("bao-cao.pdf", PDF), htmx=True
    )
    page = response.content.decode()
    criterion = _criterion(open_assessment, "1.4")
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


def test_the_items_explanation_warning_follows_its_documents(
    officer_client, open_assessment, media
):
    """A change of an item's documents sends the event evidence-changed; the scorecard's parts that
    follow the documents (the item's explanation line, the contents' counts) listen to it and ask
    for themselves again: wherever the documents were changed, nothing depends on the address."""
    assessment = open_assessment
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

    response = post_evidence(officer_client, assessment, "1.1", upload("qd.pdf", PDF), htmx=True)
    assert json.loads(response["HX-Trigger"]) == changed
    line = officer_client.get(line_url, headers=htmx).text
    assert line.lstrip().startswith(f'<div id="explanation-needed-{criterion.pk}"')
    assert warning not in line
    contents = officer_client.get(contents_url, headers=htmx).text
    assert '<span id="contents-summary" hx-swap-oob="true">' in contents
    assert 'id="contents-list" hx-swap-oob="true"' in contents
    assert "cần bổ sung" not in _contents_summary(contents)

    stored = Evidence.objects.get()
    unlink = evidence_url("evidence_unlink", assessment, "1.1", stored.pk)
    response = officer_client.post(unlink, headers=htmx)
    assert json.loads(response["HX-Trigger"]) == changed
    assert warning in officer_client.get(line_url, headers=htmx).text
    contents = officer_client.get(contents_url, headers=htmx).text
    assert _contents_summary(contents).endswith("· 1 tiêu chí cần bổ sung")
    # Refused, nothing changed: no event. Without JavaScript: back to the item (PRG).
    response = officer_client.post(unlink, headers=htmx)
    assert 'role="alert"' in response.text and "HX-Trigger" not in response
    page_url = assessment.get_absolute_url()
    link = evidence_url("evidence_link", assessment, "1.1")
    assert officer_client.post(link, {"evidence": stored.pk})["Location"] == f"{page_url}#item-1.1"
    # The fragments' addresses lead a plain visit to the page.
    assert officer_client.get(line_url)["Location"] == f"{page_url}#item-1.1"
    assert officer_client.get(contents_url)["Location"] == f"{page_url}#contents"


@pytest.mark.django_db
def test_the_fragments_that_follow_the_documents_are_the_units_own(
    client, open_assessment, officer, other_unit_officer, admin_user
):
    """The explanation line and the contents are read like the page: the unit and the
    administrators; anyone else (another unit's officer) gets 404, whatever the fragment."""
    assessment = open_assessment
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
def test_an_official_reference_may_have_no_file(officer_client, open_assessment, media):
    response = post_evidence(officer_client, open_assessment, "1.1", htmx=True, **REFERENCE)
    document = Evidence.objects.get()
    assert document.reference_number == "125/QĐ-UBND" and not document.files.exists()
    assert stored_files(media) == []
    page = response.content.decode()
    assert "văn bản, không kèm tệp" in page
    assert "Số 125/QĐ-UBND ngày 15/01/2026 của UBND tỉnh Điện Biên" in " ".join(page.split())


@pytest.mark.django_db
def test_neither_file_nor_name_marks_the_name_field(officer_client, open_assessment):
    response = post_evidence(
        officer_client, open_assessment, "1.1", htmx=True, reference_number="12/KH"
    )
    page = response.content.decode()
    criterion = _criterion(open_assessment, "1.1")
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
def test_a_day_that_does_not_exist_is_named_as_such(officer_client, open_assessment, htmx):
    response = post_evidence(
        officer_client,
        open_assessment,
        "1.1",
        upload("qd.pdf", PDF),
        htmx=htmx,
        issued_on="31/02/2025",
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
    badly_written = post_evidence(
        officer_client, open_assessment, "1.1", htmx=htmx, title="Kế hoạch", issued_on="31.1.2025"
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
    officer_client, officer, open_assessment, media, name, content, message, htmx
):
    entry = Entry.objects.create(
        assessment=open_assessment,
        criterion=_criterion(open_assessment, "1.1"),
        level="Ban hành đúng thời hạn",
        self_points=1,
        version=3,
        updated_by=officer,
    )
    add_document(open_assessment, officer, "1.1")  # another file, already there
    files_before = stored_files(media)
    response = post_evidence(
        officer_client, open_assessment, "1.1", upload(name, content), htmx=htmx, **REFERENCE
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
def test_oversized_upload_says_the_limit(officer_client, open_assessment, settings):
    settings.EVIDENCE_MAX_BYTES = 50
    response = post_evidence(
        officer_client, open_assessment, "1.1", upload("qd.pdf", PDF), htmx=True
    )
    assert (
        f"Tệp “qd.pdf” quá lớn ({len(PDF)}\xa0byte); dung lượng tối đa là 50\xa0byte."
        in response.content.decode()
    )
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_link_a_library_document_to_another_item_then_unlink_it(
    officer_client, officer, open_assessment
):
    document = add_document(open_assessment, officer, "1.1")
    criterion = _criterion(open_assessment, "1.4")
    response = officer_client.post(
        evidence_url("evidence_link", open_assessment, "1.4"),
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

    again = officer_client.post(
        evidence_url("evidence_link", open_assessment, "1.4"), {"evidence": document.pk}
    )
    assert again.status_code == 302
    page = officer_client.get(again["Location"]).content.decode()
    assert "Tài liệu “qd-125” đã được gắn với tiêu chí 1.4." in page
    assert EntryEvidence.objects.count() == 2

    response = officer_client.post(
        evidence_url("evidence_unlink", open_assessment, "1.1", document.pk)
    )
    assert response.status_code == 302
    assert response["Location"] == f"{open_assessment.get_absolute_url()}#item-1.1"
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
    officer_client, open_assessment, other_unit_officer, ward
):
    foreign = Evidence.objects.create(
        unit=ward, title="Tài liệu của phường", created_by=other_unit_officer
    )
    response = officer_client.post(
        evidence_url("evidence_link", open_assessment, "1.1"),
        {"evidence": foreign.pk},
        headers={"HX-Request": "true"},
    )
    assert "Chọn một tài liệu trong thư viện của đơn vị." in response.content.decode()
    assert not EntryEvidence.objects.exists()


@pytest.mark.django_db
def test_evidence_clears_the_submission_blocker(open_assessment, officer):
    Entry.objects.create(
        assessment=open_assessment,
        criterion=_criterion(open_assessment, "1.1"),
        level="Ban hành đúng thời hạn",
        self_points=1,
    )
    assert [b.code for b in workflow.blockers(open_assessment)] == ["1.1"]
    add_document(open_assessment, officer, "1.1")
    assert workflow.blockers(open_assessment) == []


# The window and the state ------------------------------------------------------------------


@pytest.mark.django_db
def test_after_the_deadline_nothing_is_uploaded_linked_or_unlinked(
    officer_client, officer, open_assessment, media
):
    document = add_document(open_assessment, officer, "1.1")
    files_before = stored_files(media)
    close_window(open_assessment)
    closes = (deadlines.today() - timedelta(days=1)).strftime("%d/%m/%Y")
    message = f"Đã hết hạn tự đánh giá ({closes}); không thể thay đổi kết quả tự chấm."
    response = post_evidence(
        officer_client, open_assessment, "1.4", upload("moi.pdf", PDF), htmx=True, **REFERENCE
    )
    assert message in response.content.decode()
    assert "<form" not in response.content.decode()  # closed: the block offers nothing to send
    response = post_evidence(
        officer_client, open_assessment, "1.4", upload("moi.pdf", PDF), **REFERENCE
    )
    assert message in response.content.decode()
    linked = officer_client.post(
        evidence_url("evidence_link", open_assessment, "1.4"),
        {"evidence": document.pk},
        headers={"HX-Request": "true"},
    )
    assert message in linked.content.decode()
    unlinked = officer_client.post(
        evidence_url("evidence_unlink", open_assessment, "1.1", document.pk),
        headers={"HX-Request": "true"},
    )
    assert message in unlinked.content.decode()
    assert Evidence.objects.count() == 1 and EvidenceFile.objects.count() == 1
    assert EntryEvidence.objects.count() == 1
    assert stored_files(media) == files_before
    # The closed block offers no forms.
    assert "hx-post" not in unlinked.content.decode()


@pytest.mark.django_db
def test_the_deadline_is_checked_at_the_given_instant(open_assessment, officer):
    after = deadlines.ends(open_assessment.period.self_assessment_closes)
    checked = files.check_upload(upload("qd.pdf", PDF))
    with pytest.raises(workflow.WorkflowError, match="Đã hết hạn tự đánh giá"):
        evidence.upload_to_item(
            open_assessment,
            _criterion(open_assessment, "1.1"),
            file=checked,
            reference={},
            by=officer,
            now=after,
        )
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_a_submitted_self_assessment_refuses_evidence_changes(officer_client, open_assessment):
    UnitAssessment.objects.filter(pk=open_assessment.pk).update(
        state=UnitAssessment.State.SUBMITTED
    )
    response = post_evidence(
        officer_client, open_assessment, "1.1", upload("qd.pdf", PDF), htmx=True
    )
    assert (
        "Đơn vị đã nộp kết quả tự đánh giá; lãnh đạo đơn vị cần rút lại để sửa."
        in response.content.decode()
    )
    assert not Evidence.objects.exists()


# The item's block ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_item_block_warns_when_required_evidence_is_missing(
    officer_client, officer, open_assessment
):
    required = evidence_block(officer_client, open_assessment, "1.1")
    assert "Chưa có tài liệu kiểm chứng" in required
    assert "PDF, ảnh JPEG/PNG, Word, Excel, OpenDocument. Tối đa 20\xa0MB." in required
    optional = evidence_block(officer_client, open_assessment, "1.2")
    assert "Chưa có tài liệu kiểm chứng" not in optional and "Chưa có tài liệu." in optional


@pytest.mark.django_db
def test_the_block_renders_with_the_scorecards_items(officer, open_assessment):
    """The partial's contract: the scorecard's Item and library are enough for its evidence."""
    document = add_document(open_assessment, officer, "1.1", name="Kế hoạch.pdf")
    Evidence.objects.create(unit=open_assessment.unit, title="Báo cáo quý I", created_by=officer)
    card = scorecard.load(open_assessment)
    item = card.item(_criterion(open_assessment, "1.1").pk)
    request = RequestFactory().get("/")
    request.user = officer
    html = render_to_string(
        "assessments/scorecard.html#evidence",
        {"assessment": open_assessment, "item": item, "library": card.library, "can_change": True},
        request=request,
    )
    stored = document.files.get()
    assert f'id="evidence-{item.criterion_id}"' in html
    assert "PDF, ảnh JPEG/PNG, Word, Excel, OpenDocument. Tối đa 20\xa0MB." in html
    assert reverse("assessments:evidence_file", args=[stored.pk]) in html
    assert evidence_url("evidence_unlink", open_assessment, "1.1", document.pk) in html
    # Only documents not yet attached are offered for linking.
    assert '">Báo cáo quý I</option>' in html and ">Kế hoạch</option>" not in html
    closed = render_to_string(
        "assessments/scorecard.html#evidence",
        {"assessment": open_assessment, "item": item, "library": card.library, "can_change": False},
        request=request,
    )
    assert "<form" not in closed and "Kế hoạch.pdf" in closed


@pytest.mark.django_db
def test_an_item_missing_its_evidence_offers_the_ways_to_give_it(
    officer_client, client, admin_user, open_assessment
):
    # After a save in read mode: upload, pick from the library, or explain, right there.
    assessment = open_assessment
    criterion = _criterion(assessment, "1.1")
    Entry.objects.create(
        assessment=assessment, criterion=criterion, level="Ban hành đúng thời hạn", self_points=1
    )
    upload_url = reverse("assessments:evidence_upload", args=[assessment.pk, criterion.pk])
    page = " ".join(officer_client.get(assessment.get_absolute_url()).text.split())
    assert f'<a class="btn btn-sm btn-outline-primary" href="{upload_url}">' in page
    assert f'href="{upload_url}#ev{criterion.pk}-link">' in page
    assert "Ghi giải trình</a>" in page
    line = reverse("assessments:explanation_needed", args=[assessment.pk, criterion.pk])
    assert "Tải lên tài liệu" in officer_client.get(line, headers={"HX-Request": "true"}).text
    # The upload page opens with the upload form.
    assert 'type="file"' in officer_client.get(upload_url).text
    # Who may not change the unit's items sees the warning, not the buttons.
    client.force_login(admin_user)
    page = client.get(assessment.get_absolute_url()).text
    assert "cần ghi giải trình" in page and upload_url not in page
