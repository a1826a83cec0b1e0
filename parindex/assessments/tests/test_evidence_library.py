"""The unit's evidence library: the list and its queries, a document's page, new versions, its
reference and its history."""

import hashlib
import re
import unicodedata
from datetime import date

import pytest
from django.urls import reverse

from parindex.assessments.models import Entry, EntryEvidence, Evidence, EvidenceFile
from parindex.core.models import AuditEntry
from parindex.testing.evidence import REFERENCE, close_window, evidence_block, evidence_url
from parindex.testing.factories import HTML, PDF, add_document, stored_files, upload
from parindex.testing.factories import criterion as _criterion  # tests name theirs `criterion`

# The library -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_library_lists_the_units_documents_only(
    officer_client, officer, open_assessment, other_unit_officer, ward
):
    add_document(open_assessment, officer, "1.1", name="Kế hoạch CCHC.pdf")
    Evidence.objects.create(unit=ward, title="Tài liệu của phường", created_by=other_unit_officer)
    page = officer_client.get(reverse("assessments:evidence_library")).content.decode()
    assert "Thư viện tài liệu kiểm chứng" in page and "Sở Tư pháp" in page
    assert "Kế hoạch CCHC.pdf" in page and "1 phiên bản" in page
    assert f"{open_assessment.get_absolute_url()}#item-1.1" in page
    assert "Tài liệu của phường" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
def test_library_queries_do_not_grow_with_documents(
    officer_client, officer, open_assessment, item_count, django_assert_num_queries
):
    """`item_count` documents of two versions each, linked to item 1.2."""
    entry = Entry.objects.create(
        assessment=open_assessment, criterion=_criterion(open_assessment, "1.2")
    )
    for i in range(item_count):
        document = Evidence.objects.create(
            unit=open_assessment.unit, title=f"Tài liệu {i}", created_by=officer
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

    with django_assert_num_queries(6):
        response = officer_client.get(reverse("assessments:evidence_library"))

    html = response.content.decode()
    titles = re.findall(r'class="fw-semibold">([^<]+)</a>', html)
    assert sorted(titles) == [f"Tài liệu {i}" for i in range(item_count)]
    assert html.count(f"{open_assessment.get_absolute_url()}#item-1.2") == item_count


# Versions and the document page ------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_version_is_appended_and_the_old_one_stays_downloadable(
    officer_client, officer, open_assessment, media
):
    document = add_document(open_assessment, officer, "1.1")
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
    block = evidence_block(officer_client, open_assessment, "1.1")
    assert "phiên bản 2" in block


@pytest.mark.django_db
def test_a_wrong_version_file_is_refused_on_the_document_page(
    officer_client, officer, open_assessment
):
    document = add_document(open_assessment, officer, "1.1")
    response = officer_client.post(
        reverse("assessments:evidence_version", args=[document.pk]),
        {"file": upload("qd.pdf", HTML)},
    )
    assert response.status_code == 200
    assert "Nội dung tệp “qd.pdf” không phải là loại tệp được nhận." in response.content.decode()
    assert document.files.count() == 1


@pytest.mark.django_db
def test_a_document_used_by_a_closed_self_assessment_keeps_its_files_and_reference(
    officer_client, officer, open_assessment
):
    document = add_document(open_assessment, officer, "1.1")
    close_window(open_assessment)
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
def test_editing_the_reference_is_audited(officer_client, officer, open_assessment):
    document = add_document(open_assessment, officer, "1.1")
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
    officer_client, officer, open_assessment
):
    document = add_document(open_assessment, officer, "1.1")
    other = add_document(open_assessment, officer, "1.2", name="bao-cao.pdf")
    for linked in (document, other):
        officer_client.post(
            evidence_url("evidence_link", open_assessment, "1.4"), {"evidence": linked.pk}
        )
    officer_client.post(evidence_url("evidence_unlink", open_assessment, "1.1", document.pk))
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
    officer_client, officer, open_assessment, settings
):
    settings.EVIDENCE_MAX_BYTES = 1536 * 1024
    document = add_document(open_assessment, officer, "1.1")
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
