import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parindex.accounts.models import Role, User
from parindex.assessments import deadlines, workflow
from parindex.assessments.models import Entry, EntryEvidence, Evidence, EvidenceFile, UnitAssessment
from parindex.catalog.models import Unit
from parindex.core import page_cache
from parindex.core.models import AuditEntry
from parindex.testing.factories import build_set, make_open_period, make_user, many_leaves
from parindex.testing.factories import criterion as _criterion  # tests name theirs `criterion`

pytestmark = pytest.mark.django_db


def _save_url(assessment, code) -> str:
    return reverse("assessments:entry_save", args=[assessment.pk, _criterion(assessment, code).pk])


def _post(client, assessment, code, version=0, htmx=False, **values):
    prefix = f"c{_criterion(assessment, code).pk}-"
    data = {prefix + "version": version} | {prefix + k: v for k, v in values.items()}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(_save_url(assessment, code), data, headers=headers)


def test_officer_sees_the_inputs_each_rule_asks_for(officer_client, open_assessment):
    page = officer_client.get(open_assessment.get_absolute_url()).content.decode()
    assert "Tự đánh giá: Sở Tư pháp" in page
    assert "0,00 / 6,00" in page
    assert "0/4 tiêu chí" in page
    # Items are read-only until opened: one form at a time keeps the page fast.
    assert page.count("Nhập kết quả") == 4 and "<textarea" not in page

    def opened(code, htmx=True):
        criterion = _criterion(open_assessment, code)
        if htmx:
            url = reverse("assessments:entry_edit", args=[open_assessment.pk, criterion.pk])
            return officer_client.get(url, headers={"HX-Request": "true"}).content.decode()
        url = f"{open_assessment.get_absolute_url()}?edit={criterion.pk}"
        return officer_client.get(url).content.decode()

    levels = opened("1.1")
    assert levels.lstrip().startswith("<article")
    assert "Ban hành đúng thời hạn (1 điểm)" in levels and "Ban hành chậm (0,5 điểm)" in levels
    assert "Tải lên tài liệu mới" in levels
    ratio = opened("1.2", htmx=False)
    assert "Số nhiệm vụ đã hoàn thành" in ratio and "Số nhiệm vụ phải hoàn thành" in ratio
    other = _criterion(open_assessment, "1.1").pk
    assert f"c{other}-explanation" not in ratio  # only the opened item has a form
    deduction = opened("1.3")
    assert "Hồ sơ quá hạn" in deduction and "Không áp dụng đối với đơn vị" in deduction
    manual = opened("1.4")
    assert "Điểm (tối đa 1, bước 0,25)" in manual
    assert "Không áp dụng đối với đơn vị" not in manual  # 1.4 does not allow it


def test_each_item_says_how_its_points_are_computed(officer_client, open_assessment):
    page = re.sub(
        r"\s+",
        " ",
        re.sub(
            r"<[^>]+>", " ", officer_client.get(open_assessment.get_absolute_url()).content.decode()
        ),
    )
    assert "Ban hành đúng thời hạn: 1 Ban hành chậm: 0,5 Không ban hành: 0" in page
    assert (
        "tỷ lệ “Số nhiệm vụ đã hoàn thành” / “Số nhiệm vụ phải hoàn thành” × 100 % "
        "từ 100 %: 2 điểm từ 80 %: 1 điểm từ 0 %: 0 điểm"
    ) in page
    assert "2 điểm, trừ 0,5 điểm cho mỗi “Hồ sơ quá hạn”, không dưới 0" in page
    assert "từ 0 đến 1 điểm, bước 0,25" in page


