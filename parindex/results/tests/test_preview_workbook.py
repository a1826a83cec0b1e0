"""The preview workbook of a period, built in the background: asked for by the lead or the
admin, its progress polled by the preview page, then downloaded; anyone else finds nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parindex.appraisal import workflow
from parindex.assessments.models import UnitAssessment
from parindex.catalog.models import Unit
from parindex.results import preview
from parindex.results.models import PreviewWorkbook
from parindex.results.views.exports import XLSX
from parindex.testing.documents import workbook
from parindex.testing.factories import appraise_all, stored_files

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(name: str, **kwargs) -> str:
    return reverse(f"results:{name}", kwargs=kwargs)


@pytest.fixture
def built(finalized, admin_user, media, django_capture_on_commit_callbacks) -> PreviewWorkbook:
    """The admin's preview workbook of the period of both finalized departments, built."""
    with django_capture_on_commit_callbacks(execute=True):
        asked = preview.request_workbook(finalized[0].period, by=admin_user)
    asked.refresh_from_db()
    return asked


def test_the_workbook_is_built_once_committed_recording_its_progress(
    finalized, admin_user, media, django_capture_on_commit_callbacks
):
    period = finalized[0].period
    with django_capture_on_commit_callbacks() as callbacks:
        asked = preview.request_workbook(period, by=admin_user)
    assert (len(callbacks), asked.units_total, asked.file.name) == (1, 0, "")
    callbacks[0]()  # the task, run at once in tests (TASKS)
    asked.refresh_from_db()
    assert (asked.units_done, asked.units_total, asked.error) == (2, 2, "")
    assert asked.ready and asked.file.name.startswith(f"ket-qua/xem-truoc/ky-{period.pk}/")
    book = workbook(asked.file.read())
    assert book["Tổng hợp"]["A8"].value.startswith("Bản xem trước – chưa công bố")
    assert book.sheetnames[1:] == ["Sở Tài chính", "Sở Tư pháp"]


def test_progress_is_written_at_most_every_few_tenths_of_a_second(
    finalized, admin_user, media, monkeypatch
):
    seen = []

    def sheets(period, progress):
        for done in range(4):
            progress(done, 3)
            seen.append(PreviewWorkbook.objects.values_list("units_done", "units_total").get())
        return b"PK"

    monkeypatch.setattr(preview, "preview_workbook", sheets)
    monkeypatch.setattr(preview, "PROGRESS_SECONDS", 60)
    asked = PreviewWorkbook.objects.create(period=finalized[0].period, requested_by=admin_user)
    preview.build_workbook(asked)
    assert seen == [(0, 3)] * 4  # the first, then none within the minute
    asked.refresh_from_db()
    assert (asked.units_done, asked.units_total, asked.ready) == (3, 3, True)


def test_asking_again_while_it_is_built_does_not_ask_twice(finalized, admin_user, lead, media):
    period = finalized[0].period
    first = preview.request_workbook(period, by=admin_user)  # not committed: not built
    assert preview.request_workbook(period, by=admin_user) == first
    assert preview.request_workbook(period, by=lead) != first


