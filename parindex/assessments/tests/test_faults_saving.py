"""Fault tests of saving a scorecard item (`pytest -m fault`): the database connection lost in
the middle of a save, the deadline passing while the form is open, a double-clicked submit, and
text typed in decomposed Unicode. Each asserts that nothing is lost or half saved."""

import threading
from datetime import timedelta
from decimal import Decimal

import psycopg
import pytest
from django.db import OperationalError, close_old_connections, connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parindex.assessments.models import Entry, UnitAssessment
from parindex.core import audit
from parindex.core.models import AuditEntry
from parindex.testing.factories import criterion

pytestmark = pytest.mark.fault

RETRY = "Vui lòng thử lại sau ít giây"


def _save(client, assessment, code, version, *, htmx=False, **values):
    item = criterion(assessment, code)
    prefix = f"c{item.pk}-"
    data = {prefix + "version": version} | {prefix + k: v for k, v in values.items()}
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse("assessments:entry_save", args=[assessment.pk, item.pk])
    return client.post(url, data, headers=headers)


def _browser(user) -> Client:
    # Errors answered as a user sees them (the test client raises them by default).
    browser = Client(raise_request_exception=False)
    browser.force_login(user)
    return browser


def _entry(assessment, code) -> Entry:
    return Entry.objects.get(assessment=assessment, criterion=criterion(assessment, code))


def _saves() -> int:
    return AuditEntry.objects.filter(action="self_assessment.entry").count()