def test_saving_stores_the_facts_and_the_engine_gives_the_points(
    officer_client, officer, open_assessment
):
    response = _post(officer_client, open_assessment, "1.2", numerator="9", denominator="10")
    assert response.status_code == 302
    assert response["Location"].endswith("#item-1.2")
    entry = Entry.objects.get()
    assert (entry.numerator, entry.denominator, entry.self_points) == (9, 10, 1)
    assert entry.version == 1 and entry.updated_by == officer
    audit = AuditEntry.objects.get(action="self_assessment.entry")
    assert audit.old == {}
    assert audit.new == {"numerator": "9", "denominator": "10", "self_points": "1"}
    open_assessment.refresh_from_db()
    assert open_assessment.self_total == 1 and open_assessment.entered_count == 1
    assert open_assessment.last_activity_at is not None
    page = officer_client.get(open_assessment.get_absolute_url()).content.decode()
    assert "Đã lưu tiêu chí 1.2." in page
    assert "1,00 điểm" in page
    assert "1,00 / 6,00" in page


def test_decimal_comma_is_accepted(officer_client, open_assessment):
    _post(officer_client, open_assessment, "1.4", points="0,75")
    assert Entry.objects.get().points == Decimal("0.75")


def test_htmx_save_returns_the_item_and_the_new_totals(officer_client, open_assessment):
    response = _post(officer_client, open_assessment, "1.1", htmx=True, level="Ban hành chậm")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith("<article")
    assert "0,50 điểm" in page
    assert 'id="total-1" hx-swap-oob="true"' in page
    assert 'id="summary" hx-swap-oob="true"' in page
    assert "0,50 / 6,00" in page


def test_a_rejected_save_keeps_what_was_typed_and_says_why(officer_client, open_assessment):
    response = _post(
        officer_client, open_assessment, "1.4", points="0,3", explanation="Đã có báo cáo"
    )
    page = response.content.decode()
    assert "không phải bội số của bước chấm (0.25)" in page or "bước chấm" in page
    assert "Đã có báo cáo" in page
    assert 'value="0,3"' in page
    assert not Entry.objects.exists()


def test_not_applicable_needs_a_reason_and_lowers_the_max(officer_client, open_assessment):
    response = _post(officer_client, open_assessment, "1.3", not_applicable="on")
    assert "Vui lòng ghi lý do không áp dụng." in response.content.decode()
    assert not Entry.objects.exists()
    _post(
        officer_client,
        open_assessment,
        "1.3",
        not_applicable="on",
        not_applicable_reason="Đơn vị không có TTHC",
    )
    entry = Entry.objects.get()
    assert entry.not_applicable and entry.not_applicable_reason == "Đơn vị không có TTHC"
    page = officer_client.get(open_assessment.get_absolute_url()).content.decode()
    assert "0,00 / 4,00" in page  # exclude policy: 6 − 2


def test_second_save_from_a_stale_page_is_refused_and_shows_the_current_value(
    officer_client, unit_head, open_assessment
):
    _post(officer_client, open_assessment, "1.1", version=0, level="Ban hành đúng thời hạn")
    other = Client()
    other.force_login(unit_head)
    response = _post(other, open_assessment, "1.1", version=0, htmx=True, level="Không ban hành")
    page = response.content.decode()
    assert "đã lưu tiêu chí này lúc" in page
    assert "Lò Thị Hoa" in page
    assert "Giá trị hiện tại" in page and "Ban hành đúng thời hạn" in page
    # The message sends the reader down to the current value: it must be below, not above.
    assert page.index("hãy xem giá trị hiện tại bên dưới") < page.index("Giá trị hiện tại (")
    entry = Entry.objects.get()
    assert entry.level == "Ban hành đúng thời hạn" and entry.version == 1
    assert AuditEntry.objects.filter(action="self_assessment.entry").count() == 1
    # Without JavaScript: the whole page, with the current value under the message too.
    page = _post(other, open_assessment, "1.1", version=0, level="Không ban hành").content.decode()
    assert page.index("hãy xem giá trị hiện tại bên dưới") < page.index("Giá trị hiện tại (")
    # The refused form now carries the current version: saving again is a deliberate overwrite.
    _post(other, open_assessment, "1.1", version=1, level="Không ban hành")
    assert Entry.objects.get().level == "Không ban hành"


