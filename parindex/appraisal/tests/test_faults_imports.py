"""Fault tests of the Excel imports (`pytest -m fault`): criteria sets, survey points and
accounts each given the same damaged, foreign and oversized files. Each file is refused with a
message saying why, and nothing is written."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.accounts import importing as accounts_import
from parindex.accounts.models import User
from parindex.appraisal.models import SurveyImport, SurveyScore
from parindex.catalog.models import CriteriaSet, Criterion
from parindex.core.models import AuditEntry
from parindex.testing.factories import docx, xlsx

pytestmark = [pytest.mark.fault, pytest.mark.django_db]

# Small enough that an "oversized" file costs nothing to make.
LIMIT = 64 * 1024


def _workbook() -> bytes:
    return xlsx()


def _bomb() -> bytes:
    """A workbook-shaped zip whose one sheet unpacks to 5 MB of zeros (a few KB on disk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (5 * 1024 * 1024))
    return buffer.getvalue()


BAD_FILES = {
    "text named .xlsx": b"Ma don vi;Diem\nso-tu-phap;1\n",
    "truncated workbook": _workbook()[:600],
    "Word document named .xlsx": docx(),
    "zip bomb": _bomb(),
    "oversized": b"PK\x03\x04" + b"0" * (LIMIT + 1),
}
NOT_A_WORKBOOK = "không phải là tệp Excel (.xlsx) hợp lệ"
MESSAGES = {
    "text named .xlsx": NOT_A_WORKBOOK,
    "truncated workbook": NOT_A_WORKBOOK,
    "Word document named .xlsx": NOT_A_WORKBOOK,
    "zip bomb": "cấu trúc nén bất thường",
    "oversized": "Tệp quá lớn",
}


def _written() -> tuple:
    return (
        CriteriaSet.objects.count(),
        Criterion.objects.count(),
        SurveyImport.objects.count(),
        SurveyScore.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.CRITERIA_UPLOAD_MAX_BYTES = LIMIT


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_criteria_workbook_is_refused_and_nothing_written(admin_client, kind):
    """Criteria import (step 1): 200 with the reason on the page, no set or criterion, no
    audit entry, nothing kept in the session for the preview."""
    before = _written()
    upload = SimpleUploadedFile("bo-tieu-chi.xlsx", BAD_FILES[kind])
    response = admin_client.post(reverse("catalog:criteria_import"), {"file": upload})
    assert response.status_code == 200
    assert MESSAGES[kind] in response.content.decode()
    assert _written() == before
    assert "criteria_import" not in admin_client.session


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_survey_workbook_is_refused_and_nothing_written(
    lead_client, appraisal_period, submitted_assessment, kind
):
    """Survey points import: 200 with the reason on the page, no SurveyImport or SurveyScore,
    no audit entry."""
    before = _written()
    url = reverse("appraisal:survey_import", kwargs={"pk": appraisal_period.pk})
    upload = SimpleUploadedFile("diem-dieu-tra.xlsx", BAD_FILES[kind])
    response = lead_client.post(url, {"file": upload}, follow=True)
    assert response.status_code == 200
    assert MESSAGES[kind] in response.content.decode()
    assert _written() == before


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_accounts_workbook_is_refused_and_nothing_written(admin_client, kind):
    """Accounts import (upload, before the preview): 200 with the reason by the file field, no
    account, no audit entry, no preview rows to confirm."""
    before = _written()
    upload = SimpleUploadedFile("tai-khoan.xlsx", BAD_FILES[kind])
    response = admin_client.post(reverse("account_import"), {"file": upload})
    assert response.status_code == 200
    assert MESSAGES[kind] in response.content.decode()
    assert response.context["rows"] is None
    assert _written() == before


def test_an_accounts_workbook_longer_than_the_limit_is_refused_not_cut(justice, settings):
    """More rows than MAX_ROWS (read directly: the file is bigger than the test's small limit):
    refused with the limit in the message, instead of the rows past it being dropped without a
    word (as they were)."""
    settings.CRITERIA_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = accounts_import.SHEET
    sheet.append([header for _key, header, _width in accounts_import.COLUMNS])
    for number in range(accounts_import.MAX_ROWS + 1):
        sheet.append(["so-tu-phap", "", f"Người {number}", "Cán bộ đơn vị"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(accounts_import.AccountsImportError, match="hơn 2000 dòng"):
        accounts_import.read_rows(buffer.getvalue())