def _terminate_own_backend() -> None:
    """Ends this test's PostgreSQL connection from another one (pg_terminate_backend, waiting up
    to 5 s for it to go): the server stays up for everyone else."""
    pid = connection.connection.info.backend_pid
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"],
        port=params["PORT"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


def _lose_connection_at_audit(monkeypatch, lose) -> None:
    """The connection goes after the entry row is updated, before its audit entry."""
    record = audit.record

    def losing(*args, **kwargs):
        monkeypatch.setattr(audit, "record", record)
        lose()
        return record(*args, **kwargs)

    monkeypatch.setattr(audit, "record", losing)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_connection_lost_during_a_save_asks_to_try_again_and_saves_nothing_half(
    officer, open_assessment, monkeypatch
):
    """PostgreSQL ends the request's connection in the middle of a save (the entry row already
    updated, its audit entry not yet written), once for a plain POST and once for htmx: the user
    reads the Vietnamese "try again" message (503 page; htmx: 200 with the message put at the top
    of the page, the form left as typed), not the 500 page; the entry keeps its previous value
    and version, with one audit entry per stored save; the next request reconnects
    (CONN_HEALTH_CHECKS) and the retried save is stored."""
    browser = _browser(officer)
    assert _save(browser, open_assessment, "1.4", 0, points="0,75").status_code == 302
    for version, htmx, retried in ((1, False, "0,5"), (2, True, "0,25")):
        _lose_connection_at_audit(monkeypatch, _terminate_own_backend)
        response = _save(browser, open_assessment, "1.4", version, htmx=htmx, points="1")
        assert RETRY in response.content.decode()
        if htmx:
            assert response.status_code == 200 and response["HX-Retarget"] == "#main"
        else:
            assert response.status_code == 503 and "Lỗi hệ thống" not in response.content.decode()

        close_old_connections()  # the end of the request, as the server does it
        entry = _entry(open_assessment, "1.4")
        assert (entry.version, _saves()) == (version, version)
        assert entry.points != 1
        assert _save(browser, open_assessment, "1.4", version, points=retried).status_code == 302
        assert _entry(open_assessment, "1.4").points == Decimal(retried.replace(",", "."))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_dropped_between_requests_is_replaced_by_the_health_check(
    officer, open_assessment, settings
):
    """The kept connection (CONN_MAX_AGE) is ended while idle, as by a PostgreSQL restart: with
    CONN_HEALTH_CHECKS on, the next request checks it, opens a new one and saves normally."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    browser = _browser(officer)
    assert browser.get(open_assessment.get_absolute_url()).status_code == 200
    _terminate_own_backend()
    close_old_connections()  # the next request begins
    assert _save(browser, open_assessment, "1.4", 0, points="0,75").status_code == 302
    assert _entry(open_assessment, "1.4").version == 1


@pytest.mark.django_db(transaction=True)
def test_a_busy_database_asks_to_try_again_and_saves_nothing_half(
    officer, open_assessment, monkeypatch
):
    """Any database (SQLite too): "database is locked" past the busy timeout in the middle of a
    save is answered with the "try again" message, and the entry is rolled back whole."""
    browser = _browser(officer)
    assert _save(browser, open_assessment, "1.4", 0, points="0,75").status_code == 302

    def locked():
        raise OperationalError("database is locked")

    _lose_connection_at_audit(monkeypatch, locked)
    response = _save(browser, open_assessment, "1.4", 1, points="0,5", explanation="Mới")
    assert response.status_code == 503 and RETRY in response.content.decode()
    entry = _entry(open_assessment, "1.4")
    assert (entry.points, entry.explanation, entry.version, _saves()) == (
        Decimal("0.75"),
        "",
        1,
        1,
    )


@pytest.fixture
def _sessions_of_two_days(settings):
    # The clock jumps a day ahead: the officer's session (12 hours at most) must outlive it.
    settings.SESSION_COOKIE_AGE = 2 * 24 * 3600


def test_the_deadline_passing_while_the_form_is_open_refuses_and_shows_the_typed_values(
    _sessions_of_two_days, officer_client, open_assessment, monkeypatch
):
    """The form is loaded before the deadline and saved after it (the clock moved past the last
    day): the save is refused with the deadline message, the typed value and explanation are in
    the form shown back, and nothing is stored (no entry, no audit)."""
    period = open_assessment.period
    period.self_assessment_closes = timezone.localdate()
    period.save()
    item = criterion(open_assessment, "1.4")
    form = officer_client.get(f"{open_assessment.get_absolute_url()}?edit={item.pk}")
    assert f"c{item.pk}-points" in form.content.decode()

    later = timezone.now() + timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    for htmx in (False, True):
        response = _save(
            officer_client,
            open_assessment,
            "1.4",
            0,
            htmx=htmx,
            points="0,75",
            explanation="Đã ban hành kế hoạch số 12",
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "không thể thay đổi kết quả tự chấm" in page
        assert 'value="0,75"' in page and "Đã ban hành kế hoạch số 12" in page
    assert not Entry.objects.exists() and _saves() == 0


def test_a_double_clicked_submit_submits_once_and_answers_the_second_calmly(
    unit_head, open_assessment
):
    """Two POSTs of the submit button: one submission (state, time and author unchanged by the
    second), one audit entry `self_assessment.submit`; the second lands on the scorecard with a
    notice that the results were already submitted, not an error."""
    head = _browser(unit_head)
    url = reverse("assessments:submit", args=[open_assessment.pk])
    first = head.post(url)
    assert first.status_code == 302
    submitted = UnitAssessment.objects.get(pk=open_assessment.pk)
    assert submitted.state == UnitAssessment.State.SUBMITTED

    second = head.post(url, follow=True)
    page = second.content.decode()
    assert second.status_code == 200
    assert "đã được nộp lúc" in page and "alert-info" in page and "alert-danger" not in page
    again = UnitAssessment.objects.get(pk=open_assessment.pk)
    assert (again.state, again.submitted_at, again.submitted_by) == (
        submitted.state,
        submitted.submitted_at,
        submitted.submitted_by,
    )
    assert AuditEntry.objects.filter(action="self_assessment.submit").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_the_same_moment_submit_once(unit_head, open_assessment):
    """The double click's two POSTs at the same moment (two threads, real row locks): both are
    sent back to the scorecard (no error page), one with "submitted", the other with the calm
    notice; one audit entry `self_assessment.submit`."""
    url = reverse("assessments:submit", args=[open_assessment.pk])
    start = threading.Barrier(2)
    browsers = [_browser(unit_head), _browser(unit_head)]
    statuses: list[int] = []

    def click(browser):
        try:
            start.wait()
            statuses.append(browser.post(url).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [302, 302]
    scorecard = open_assessment.get_absolute_url()
    pages = [browser.get(scorecard).content.decode() for browser in browsers]
    assert sorted("đã được nộp lúc" in page for page in pages) == [False, True]
    assert sum("Đã nộp kết quả tự đánh giá." in page for page in pages) == 1
    assert AuditEntry.objects.filter(action="self_assessment.submit").count() == 1