def test_after_the_deadline_the_server_refuses_every_change(officer_client, open_assessment):
    _post(officer_client, open_assessment, "1.2", numerator="1", denominator="1")
    period = open_assessment.period
    period.self_assessment_opens -= timedelta(days=30)
    period.self_assessment_closes = period.self_assessment_opens + timedelta(days=5)
    period.save()
    response = _post(
        officer_client, open_assessment, "1.2", version=1, numerator="0", denominator="1"
    )
    assert "Đã hết hạn tự đánh giá" in response.content.decode()
    assert Entry.objects.get().numerator == 1
    page = officer_client.get(open_assessment.get_absolute_url()).content.decode()
    assert "Đã hết hạn tự đánh giá" in page
    assert "entry_save" not in page and 'type="submit"><i class="bi bi-check2"' not in page


def test_submission_by_the_head_freezes_entries(unit_head, officer_client, open_assessment):
    _post(officer_client, open_assessment, "1.2", numerator="1", denominator="1")
    client = Client()
    client.force_login(unit_head)
    page = client.get(reverse("assessments:submit", args=[open_assessment.pk])).content.decode()
    assert "Xác nhận nộp" in page
    client.post(reverse("assessments:submit", args=[open_assessment.pk]))
    open_assessment.refresh_from_db()
    assert open_assessment.state == UnitAssessment.State.SUBMITTED
    response = _post(
        officer_client, open_assessment, "1.2", version=1, numerator="0", denominator="1"
    )
    assert "Đơn vị đã nộp kết quả tự đánh giá" in response.content.decode()
    client.post(reverse("assessments:withdraw", args=[open_assessment.pk]), {"reason": "Sửa 1.2"})
    open_assessment.refresh_from_db()
    assert open_assessment.state == UnitAssessment.State.DRAFT


def test_submit_page_lists_blockers_with_links(client, officer_client, unit_head, open_assessment):
    _post(officer_client, open_assessment, "1.1", level="Ban hành đúng thời hạn")
    client.force_login(unit_head)
    page = client.get(reverse("assessments:submit", args=[open_assessment.pk])).content.decode()
    assert "Còn 1 tiêu chí cần bổ sung trước khi nộp" in page
    assert f'href="/assessments/{open_assessment.pk}/#item-1.1"' in page
    assert "Chưa có tài liệu kiểm chứng bắt buộc và chưa có giải trình" in page
    client.post(reverse("assessments:submit", args=[open_assessment.pk]))
    open_assessment.refresh_from_db()
    assert open_assessment.state == UnitAssessment.State.DRAFT


def test_preview_gives_the_engine_points_before_saving(officer_client, open_assessment):
    criterion = _criterion(open_assessment, "1.3")
    response = officer_client.post(
        reverse("assessments:entry_preview", args=[open_assessment.pk, criterion.pk]),
        {f"c{criterion.pk}-version": 0, f"c{criterion.pk}-count": "3"},
    )
    assert "0,50 điểm (chưa lưu)" in " ".join(response.content.decode().split())
    assert not Entry.objects.exists()


def test_history_shows_who_changed_what(officer_client, open_assessment):
    _post(officer_client, open_assessment, "1.1", level="Ban hành chậm")
    _post(officer_client, open_assessment, "1.1", version=1, level="Ban hành đúng thời hạn")
    criterion = _criterion(open_assessment, "1.1")
    page = officer_client.get(
        reverse("assessments:entry_history", args=[open_assessment.pk, criterion.pk])
    ).content.decode()
    assert "Lịch sử tiêu chí 1.1" in page
    assert page.count("Lò Thị Hoa") >= 2
    assert "Ban hành chậm" in page