def test_asking_again_once_built_replaces_the_earlier_file(
    built, admin_user, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        again = preview.request_workbook(built.period, by=admin_user)
    again.refresh_from_db()
    assert list(PreviewWorkbook.objects.all()) == [again]
    assert [path.relative_to(media).as_posix() for path in stored_files(media)] == [again.file.name]


def test_a_failure_is_recorded_and_offers_to_try_again(
    finalized, admin_client, admin_user, media, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(period, progress):
        raise RuntimeError("disk full")

    monkeypatch.setattr(preview, "preview_workbook", broken)
    with django_capture_on_commit_callbacks(execute=True):
        asked = preview.request_workbook(finalized[0].period, by=admin_user)
    asked.refresh_from_db()
    assert asked.finished_at and not asked.ready
    fragment = admin_client.get(url("preview_workbook", pk=asked.pk), headers=HTMX).text
    assert "Không tạo được bảng tính; hãy thử lại" in fragment
    assert "Tạo lại từ dữ liệu hiện tại" in fragment and "hx-trigger" not in fragment
    assert admin_client.get(url("preview_workbook_download", pk=asked.pk)).status_code == 404


def test_the_page_asks_polls_then_offers_the_download(
    finalized, admin_client, media, django_capture_on_commit_callbacks
):
    period = finalized[0].period
    page = admin_client.get(url("preview", period_pk=period.pk)).text
    assert "Tạo bản xem trước (Excel)" in page
    assert f'hx-post="{url("preview_workbook_request", period_pk=period.pk)}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        waiting = admin_client.post(
            url("preview_workbook_request", period_pk=period.pk), headers=HTMX
        ).text
    asked = PreviewWorkbook.objects.get()
    # Answered before the task ran: the fragment polls itself.
    assert "Đang chờ tạo bản xem trước (Excel)" in waiting
    assert f'hx-get="{url("preview_workbook", pk=asked.pk)}" hx-trigger="every 1s"' in waiting
    done = admin_client.get(url("preview_workbook", pk=asked.pk), headers=HTMX)
    assert "no-store" in done["Cache-Control"]
    assert url("preview_workbook_download", pk=asked.pk) in done.text
    assert "hx-trigger" not in done.text
    download = admin_client.get(url("preview_workbook_download", pk=asked.pk))
    assert download["Content-Type"] == XLSX and "no-store" in download["Cache-Control"]
    assert "attachment" in download["Content-Disposition"]
    assert workbook(b"".join(download.streaming_content)).sheetnames[0] == "Tổng hợp"


def test_progress_is_shown_while_the_sheets_are_written(built, admin_client):
    PreviewWorkbook.objects.filter(pk=built.pk).update(units_done=1, finished_at=None)
    fragment = admin_client.get(url("preview_workbook", pk=built.pk), headers=HTMX).text
    assert "đã ghi 1/2 đơn vị" in fragment
    assert '<progress class="d-block w-100" max="2" value="1"' in fragment


def test_without_javascript_asking_leads_back_to_the_page_showing_it(
    finalized, admin_client, media
):
    period = finalized[0].period
    response = admin_client.post(url("preview_workbook_request", period_pk=period.pk))
    page = url("preview", period_pk=period.pk)
    assert response["Location"] == f"{page}#preview-workbook"
    assert "Đang chờ tạo bản xem trước (Excel)" in admin_client.get(page).text


def test_the_workbook_is_for_the_lead_and_the_admin_only(
    client, built, lead, officer, unit_head, appraiser
):
    period = built.period
    addresses = [
        ("post", url("preview_workbook_request", period_pk=period.pk)),
        ("get", url("preview_workbook", pk=built.pk)),
        ("get", url("preview_workbook_download", pk=built.pk)),
    ]
    for method, address in addresses:
        response = getattr(client, method)(address)
        assert (response.status_code, response["Location"]) == (302, f"/login/?next={address}")
    for user in (officer, unit_head, appraiser):
        client.force_login(user)
        for method, address in addresses:
            assert getattr(client, method)(address).status_code == 404
    assert not PreviewWorkbook.objects.exclude(pk=built.pk).exists()
    client.force_login(lead)
    assert client.get(addresses[2][1]).status_code == 200
    assert client.get(url("preview_workbook_download", pk=built.pk + 100)).status_code == 404


@pytest.mark.parametrize("item_count", [1, 3])
def test_progress_and_download_read_a_constant_number_of_queries(
    finalized,
    admin_user,
    admin_client,
    department_level,
    appraiser,
    office_appraiser,
    lead,
    media,
    item_count,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    period = finalized[0].period
    for number in range(item_count):
        unit = Unit.objects.create(
            code=f"so-{number}", name=f"Sở thử {number}", level=department_level
        )
        assessment = UnitAssessment.objects.create(
            period=period, unit=unit, criteria_set=finalized[0].criteria_set, state="submitted"
        )
        appraise_all(assessment, appraiser, office_appraiser)
        workflow.finalize(assessment, by=lead, without_survey=True)
    with django_capture_on_commit_callbacks(execute=True):
        asked = preview.request_workbook(period, by=admin_user)

    # Session, user, the workbook with its period.
    with django_assert_num_queries(3):
        fragment = admin_client.get(url("preview_workbook", pk=asked.pk), headers=HTMX).text
    with django_assert_num_queries(3):
        download = admin_client.get(url("preview_workbook_download", pk=asked.pk))

    assert url("preview_workbook_download", pk=asked.pk) in fragment
    sheets = workbook(b"".join(download.streaming_content)).sheetnames[1:]
    assert len(sheets) == 2 + item_count


def test_a_request_left_unbuilt_is_given_up_and_can_be_asked_again(
    finalized, admin_client, admin_user, media
):
    period = finalized[0].period
    stuck = preview.request_workbook(period, by=admin_user)  # never committed: no worker
    PreviewWorkbook.objects.filter(pk=stuck.pk).update(
        requested_at=timezone.now() - timedelta(minutes=11)
    )
    fragment = admin_client.get(url("preview_workbook", pk=stuck.pk), headers=HTMX).text
    assert "tiến trình chạy nền có thể đã dừng" in fragment and "hx-trigger" not in fragment
    again = preview.request_workbook(period, by=admin_user)
    assert list(PreviewWorkbook.objects.all()) == [again] and again != stuck
