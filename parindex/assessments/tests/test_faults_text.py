"""Fault test of text in decomposed Unicode (`pytest -m fault`): macOS file names and text pasted
from some editors arrive as NFD ("ế" as "e" + two combining marks). Stored and shown as NFC:
searched, sorted and compared as the same words typed elsewhere."""

import unicodedata
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from parindex.assessments.models import Entry, Evidence, EvidenceFile
from parindex.core.models import AuditEntry
from parindex.testing.evidence import post_evidence
from parindex.testing.factories import criterion, upload

pytestmark = [pytest.mark.fault, pytest.mark.django_db]

FILE_NAME = "Quyết định số 125 về Kế hoạch CCHC.pdf"
EXPLANATION = "Đã ban hành đúng hạn; xem Quyết định số 125"
ISSUER = "Ủy ban nhân dân tỉnh Điện Biên"
REASON = "Bổ sung tài liệu kiểm chứng còn thiếu"


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text  # the test really sends something else than NFC
    return decomposed


def _shows_nfc_only(page: str, *texts: str) -> None:
    for text in texts:
        assert text in page and nfd(text) not in page


def test_decomposed_file_names_and_typed_text_are_stored_and_shown_as_nfc(
    officer_client, open_assessment
):
    """An upload named in NFD with an NFD issuer, and an item saved with an NFD explanation:
    the file's name, the document's title (taken from the name) and issuer, the entry's
    explanation and the audit entries hold NFC; the scorecard and the document's page show NFC
    only; the download offers the NFC name."""
    response = post_evidence(
        officer_client,
        open_assessment,
        "1.4",
        upload(nfd(FILE_NAME)),
        issuer=nfd(ISSUER),
    )
    assert response.status_code == 302
    stored = EvidenceFile.objects.get()
    document = Evidence.objects.get()
    assert stored.original_name == FILE_NAME
    assert (document.title, document.issuer) == (FILE_NAME.removesuffix(".pdf"), ISSUER)

    item = criterion(open_assessment, "1.4")
    prefix = f"c{item.pk}-"
    data = {
        f"{prefix}version": 0,
        f"{prefix}points": "0,75",
        f"{prefix}explanation": nfd(EXPLANATION),
    }
    saved = officer_client.post(
        reverse("assessments:entry_save", args=[open_assessment.pk, item.pk]), data
    )
    assert saved.status_code == 302
    assert Entry.objects.get().explanation == EXPLANATION
    assert AuditEntry.objects.get(action="self_assessment.entry").new["explanation"] == EXPLANATION
    assert AuditEntry.objects.get(action="evidence.upload").new["file"] == FILE_NAME

    page = officer_client.get(open_assessment.get_absolute_url()).content.decode()
    _shows_nfc_only(page, EXPLANATION, FILE_NAME.removesuffix(".pdf"))
    detail = officer_client.get(reverse("assessments:evidence_detail", args=[document.pk]))
    _shows_nfc_only(detail.content.decode(), FILE_NAME, ISSUER)
    download = officer_client.get(reverse("assessments:evidence_file", args=[stored.pk]))
    assert quote(FILE_NAME) in download["Content-Disposition"]


def test_a_reason_typed_in_nfd_without_a_form_is_kept_as_nfc(unit_head, open_assessment):
    """The withdrawal's reason is read from the request without a form: the audit entry keeps
    it as NFC all the same (as every reason, appraisal ones included)."""
    head = Client()
    head.force_login(unit_head)
    head.post(reverse("assessments:submit", args=[open_assessment.pk]))
    head.post(reverse("assessments:withdraw", args=[open_assessment.pk]), {"reason": nfd(REASON)})
    assert AuditEntry.objects.get(action="self_assessment.withdraw").reason == REASON