def test_other_units_appraisers_and_the_public_get_nothing(
    client, other_unit_officer, appraiser, admin_user, open_assessment
):
    criterion = _criterion(open_assessment, "1.2")
    urls = [
        open_assessment.get_absolute_url(),
        reverse("assessments:entry_history", args=[open_assessment.pk, criterion.pk]),
        reverse("assessments:entry_edit", args=[open_assessment.pk, criterion.pk]),
        reverse("assessments:submit", args=[open_assessment.pk]),
    ]
    posts = [
        reverse("assessments:entry_save", args=[open_assessment.pk, criterion.pk]),
        reverse("assessments:entry_preview", args=[open_assessment.pk, criterion.pk]),
        reverse("assessments:withdraw", args=[open_assessment.pk]),
        reverse("assessments:submit", args=[open_assessment.pk]),
    ]
    for url in urls + posts:
        assert client.get(url).status_code == 302  # anonymous: to the login page
    for user in (other_unit_officer, appraiser):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        for url in posts:
            assert client.post(url, {f"c{criterion.pk}-version": 0}).status_code == 404
    client.force_login(admin_user)
    page = client.get(open_assessment.get_absolute_url()).content.decode()
    assert "Tự đánh giá: Sở Tư pháp" in page and "bi-check2" not in page
    assert client.post(posts[0], {f"c{criterion.pk}-version": 0}).status_code == 404
    # The admin reads the scorecard but neither checks nor submits for the unit.
    assert client.get(urls[-1]).status_code == 404
    assert client.post(urls[-1]).status_code == 404
    assert UnitAssessment.objects.get().state == UnitAssessment.State.DRAFT
    assert not Entry.objects.exists()


def _scorecard_with(level, unit, n, year, *, by, admin, entered=None) -> UnitAssessment:
    """A unit's assessment of `n` items in an open period of `year`; the first `entered` items
    (all by default) have points and a document of two file versions."""
    criteria_set = build_set(level, year, leaves=many_leaves(n), by=admin)
    period = make_open_period([criteria_set], year)
    assessment = UnitAssessment.objects.create(period=period, unit=unit, criteria_set=criteria_set)
    criteria = criteria_set.nodes.filter(rule__isnull=False).order_by("position")
    for criterion in criteria[:entered]:
        entry = Entry.objects.create(
            assessment=assessment, criterion=criterion, points=1, self_points=1, updated_by=by
        )
        evidence = Evidence.objects.create(unit=unit, title=f"QĐ {n}", created_by=by)
        for version in (1, 2):
            EvidenceFile.objects.create(
                evidence=evidence,
                version=version,
                file=f"evidence/x{version}.pdf",
                original_name="qd.pdf",
                content_type="application/pdf",
                size=10,
                sha256="0" * 64,
                uploaded_by=by,
            )
        EntryEvidence.objects.create(entry=entry, evidence=evidence, linked_by=by)
    return assessment


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize(
    ("reader", "queries"),
    # The admin reads without forms (as a unit after the deadline) and sees who saved each item.
    [("officer_client", 9), ("admin_client", 9)],
)
def test_scorecard_queries_do_not_grow_with_items_or_files(
    request,
    officer,
    justice,
    department_level,
    admin_user,
    reader,
    queries,
    item_count,
    django_assert_num_queries,
):
    """`item_count` items entered, each with a document of two versions."""
    client = request.getfixturevalue(reader)
    assessment = _scorecard_with(
        department_level, justice, item_count, 2026, by=officer, admin=admin_user
    )

    with django_assert_num_queries(queries):
        response = client.get(assessment.get_absolute_url())

    html = response.content.decode()
    assert re.findall(r'<article class="scorecard-item[^"]*" id="item-([\d.]+)"', html) == [
        f"1.{i}" for i in range(1, item_count + 1)
    ]
    assert html.count(f"QĐ {item_count}") == item_count  # each item's document


def _page(client, url) -> str:
    """The page without what changes on every request (CSP nonces, masked CSRF tokens)."""
    return re.sub(r'nonce="[^"]*"|[A-Za-z0-9]{64}', "", client.get(url).content.decode())


