"""The unit's side of the explanation round: answers (with conflicts), documents (upload, link,
unlink), sending by the unit head, the freeze after sending or the deadline, who may see what,
the audit trail and query counts."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from parindex.appraisal import appraising, explaining, workflow
from parindex.appraisal.models import AppraisedEntry, ExplanationRequest, Round
from parindex.assessments import deadlines, evidence
from parindex.assessments.files import EvidenceError, check_upload
from parindex.assessments.models import Entry, Evidence, UnitAssessment
from parindex.assessments.saving import Conflict
from parindex.core.models import AuditEntry
from parindex.testing.browser import log_in, shot
from parindex.testing.factories import (
    HTML,
    PDF,
    build_appraisal_set,
    criterion,
    make_appraisal_period,
    stored_files,
)

HTMX = {"HX-Request": "true"}
QUESTION = "Đề nghị cung cấp Quyết định ban hành Kế hoạch CCHC năm 2026."
ANSWER = "Kế hoạch ban hành ngày 15/01/2026 theo Quyết định số 125/QĐ-UBND (kèm theo)."


def ask(assessment, code: str, appraiser, question: str = QUESTION) -> ExplanationRequest:
    """The item appraised in round 1 (the unit's inputs accepted, or some answer for an item it
    left empty), then the request."""
    criterion_id = criterion(assessment, code).pk
    if not AppraisedEntry.objects.filter(assessment=assessment, criterion_id=criterion_id).exists():
        entry = Entry.objects.filter(assessment=assessment, criterion_id=criterion_id).first()
        inputs = ("level", "numerator", "denominator", "count", "points")
        data = {name: getattr(entry, name) for name in inputs} if entry else {}
        data = {name: value for name, value in data.items() if value not in (None, "")}
        appraising.appraise_item(
            assessment,
            criterion_id,
            Round.FIRST,
            (data or _some_answer(criterion(assessment, code))) | {"comment": "Thẩm định lần 1"},
            version=0,
            by=appraiser,
        )
    return appraising.request_explanation(assessment, criterion_id, question, by=appraiser)


def _some_answer(leaf) -> dict:
    """A valid answer for a leaf the unit left empty, whatever its rule."""
    rule = leaf.rule
    return {
        "levels": lambda: {"level": rule["levels"][0]["label"]},
        "ratio_bands": lambda: {"numerator": 1, "denominator": 1},
        "ratio_proportional": lambda: {"numerator": 1, "denominator": 1},
        "deduction": lambda: {"count": 0},
    }.get(rule["kind"], lambda: {"points": 0})()


@pytest.fixture
def request_11(team, submitted_assessment, appraiser) -> ExplanationRequest:
    return ask(submitted_assessment, "1.1", appraiser)


@pytest.fixture
def request_21(team, submitted_assessment, office_appraiser) -> ExplanationRequest:
    return ask(submitted_assessment, "2.1", office_appraiser, "Hồ sơ quá hạn nào, vì sao?")


@pytest.fixture
def head_client(client, unit_head):
    client.force_login(unit_head)
    return client


def page_url(assessment) -> str:
    return reverse("appraisal:explanations", args=[assessment.pk])


def answer_url(explanation) -> str:
    return reverse("appraisal:explanation_answer", args=[explanation.pk])


def upload_url(explanation) -> str:
    return reverse("appraisal:explanation_upload", args=[explanation.pk])


def link_url(explanation) -> str:
    return reverse("appraisal:explanation_link", args=[explanation.pk])


def unlink_url(explanation, document) -> str:
    return reverse("appraisal:explanation_unlink", args=[explanation.pk, document.pk])


def send_url(assessment) -> str:
    return reverse("appraisal:explanations_send", args=[assessment.pk])


def post_answer(client, explanation, text, version, *, htmx=True):
    data = {f"r{explanation.pk}-answer": text, f"r{explanation.pk}-version": version}
    return client.post(answer_url(explanation), data, headers=HTMX if htmx else {})


def post_upload(client, explanation, file=None, *, htmx=True, **reference):
    prefix = f"r{explanation.pk}-doc"
    data = {f"{prefix}-{name}": value for name, value in reference.items()}
    if file is not None:
        data[f"{prefix}-file"] = file
    return client.post(upload_url(explanation), data, headers=HTMX if htmx else {})


def pdf(name: str = "qd-125.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/octet-stream")


def library_document(assessment, by, title="Báo cáo CCHC quý IV/2025") -> Evidence:
    return Evidence.objects.create(unit=assessment.unit, title=title, created_by=by)


def actions(target) -> list[str]:
    return list(
        AuditEntry.objects.for_target(target).order_by("pk").values_list("action", flat=True)
    )


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# Answers --------------------------------------------------------------------------------------


def test_an_officer_saves_an_answer_with_htmx(officer_client, officer, request_11):
    response = post_answer(officer_client, request_11, f"  {ANSWER}  ", 0)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="answer-' in html and "Đã lưu giải trình tiêu chí 1.1." in html
    summary = html[html.index('<section id="explanation-summary"') :]
    assert summary.index('hx-swap-oob="true"') < summary.index(">")
    assert "Đã giải trình 1/1 tiêu chí được yêu cầu." in html
    assert f'name="r{request_11.pk}-version" value="1"' in html
    request_11.refresh_from_db()
    assert (request_11.answer, request_11.answered_by, request_11.version) == (ANSWER, officer, 1)
    assert request_11.answered_at is not None
    entry = AuditEntry.objects.for_target(request_11).get(action="explanation.answer")
    assert (entry.actor, entry.old, entry.new) == (officer, {}, {"answer": ANSWER})


def test_a_changed_answer_is_audited_old_to_new_and_plain_post_redirects(
    officer_client, officer, request_11
):
    explaining.save_answer(request_11, "Bản nháp", version=0, by=officer)

    response = post_answer(officer_client, request_11, ANSWER, 1, htmx=False)

    assert response.status_code == 302
    assert response["Location"] == f"{page_url(request_11.assessment)}#request-{request_11.pk}"
    assert flashed(response) == ["Đã lưu giải trình tiêu chí 1.1."]
    request_11.refresh_from_db()
    assert (request_11.answer, request_11.version) == (ANSWER, 2)
    last = (
        AuditEntry.objects.for_target(request_11).filter(action="explanation.answer").latest("pk")
    )
    assert (last.old, last.new) == ({"answer": "Bản nháp"}, {"answer": ANSWER})


def test_an_empty_answer_is_refused(officer_client, request_11):
    response = post_answer(officer_client, request_11, "   ", 0)

    assert "Vui lòng ghi nội dung giải trình." in response.content.decode()
    request_11.refresh_from_db()
    assert (request_11.answer, request_11.version) == ("", 0)


def test_a_stale_version_is_a_conflict_keeping_what_was_typed(
    officer_client, unit_head, request_11
):
    explaining.save_answer(request_11, "Trả lời của lãnh đạo.", version=0, by=unit_head)
    with pytest.raises(Conflict) as clash:
        explaining.save_answer(request_11, "Trả lời khác.", version=0, by=unit_head)
    assert clash.value.entry.pk == request_11.pk and clash.value.entry.version == 1

    response = post_answer(officer_client, request_11, "Trả lời của cán bộ.", 0)

    html = response.content.decode()
    assert "Quàng Văn Bình đã lưu nội dung giải trình lúc" in html
    assert "Nội dung hiện tại (do người khác vừa lưu)" in html
    assert "<div>Trả lời của lãnh đạo.</div>" in html
    assert ">\nTrả lời của cán bộ.</textarea>" in html
    # Saving again is a deliberate overwrite of the version now shown.
    assert f'name="r{request_11.pk}-version" value="1"' in html
    request_11.refresh_from_db()
    assert (request_11.answer, request_11.version) == ("Trả lời của lãnh đạo.", 1)

    post_answer(officer_client, request_11, "Trả lời của cán bộ.", 1)
    request_11.refresh_from_db()
    assert (request_11.answer, request_11.version) == ("Trả lời của cán bộ.", 2)


def test_a_conflict_without_htmx_shows_the_page_with_the_typed_text(
    officer_client, unit_head, request_11
):
    explaining.save_answer(request_11, "Trả lời của lãnh đạo.", version=0, by=unit_head)

    response = post_answer(officer_client, request_11, "Trả lời của cán bộ.", 0, htmx=False)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa lưu giải trình tiêu chí 1.1: xem lỗi bên dưới." in html
    assert "Quàng Văn Bình đã lưu nội dung giải trình lúc" in html
    assert ">\nTrả lời của cán bộ.</textarea>" in html


# Documents ------------------------------------------------------------------------------------


def test_an_uploaded_pdf_goes_to_the_library_and_the_request(
    officer_client, officer, request_11, media
):
    response = post_upload(
        officer_client,
        request_11,
        pdf(),
        title="Quyết định ban hành Kế hoạch CCHC năm 2026",
        reference_number="125/QĐ-UBND",
        issued_on="15/01/2026",
        issuer="UBND tỉnh",
    )

    assert response.status_code == 200
    document = Evidence.objects.get()
    stored = document.files.get()
    assert document.unit == request_11.assessment.unit and document.created_by == officer
    assert (document.reference_number, document.issued_on.isoformat()) == (
        "125/QĐ-UBND",
        "2026-01-15",
    )
    assert (stored.version, stored.original_name, stored.content_type, stored.size) == (
        1,
        "qd-125.pdf",
        "application/pdf",
        len(PDF),
    )
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored_files(media) == [media / stored.file.name]
    assert list(request_11.evidence.all()) == [document]
    html = response.content.decode()
    assert html.lstrip().startswith(f'<section id="documents-{request_11.pk}"')
    assert (
        "Đã thêm tài liệu “Quyết định ban hành Kế hoạch CCHC năm 2026” cho giải trình tiêu chí 1.1."
        in html
    )
    assert reverse("assessments:evidence_file", args=[stored.pk]) in html
    assert "Số 125/QĐ-UBND" in html
    assert actions(document) == ["evidence.create"]
    upload = AuditEntry.objects.for_target(request_11).get(action="explanation.upload")
    assert upload.actor == officer
    assert upload.new == {
        "code": "1.1",
        "evidence_id": document.pk,
        "title": "Quyết định ban hành Kế hoạch CCHC năm 2026",
        "reference_number": "125/QĐ-UBND",
        "issued_on": "15/01/2026",
        "issuer": "UBND tỉnh",
        "file": "qd-125.pdf",
        "version": 1,
        "size": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
    }


def test_the_downloaded_file_is_the_uploaded_one(officer_client, officer, request_11):
    document = explaining.add_document(request_11, file=check_upload(pdf()), by=officer)
    assert document.title == "qd-125"

    response = officer_client.get(
        reverse("assessments:evidence_file", args=[document.files.get().pk])
    )

    assert b"".join(response.streaming_content) == PDF


def test_a_failed_upload_leaves_the_answer_and_the_documents_intact(
    officer_client, officer, request_11, media
):
    explaining.save_answer(request_11, ANSWER, version=0, by=officer)
    kept = explaining.add_document(request_11, file=check_upload(pdf()), by=officer)
    files_before = stored_files(media)

    response = post_upload(officer_client, request_11, SimpleUploadedFile("bao-cao.pdf", HTML))

    html = response.content.decode()
    assert "Chưa thêm được tài liệu: xem lỗi bên dưới." in html
    assert "Nội dung tệp “bao-cao.pdf” không phải là loại tệp được nhận." in html
    assert "Vui lòng chọn lại tệp." in html
    request_11.refresh_from_db()
    assert (request_11.answer, request_11.version) == (ANSWER, 1)
    assert list(request_11.evidence.all()) == [kept]
    assert list(Evidence.objects.all()) == [kept]
    assert stored_files(media) == files_before


def test_a_failed_plain_upload_shows_the_page_keeping_what_was_typed(officer_client, request_11):
    response = post_upload(
        officer_client,
        request_11,
        SimpleUploadedFile("bao-cao.pdf", HTML),
        htmx=False,
        title="Báo cáo kết quả",
        issued_on="32/01/2026",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="h4 mb-1">Giải trình: Sở Tư pháp</h1>' in html
    assert "Nội dung tệp “bao-cao.pdf” không phải là loại tệp được nhận." in html
    assert "Ngày 32/01/2026 không tồn tại; hãy kiểm tra lại ngày và tháng." in html
    assert 'value="Báo cáo kết quả"' in html
    assert not Evidence.objects.exists()


def test_neither_file_nor_title_is_refused(officer, request_11):
    with pytest.raises(EvidenceError, match=re.escape("Vui lòng chọn tệp hoặc nhập tên tài liệu.")):
        explaining.add_document(request_11, reference={"title": "  "}, by=officer)
    assert not Evidence.objects.exists()


def test_a_reference_without_file_is_a_document_too(officer_client, request_11):
    response = post_upload(
        officer_client, request_11, htmx=False, title="Công văn số 45/STP-VP", issuer="Sở Tư pháp"
    )

    assert response["Location"] == f"{page_url(request_11.assessment)}#request-{request_11.pk}"
    assert flashed(response) == [
        "Đã thêm tài liệu “Công văn số 45/STP-VP” cho giải trình tiêu chí 1.1."
    ]

    document = Evidence.objects.get()
    assert (document.title, document.issuer, document.files.count()) == (
        "Công văn số 45/STP-VP",
        "Sở Tư pháp",
        0,
    )
    assert list(request_11.evidence.all()) == [document]


def test_a_library_document_is_linked_then_unlinked(officer_client, officer, request_11):
    document = library_document(request_11.assessment, officer)

    linked = officer_client.post(link_url(request_11), {"evidence": document.pk}, headers=HTMX)

    assert "Đã gắn tài liệu “Báo cáo CCHC quý IV/2025” với giải trình tiêu chí 1.1." in (
        linked.content.decode()
    )
    assert list(request_11.evidence.all()) == [document]
    again = officer_client.post(link_url(request_11), {"evidence": document.pk}, headers=HTMX)
    assert (
        "Tài liệu “Báo cáo CCHC quý IV/2025” đã được gắn với giải trình tiêu chí 1.1."
        in again.content.decode()
    )

    unlinked = officer_client.post(unlink_url(request_11, document), headers=HTMX)

    assert (
        "Đã bỏ tài liệu “Báo cáo CCHC quý IV/2025” khỏi giải trình tiêu chí 1.1; tài liệu vẫn "
        "còn trong thư viện." in unlinked.content.decode()
    )
    assert not request_11.evidence.exists()
    assert Evidence.objects.filter(pk=document.pk).exists()
    assert actions(request_11) == [
        "appraisal.request",
        "explanation.link",
        "explanation.unlink",
    ]
    link = AuditEntry.objects.for_target(request_11).get(action="explanation.link")
    assert link.new == {
        "code": "1.1",
        "evidence_id": document.pk,
        "title": "Báo cáo CCHC quý IV/2025",
    }


def test_the_domain_refuses_a_double_link_and_a_missing_link(officer, request_11):
    document = library_document(request_11.assessment, officer)
    explaining.link_document(request_11, document, by=officer)
    with pytest.raises(EvidenceError, match=re.escape("đã được gắn với giải trình tiêu chí 1.1")):
        explaining.link_document(request_11, document, by=officer)
    explaining.unlink_document(request_11, document, by=officer)
    with pytest.raises(EvidenceError, match=re.escape("không gắn với giải trình tiêu chí 1.1")):
        explaining.unlink_document(request_11, document, by=officer)


def test_another_units_document_cannot_be_linked(
    officer_client, officer, other_unit_officer, ward, request_11
):
    theirs = Evidence.objects.create(
        unit=ward, title="Tài liệu của phường", created_by=other_unit_officer
    )

    response = officer_client.post(link_url(request_11), {"evidence": theirs.pk}, headers=HTMX)

    assert "Chọn một tài liệu trong thư viện của đơn vị." in response.content.decode()
    assert officer_client.post(unlink_url(request_11, theirs)).status_code == 404
    with pytest.raises(EvidenceError, match=re.escape("Tài liệu không thuộc thư viện của đơn vị.")):
        explaining.link_document(request_11, theirs, by=officer)
    assert not request_11.evidence.exists()


def test_the_page_offers_only_documents_not_yet_linked(officer_client, officer, request_11):
    linked = library_document(request_11.assessment, officer, "Đã gắn")
    free = library_document(request_11.assessment, officer, "Còn trong thư viện")
    explaining.link_document(request_11, linked, by=officer)

    html = officer_client.get(page_url(request_11.assessment)).content.decode()

    select = html[html.index(f'id="link-{request_11.pk}"') :]
    select = select[: select.index("</select>")]
    assert f'<option value="{free.pk}">Còn trong thư viện</option>' in select
    assert f'value="{linked.pk}"' not in select


# Sending --------------------------------------------------------------------------------------


def test_an_officer_cannot_send(officer_client, officer, request_11):
    explaining.save_answer(request_11, ANSWER, version=0, by=officer)

    assert officer_client.post(send_url(request_11.assessment)).status_code == 404
    assert "Xác nhận gửi giải trình</button>" not in (
        officer_client.get(page_url(request_11.assessment)).content.decode()
    )
    assert workflow.status_of(request_11.assessment).answers_sent_at is None


def test_the_head_sends_the_answers(head_client, officer, unit_head, request_11):
    explaining.save_answer(request_11, ANSWER, version=0, by=officer)
    page = " ".join(head_client.get(page_url(request_11.assessment)).text.split())
    # Sending asks for a confirmation that says what it does.
    assert "Gửi giải trình của 1 tiêu chí tới Tổ thẩm định (hạn gửi: hết ngày" in page
    assert "Xác nhận gửi giải trình</button>" in page

    response = head_client.post(send_url(request_11.assessment))

    assert response.status_code == 302 and response["Location"] == page_url(request_11.assessment)
    assert flashed(response) == ["Đã gửi giải trình tới Tổ thẩm định."]
    status = workflow.status_of(request_11.assessment)
    assert status.answers_sent_by == unit_head and status.answers_sent_at is not None
    assert actions(request_11.assessment) == ["appraisal.answers_sent"]


def test_sending_is_refused_while_an_item_is_unanswered(
    head_client, officer, request_11, request_21
):
    explaining.save_answer(request_11, ANSWER, version=0, by=officer)
    html = head_client.get(page_url(request_11.assessment)).content.decode()
    assert f'Chưa giải trình:\n      <a href="#request-{request_21.pk}">2.1</a>' in html

    response = head_client.post(send_url(request_11.assessment))

    assert flashed(response) == ["Còn tiêu chí chưa có nội dung giải trình: 2.1."]
    assert workflow.status_of(request_11.assessment).answers_sent_at is None


# The freeze -----------------------------------------------------------------------------------


def test_everything_is_frozen_once_sent(head_client, officer, unit_head, request_11, media):
    explaining.save_answer(request_11, ANSWER, version=0, by=officer)
    document = library_document(request_11.assessment, officer)
    explaining.link_document(request_11, document, by=officer)
    workflow.send_answers(request_11.assessment, by=unit_head)
    sent = "Giải trình đã được gửi, không sửa được nữa."

    html = head_client.get(page_url(request_11.assessment)).content.decode()
    assert sent in html and "Đã gửi giải trình lúc" in html
    assert "<textarea" not in html and "<select" not in html and "Bỏ gắn" not in html
    assert "Xác nhận gửi giải trình</button>" not in html
    assert ANSWER in html and "Báo cáo CCHC quý IV/2025" in html

    assert sent in post_answer(head_client, request_11, "Sửa sau khi gửi", 1).content.decode()
    assert sent in post_upload(head_client, request_11, pdf()).content.decode()
    assert sent in head_client.post(unlink_url(request_11, document), headers=HTMX).content.decode()
    for change in (
        lambda: explaining.save_answer(request_11, "Sửa", version=1, by=officer),
        lambda: explaining.add_document(request_11, reference={"title": "Mới"}, by=officer),
        lambda: explaining.link_document(request_11, document, by=officer),
        lambda: explaining.unlink_document(request_11, document, by=officer),
    ):
        with pytest.raises(workflow.AppraisalError, match=sent):
            change()
    request_11.refresh_from_db()
    assert (request_11.answer, list(request_11.evidence.all())) == (ANSWER, [document])
    assert Evidence.objects.count() == 1 and stored_files(media) == []


def test_the_team_reads_the_file_version_that_was_sent(
    client, officer, unit_head, appraiser, request_11, media
):
    # Sending pins each document's file; the library may then go on with a newer version
    # (the document is the unit's), and the team still reads what it was sent.
    explaining.save_answer(request_11, ANSWER, version=0, by=officer)
    document = explaining.add_document(request_11, file=check_upload(pdf()), by=officer)
    workflow.send_answers(request_11.assessment, by=unit_head)
    sent = document.files.get()
    newer = evidence.add_version(
        document, check_upload(SimpleUploadedFile("qd-125-moi.pdf", PDF + b"%v2")), by=officer
    )
    assert (newer.version, evidence.revise_refusal(document)) == (2, "")

    client.force_login(appraiser)
    sheet = client.get(reverse("appraisal:sheet", args=[request_11.assessment_id])).text
    file_url = lambda stored: reverse("appraisal:evidence_file", args=[stored.pk])  # noqa: E731
    assert f'href="{file_url(sent)}"' in sheet and f'href="{file_url(newer)}"' not in sheet
    response = client.get(file_url(sent))
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    assert client.get(file_url(newer)).status_code == 404
    assert list(request_11.sent_documents.values_list("evidence__title", "file__version")) == [
        ("qd-125", 1)
    ]


def test_nothing_changes_after_the_deadline(officer_client, officer, request_11, appraisal_period):
    closes = appraisal_period.explanation_closes.strftime("%d/%m/%Y")
    after = deadlines.ends(appraisal_period.explanation_closes)
    document = library_document(request_11.assessment, officer)
    for change in (
        lambda: explaining.save_answer(request_11, ANSWER, version=0, by=officer, now=after),
        lambda: explaining.add_document(
            request_11, file=check_upload(pdf()), by=officer, now=after
        ),
        lambda: explaining.link_document(request_11, document, by=officer, now=after),
    ):
        with pytest.raises(workflow.AppraisalError, match=f"Đã hết hạn giải trình \\({closes}\\)."):
            change()
    just_before = after - timedelta(seconds=1)
    explaining.save_answer(request_11, ANSWER, version=0, by=officer, now=just_before)
    assert not Evidence.objects.filter(files__isnull=False).exists()


def test_the_page_is_read_only_once_the_deadline_has_passed(
    officer_client, officer, request_11, appraisal_period
):
    explaining.save_answer(request_11, ANSWER, version=0, by=officer)
    today = deadlines.today()
    appraisal_period.appraisal_closes = today - timedelta(days=1)
    appraisal_period.explanation_closes = today - timedelta(days=1)
    appraisal_period.save()
    closed = f"Đã hết hạn giải trình ({appraisal_period.explanation_closes:%d/%m/%Y})."

    html = officer_client.get(page_url(request_11.assessment)).content.decode()

    assert closed in html and ANSWER in html and "<textarea" not in html
    assert closed in post_answer(officer_client, request_11, "Muộn", 1).content.decode()
    request_11.refresh_from_db()
    assert (request_11.answer, request_11.version) == (ANSWER, 1)


def test_a_withdrawn_request_cannot_be_answered(officer, appraiser, request_11):
    appraising.withdraw_request(
        request_11.assessment, request_11.criterion_id, by=appraiser, reason="Nhầm tiêu chí"
    )
    with pytest.raises(workflow.AppraisalError, match="Tổ thẩm định đã rút lại"):
        explaining.save_answer(request_11, ANSWER, version=0, by=officer)


# The page -------------------------------------------------------------------------------------


def test_the_page_shows_the_request_the_units_values_and_round_one(
    officer_client, appraiser, request_11
):
    # Round 1 as the appraiser left it (ask() accepted the unit's level first).
    AppraisedEntry.objects.filter(
        assessment=request_11.assessment, criterion=request_11.criterion, round=Round.FIRST
    ).update(
        level="Ban hành chậm",
        appraised_points="0.5",
        comment="Quyết định ban hành sau ngày 31/01.",
        updated_by=appraiser,
    )

    html = officer_client.get(page_url(request_11.assessment)).content.decode()

    assert '<span class="text-body-secondary">1.1</span> Ban hành Kế hoạch CCHC năm' in html
    assert QUESTION in html
    requested = timezone.localtime(request_11.requested_at).strftime("%H:%M %d/%m/%Y")
    assert f"Đỗ Minh Tâm yêu cầu lúc {requested}" in html
    assert '<dt class="col-sm-5">Mức</dt><dd class="col-sm-7">Ban hành đúng thời hạn</dd>' in html
    assert '<dt class="col-sm-5">Điểm tự chấm</dt><dd class="col-sm-7">1,00</dd>' in html
    assert '<dt class="col-sm-5">Điểm thẩm định</dt><dd class="col-sm-7">0,50</dd>' in html
    assert "Quyết định ban hành sau ngày 31/01." in html
    assert f'hx-post="{answer_url(request_11)}"' in html
    assert f'action="{answer_url(request_11)}"' in html


def test_the_list_shows_the_units_assessments_with_requests(
    officer_client, officer, request_11, request_21, appraisal_period
):
    explaining.save_answer(request_11, ANSWER, version=0, by=officer)

    html = officer_client.get(reverse("appraisal:my_explanations")).content.decode()

    assert f'<a href="{page_url(request_11.assessment)}">{appraisal_period.title}</a>' in html
    assert f"<td>{appraisal_period.explanation_closes:%d/%m/%Y}</td>" in html
    assert '<td class="num">1/2</td>' in html
    assert "Đang giải trình" in html


def test_the_list_leaves_out_assessments_without_requests(
    officer_client, submitted_assessment, team
):
    html = officer_client.get(reverse("appraisal:my_explanations")).content.decode()

    assert "Đơn vị chưa có yêu cầu giải trình nào." in html
    assert page_url(submitted_assessment) not in html


# Who may see what -----------------------------------------------------------------------------


def _all_urls(explanation, document) -> list[tuple[str, str]]:
    return [
        ("get", page_url(explanation.assessment)),
        ("post", send_url(explanation.assessment)),
        ("post", answer_url(explanation)),
        ("post", upload_url(explanation)),
        ("post", link_url(explanation)),
        ("post", unlink_url(explanation, document)),
    ]


@pytest.mark.parametrize("who", ["other_unit_officer", "appraiser", "lead", "admin_user"])
def test_nobody_outside_the_unit_sees_its_explanations(client, request, who, officer, request_11):
    explaining.save_answer(request_11, ANSWER, version=0, by=officer)
    document = library_document(request_11.assessment, officer)
    explaining.link_document(request_11, document, by=officer)
    client.force_login(request.getfixturevalue(who))

    for method, url in _all_urls(request_11, document):
        data = {
            "evidence": document.pk,
            f"r{request_11.pk}-answer": "Ghi đè",
            f"r{request_11.pk}-version": 1,
        }
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 404, url
    mine = client.get(reverse("appraisal:my_explanations"))
    if who == "other_unit_officer":
        assert page_url(request_11.assessment) not in mine.content.decode()
    else:
        assert mine.status_code == 404
    request_11.refresh_from_db()
    assert (request_11.answer, list(request_11.evidence.all())) == (ANSWER, [document])
    assert workflow.status_of(request_11.assessment).answers_sent_at is None


def test_a_request_to_another_unit_is_404_for_our_officer(
    client, ward, other_unit_officer, officer, appraiser, appraisal_set, appraisal_period, team
):
    theirs = UnitAssessment.objects.create(
        period=appraisal_period, unit=ward, criteria_set=appraisal_set, state="submitted"
    )
    request_theirs = ask(theirs, "1.1", appraiser)
    client.force_login(officer)

    assert client.get(page_url(theirs)).status_code == 404
    assert post_answer(client, request_theirs, "Ghi đè", 0).status_code == 404
    assert client.post(upload_url(request_theirs), {}).status_code == 404
    request_theirs.refresh_from_db()
    assert request_theirs.answer == ""


# Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_page_queries_do_not_grow_with_requests_and_documents(
    officer_client,
    officer,
    appraiser,
    office_appraiser,
    team,
    submitted_assessment,
    item_count,
    django_assert_num_queries,
):
    """`item_count` requests answered, each with `item_count` documents, and as many documents
    in the library."""
    asked = (("1.1", appraiser), ("1.2", appraiser), ("2.1", office_appraiser))[:item_count]
    for code, by in asked:
        explanation = ask(submitted_assessment, code, by)
        explaining.save_answer(explanation, ANSWER, version=0, by=officer)
        for i in range(item_count):
            explaining.add_document(
                explanation, file=check_upload(pdf(f"tai-lieu-{code}-{i}.pdf")), by=officer
            )
            library_document(submitted_assessment, officer, f"Tài liệu thư viện {code}-{i}")

    with django_assert_num_queries(15):
        response = officer_client.get(page_url(submitted_assessment))

    html = response.content.decode()
    assert len(re.findall(r'<article class="[^"]*" id="request-\d+">', html)) == item_count
    assert re.findall(r"\((tai-lieu-[\d.-]+\.pdf), ", html) == [
        f"tai-lieu-{code}-{i}.pdf" for code, _by in asked for i in range(item_count)
    ]


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_list_queries_do_not_grow_with_assessments(
    officer_client,
    officer,
    appraiser,
    department_level,
    admin_user,
    item_count,
    django_assert_num_queries,
):
    """Sở Tư pháp asked for explanations in `item_count` years."""
    for year in range(2026 - item_count + 1, 2027):
        criteria_set = build_appraisal_set(department_level, by=admin_user, year=year)
        assessment = UnitAssessment.objects.create(
            period=make_appraisal_period([criteria_set], year=year),
            unit=officer.unit,
            criteria_set=criteria_set,
        )
        ExplanationRequest.objects.create(
            assessment=assessment,
            criterion=criterion(assessment, "1.1"),
            question=QUESTION,
            requested_by=appraiser,
        )

    with django_assert_num_queries(3):
        response = officer_client.get(reverse("appraisal:my_explanations"))

    html = response.content.decode()
    assert re.findall(r">(Đánh giá Chỉ số CCHC năm \d+)</a></td>", html) == [
        f"Đánh giá Chỉ số CCHC năm {year}" for year in range(2026, 2026 - item_count, -1)
    ]
    assert html.count('<td class="num">0/1</td>') == item_count


# In a browser ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_unit_answers_adds_a_document_and_sends_in_a_browser(
    page: Page, live_server, tmp_path, officer, unit_head, request_11
):
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    log_in(page, live_server, officer.username)
    page.goto(f"{live_server.url}{reverse('appraisal:my_explanations')}")
    page.get_by_role("link", name=request_11.assessment.period.title).click()
    item = page.locator(f"#request-{request_11.pk}")
    expect(item).to_contain_text(QUESTION)

    item.get_by_label("Nội dung giải trình").fill(ANSWER)
    item.get_by_role("button", name="Lưu giải trình").click()
    expect(item.get_by_role("status")).to_have_text("Đã lưu giải trình tiêu chí 1.1.")
    expect(page.locator("#explanation-summary")).to_contain_text("Đã giải trình 1/1")

    item.get_by_text("Tải lên tài liệu mới (tệp hoặc văn bản)").click()
    (tmp_path / "qd-125.pdf").write_bytes(PDF)
    item.get_by_label("Tệp").set_input_files(tmp_path / "qd-125.pdf")
    item.get_by_label("Số, ký hiệu").fill("125/QĐ-UBND")
    item.get_by_role("button", name="Tải lên").click()
    documents = page.locator(f"#documents-{request_11.pk}")
    expect(documents.get_by_role("status")).to_contain_text("Đã thêm tài liệu “qd-125”")
    expect(documents.get_by_role("link", name="Tải về")).to_be_visible()
    expect(item.get_by_label("Nội dung giải trình")).to_have_value(ANSWER)
    shot(page, "explanations-unit-answered")
    assert problems == []

    page.context.clear_cookies()
    log_in(page, live_server, unit_head.username)
    page.goto(f"{live_server.url}{page_url(request_11.assessment)}")
    page.get_by_text("Gửi giải trình…").click()
    page.get_by_role("button", name="Xác nhận gửi giải trình").click()
    expect(page.get_by_role("alert").first).to_have_text("Đã gửi giải trình tới Tổ thẩm định.")
    expect(page.get_by_text("Giải trình đã được gửi, không sửa được nữa.")).to_be_visible()
    expect(page.locator("textarea")).to_have_count(0)
    assert workflow.status_of(request_11.assessment).answers_sent_by == unit_head