def test_the_page_is_cached_until_the_unit_changes_something(
    officer_client, admin_user, open_assessment, django_assert_num_queries
):
    url = open_assessment.get_absolute_url()
    with django_assert_num_queries(7):
        officer_client.get(url)
    with django_assert_num_queries(3):  # from the cache: no criteria, entries or evidence read
        officer_client.get(url)
    assert _page(officer_client, url) == _page(officer_client, url)

    _post(officer_client, open_assessment, "1.4", points="0,75")
    assert "Đã lưu tiêu chí 1.4." in _page(officer_client, url)
    page = _page(officer_client, url)
    assert "Đã lưu tiêu chí 1.4." not in page  # a message is shown once, never cached
    assert "0,75" in page
    with django_assert_num_queries(3):
        assert "0,75" in officer_client.get(url).content.decode()

    # The admin reads without edit buttons: another page, not the officer's.
    reader = Client()
    reader.force_login(admin_user)
    assert "bi-pencil" in page and "bi-pencil" not in _page(reader, url)
    officer_client.cookies["django_language"] = "en"
    assert "Enter result" in _page(officer_client, url)
    del officer_client.cookies["django_language"]
    assert _page(officer_client, url) == page


@pytest.fixture
def _sessions_of_two_days(settings):
    # The test jumps a day ahead: the officer's session must outlive it.
    settings.SESSION_COOKIE_AGE = 2 * 24 * 3600


def test_the_cached_page_follows_what_changes_without_the_unit(
    _sessions_of_two_days, officer_client, unit_head, admin_user, open_assessment, monkeypatch
):
    url = open_assessment.get_absolute_url()
    page = _page(officer_client, url)
    assert "Lò Thị Hoa" in page and "Nộp kết quả tự đánh giá" not in page
    head = Client()
    head.force_login(unit_head)
    assert "Quàng Văn Bình" in _page(head, url) and "Nộp kết quả tự đánh giá" in _page(head, url)

    reader = Client()
    reader.force_login(admin_user)
    assert "Tự đánh giá: Sở Tư pháp<" in _page(reader, url)
    Unit.objects.filter(pk=open_assessment.unit_id).update(name="Sở Tư pháp tỉnh Điện Biên")
    assert "Tự đánh giá: Sở Tư pháp tỉnh Điện Biên" in _page(reader, url)

    assert "Hạn tự đánh giá" in _page(officer_client, url)
    period = open_assessment.period
    period.self_assessment_closes = deadlines.today()
    period.save()
    page = _page(officer_client, url)
    deadline = period.self_assessment_closes.strftime("%d/%m/%Y")
    assert f"Hạn tự đánh giá: <strong>{deadline}</strong>" in page
    assert "đã hết hạn" not in page and "bi-pencil" in page

    # The deadline passes with nothing saved: the page closes all the same.
    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: tomorrow)
    closed = _page(officer_client, url)
    assert "đã hết hạn" in closed and "bi-pencil" not in closed


def test_a_cached_page_carries_the_readers_own_csrf_token(officer, open_assessment):
    url = open_assessment.get_absolute_url()
    pages = []
    for _ in range(2):  # two browsers of the same officer; the second page is from the cache
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(officer)
        response = browser.get(url)
        token = re.search(r'"X-CSRFToken": "([^"]+)"', response.text)[1]
        assert _unmask_cipher_token(token) == browser.cookies["csrftoken"].value
        nonce = re.search(r'<script src="[^"]+" nonce="([^"]+)"', response.text)[1]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        pages.append(response.text)
    assert not any(hole in pages[1] for hole in page_cache.HOLES.values())


def test_an_address_with_unknown_parameters_is_never_cached(
    officer_client, open_assessment, django_assert_num_queries
):
    url = f"{open_assessment.get_absolute_url()}?utm_source=zalo"
    for _ in range(2):
        with django_assert_num_queries(7):
            response = officer_client.get(url)
        assert "Tự đánh giá: Sở Tư pháp" in response.content.decode()


def test_an_open_form_is_never_served_from_the_cache(officer_client, open_assessment):
    url = open_assessment.get_absolute_url()
    officer_client.get(url)
    criterion = _criterion(open_assessment, "1.1")
    page = officer_client.get(f"{url}?edit={criterion.pk}").content.decode()
    assert f'name="c{criterion.pk}-version"' in page


def _submit_url(assessment) -> str:
    return reverse("assessments:submit", args=[assessment.pk])


def _links(html: str) -> list[str]:
    """The item anchors a list of items links to, in order."""
    return re.findall(r'href="/assessments/\d+/#item-([^"]+)"', html)


def test_the_submit_page_shows_the_totals_and_warns_of_items_not_entered(
    client, officer_client, unit_head, open_assessment
):
    _post(officer_client, open_assessment, "1.2", numerator="9", denominator="10")
    client.force_login(unit_head)
    page = client.get(_submit_url(open_assessment)).content.decode()
    assert '<div class="fs-5 fw-semibold" id="total-points">1,00 / 6,00</div>' in page
    assert '<div class="fs-5 fw-semibold">16,67%</div>' in page
    assert "1/4 tiêu chí" in page
    warning, rest = page.split('id="not-entered"')[1].split("</ul>")[0].split("</div>", 1)
    assert warning == (
        "><strong>Còn 3 tiêu chí chưa nhập kết quả: nếu nộp bây giờ, "
        "các tiêu chí này được tính 0 điểm.</strong>"
    )
    assert _links(rest) == ["1.1", "1.3", "1.4"]
    assert "1.3. Hồ sơ giải quyết quá hạn</a>" in rest
    # A warning, not a blocker: the head may still submit, and the missing items count 0. What
    # submitting does is said, with the last day the head may take it back.
    assert "Xác nhận nộp" in page
    closes = open_assessment.period.self_assessment_closes.strftime("%d/%m/%Y")
    assert (
        f"đến hết ngày {closes}, lãnh đạo đơn vị có thể rút lại để sửa. Sau ngày đó, Tổ thẩm định "
        "bắt đầu thẩm định."
    ) in " ".join(page.split())
    client.post(_submit_url(open_assessment))
    open_assessment.refresh_from_db()
    assert (open_assessment.state, open_assessment.self_total) == (
        UnitAssessment.State.SUBMITTED,
        1,
    )


def test_one_item_not_entered_is_named_in_the_singular(
    client, officer_client, unit_head, open_assessment
):
    for code, values in {
        "1.2": {"numerator": "1", "denominator": "1"},
        "1.3": {"count": "0"},
    }.items():
        _post(officer_client, open_assessment, code, **values)
    _post(officer_client, open_assessment, "1.4", points="1", explanation="Báo cáo đang trình ký")
    client.force_login(unit_head)
    page = client.get(_submit_url(open_assessment)).content.decode()
    assert (
        "Còn 1 tiêu chí chưa nhập kết quả: nếu nộp bây giờ, tiêu chí này được tính 0 điểm." in page
    )
    _post(officer_client, open_assessment, "1.1", level="Không ban hành")
    page = client.get(_submit_url(open_assessment)).content.decode()
    assert 'id="not-entered"' not in page and "Xác nhận nộp" in page


def test_the_submit_page_lists_blockers_and_items_not_entered_apart(
    client, officer_client, unit_head, open_assessment
):
    _post(officer_client, open_assessment, "1.1", level="Ban hành đúng thời hạn")
    client.force_login(unit_head)
    page = client.get(_submit_url(open_assessment)).content.decode()
    blockers, not_entered = page.split('id="not-entered"')
    assert _links(blockers.split("Còn 1 tiêu chí cần bổ sung")[1]) == ["1.1"]
    assert _links(not_entered.split("</ul>")[0]) == ["1.2", "1.3", "1.4"]
    assert "Xác nhận nộp" not in page


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_submit_page_queries_do_not_grow_with_items(
    client,
    officer,
    unit_head,
    justice,
    department_level,
    admin_user,
    item_count,
    django_assert_num_queries,
):
    """`2 × item_count` items, the first `item_count` entered."""
    assessment = _scorecard_with(
        department_level,
        justice,
        2 * item_count,
        2026,
        by=officer,
        admin=admin_user,
        entered=item_count,
    )
    client.force_login(unit_head)

    with django_assert_num_queries(10):
        response = client.get(_submit_url(assessment))

    page = response.content.decode()
    assert f"Còn {item_count} tiêu chí chưa nhập kết quả" in page
    not_entered = page.split('id="not-entered"')[1].split("</ul>")[0]
    assert _links(not_entered) == [f"1.{i}" for i in range(item_count + 1, 2 * item_count + 1)]


def test_an_officer_is_told_that_only_the_head_submits(officer_client, open_assessment):
    note = (
        "Chỉ lãnh đạo đơn vị được nộp kết quả tự đánh giá. Khi đơn vị đã chấm xong, "
        "hãy báo lãnh đạo đơn vị kiểm tra và nộp."
    )
    page = officer_client.get(open_assessment.get_absolute_url()).content.decode()
    assert note in page
    assert f'<a href="{_submit_url(open_assessment)}">Kiểm tra trước khi nộp</a>' in page
    # The same check as the head's, without the button; a crafted POST submits nothing.
    check = officer_client.get(_submit_url(open_assessment))
    assert check.status_code == 200
    assert note in check.text and "Còn 4 tiêu chí chưa nhập kết quả" in check.text
    assert "Xác nhận nộp" not in check.text and "<form" not in check.text.split("<main")[-1]
    assert officer_client.post(_submit_url(open_assessment)).status_code == 200
    assert UnitAssessment.objects.get().state == UnitAssessment.State.DRAFT
    assert not AuditEntry.objects.filter(action="self_assessment.submit").exists()


def _submitted_at(assessment, *args):
    """Pins the time of the submission (UTC) so that the page's text can be asserted."""
    at = datetime(*args, tzinfo=UTC)
    UnitAssessment.objects.filter(pk=assessment.pk).update(submitted_at=at)


def test_the_cached_page_shows_who_submitted_and_when(
    officer_client, unit_head, justice, open_assessment
):
    url = open_assessment.get_absolute_url()
    assert 'id="submitted"' not in _page(officer_client, url)
    workflow.submit(open_assessment, by=unit_head)
    _submitted_at(open_assessment, 2026, 11, 29, 12, 40, 7)
    page = _page(officer_client, url)
    assert "Đã nộp lúc 19:40 29/11/2026 bởi Quàng Văn Bình." in page
    assert "Kiểm tra trước khi nộp" not in page  # nothing left for the officer to check

    # Withdrawn, then submitted again by another head: the state is as before, the page is not.
    workflow.withdraw(open_assessment, by=unit_head, reason="Sửa 1.2")
    assert "Đã nộp lúc" not in _page(officer_client, url)
    deputy = make_user("stp.phogiamdoc", Role.UNIT_HEAD, justice, full_name="Lường Văn Tư")
    workflow.submit(open_assessment, by=deputy)
    _submitted_at(open_assessment, 2026, 11, 30, 1, 5)
    assert "Đã nộp lúc 08:05 30/11/2026 bởi Lường Văn Tư." in _page(officer_client, url)
    # A renamed submitter: the check page reads the name afresh (the cached scorecard keeps it
    # until the unit's next change or the next day, like the names of who saved each item).
    User.objects.filter(pk=deputy.pk).update(full_name="Lường Văn Tứ")

    submit_page = officer_client.get(_submit_url(open_assessment)).text
    assert "Đã nộp lúc 08:05 30/11/2026 bởi Lường Văn Tứ." in submit_page


def test_a_withdrawal_without_reason_keeps_the_box_open_with_the_error(
    client, unit_head, open_assessment
):
    workflow.submit(open_assessment, by=unit_head)
    client.force_login(unit_head)
    url = reverse("assessments:withdraw", args=[open_assessment.pk])
    assert (
        '<details class="border rounded p-2">'
        in client.get(open_assessment.get_absolute_url()).text
    )
    page = client.post(url, {"reason": "  "}).content.decode()
    assert '<details class="border rounded p-2" open>' in page
    assert 'aria-describedby="withdraw-error"' in page
    error = '<div class="invalid-feedback d-block mb-2" id="withdraw-error">'
    assert f"{error}Vui lòng ghi lý do rút lại.</div>" in page
    assert UnitAssessment.objects.get().state == UnitAssessment.State.SUBMITTED

    # After the deadline there is no box to open: the error comes as a message on the page.
    period = open_assessment.period
    period.self_assessment_opens -= timedelta(days=30)
    period.self_assessment_closes = period.self_assessment_opens + timedelta(days=5)
    period.save()
    response = client.post(url, {"reason": "Sửa 1.2"}, follow=True)
    assert response.redirect_chain == [(open_assessment.get_absolute_url(), 302)]
    assert "Đã hết hạn tự đánh giá; không thể rút lại kết quả đã nộp." in response.text
    assert '<details class="border rounded p-2"' not in response.text


def test_the_units_list_shows_its_own_deadline(officer_client, open_assessment, admin_user):
    period = open_assessment.period
    period.self_assessment_opens -= timedelta(days=30)
    period.self_assessment_closes = period.self_assessment_opens + timedelta(days=5)
    period.save()
    until = deadlines.today() + timedelta(days=7)
    workflow.reopen_self_assessment(open_assessment, by=admin_user, reason="Lỗi mạng", until=until)
    page = officer_client.get(reverse("assessments:mine")).content.decode()
    assert f"<td>{until:%d/%m/%Y}</td>" in page
    assert f"{period.self_assessment_closes:%d/%m/%Y}" not in page


def test_the_units_list_shows_the_self_total_with_its_maximum(officer_client, open_assessment):
    page = officer_client.get(reverse("assessments:mine")).text
    assert '<td class="text-end text-nowrap">–</td>' in page  # nothing scored yet
    UnitAssessment.objects.filter(pk=open_assessment.pk).update(self_total="2.5")
    page = officer_client.get(reverse("assessments:mine")).text
    body = page.split("</thead>")[1].split("</table>")[0]
    assert " ".join(re.sub(r"<[^>]+>", " ", body).split()).endswith("Đang tự chấm 2,50 /6,00")


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_units_list_queries_do_not_grow_with_periods(
    officer_client,
    officer,
    justice,
    department_level,
    admin_user,
    item_count,
    django_assert_num_queries,
):
    """Sở Tư pháp's self-assessments of `item_count` years."""
    for year in range(2026, 2026 + item_count):
        _scorecard_with(department_level, justice, 1, year, by=officer, admin=admin_user)

    with django_assert_num_queries(3):
        response = officer_client.get(reverse("assessments:mine"))

    titles = re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', response.content.decode())
    assert titles == [
        f"Đánh giá Chỉ số CCHC năm {year}" for year in range(2025 + item_count, 2025, -1)
    ]


def test_times_read_hours_then_day_on_every_self_assessment_page(officer_client, open_assessment):
    _post(officer_client, open_assessment, "1.2", numerator="1", denominator="2")
    saved = timezone.localtime(Entry.objects.get().updated_at).strftime("%H:%M %d/%m/%Y")
    assert f"Lò Thị Hoa, {saved}" in officer_client.get(open_assessment.get_absolute_url()).text
    logged = AuditEntry.objects.get(action="self_assessment.entry")
    criterion = _criterion(open_assessment, "1.2")
    url = reverse("assessments:entry_history", args=[open_assessment.pk, criterion.pk])
    history = officer_client.get(url).text
    assert f'<td class="text-nowrap">{timezone.localtime(logged.at):%H:%M %d/%m/%Y}</td>' in history
    assert not re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", history)
