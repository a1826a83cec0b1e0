"""The public pages (no login): a year's ranking, a unit's page, versions, search, 404s, the
cache and the query counts. They read the published snapshots only."""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from parindex.appraisal import workflow
from parindex.catalog.models import Unit, UnitLevel
from parindex.core import page_cache
from parindex.results import public, publishing
from parindex.results.models import Publication, PublishedLevel, PublishedResult
from parindex.results.reports import Decision
from parindex.testing.browser import assert_accessible, shot
from parindex.testing.factories import criterion
from parindex.testing.html import table

pytestmark = pytest.mark.django_db

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
RANKING_HEAD = [
    "Hạng",
    "Đơn vị",
    "Điểm tự chấm",
    "Điểm thẩm định",
    "Điểm điều tra XHH",
    "Điểm thưởng",
    "Điểm trừ",
    "Tổng điểm (tối đa 8,00)",
    "Chỉ số",
    "Xếp loại",
]
# Sở Tài chính: every item at the top but no survey (6/8); Sở Tư pháp 3,25/8 (self 3,5).
FINANCE = ["1", "Sở Tài chính", "1,00", "6,00", "0,00", "0,00", "0,00", "6,00", "75,00", "Yếu"]
JUSTICE = ["2", "Sở Tư pháp", "3,50", "3,25", "0,00", "0,00", "0,00", "3,25", "40,63", "Yếu"]


def main(page: str) -> str:
    """The page's own content: the layout around it carries a per-request CSRF token."""
    return page.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def ranking_url(year: int, query: str = "") -> str:
    return reverse("results:ranking", kwargs={"year": year}) + query


def unit_url(year: int, unit: Unit, query: str = "") -> str:
    return reverse("results:unit", kwargs={"year": year, "unit_pk": unit.pk}) + query


def snapshot(year: int, levels: dict, *, version: int = 1, **extra) -> Publication:
    """A publication written directly, as a historical import does: `levels` maps a level to
    its (unit, index, rank) rows."""
    publication = Publication.objects.create(
        year=year,
        version=version,
        title=f"Chỉ số CCHC năm {year}",
        published_at=datetime(year + 1, 3, 15, 9, tzinfo=VIETNAM),
        **extra,
    )
    for level, rows in levels.items():
        ranked = max(rank for _unit, _index, rank in rows)
        PublishedLevel.objects.create(
            publication=publication, level=level, level_name=level.name, units_ranked=ranked
        )
        PublishedResult.objects.bulk_create(
            PublishedResult(
                publication=publication,
                unit=unit,
                level=level,
                unit_name=unit.name,
                index=Decimal(index),
                rank=rank,
            )
            for unit, index, rank in rows
        )
    return publication


@pytest.fixture
def published(finalized, admin_user) -> Publication:
    """Version 1 of 2026, published on 20/01/2027 (Vietnam time)."""
    publication = publishing.publish(finalized[0].period, by=admin_user)
    publication.published_at = datetime(2027, 1, 20, 8, 30, tzinfo=VIETNAM)
    publication.save()
    return publication


def test_the_ranking_is_public_and_shows_the_snapshot(client, published):
    page = client.get(ranking_url(2026)).content.decode()
    assert table(page, "ranking-department") == [RANKING_HEAD, FINANCE, JUSTICE]
    assert table(page, "areas-department") == [
        ["Lĩnh vực", "Điểm tối đa", "Chỉ số trung bình"],
        ["1. Công tác chỉ đạo, điều hành CCHC", "4,00", "78,13"],  # 100 and 56,25
        ["2. Cải cách thủ tục hành chính", "4,00", "37,50"],  # 50 and 25
    ]
    assert "Phiên bản 1, công bố ngày 20/01/2027" in page
    assert "Đây không phải phiên bản mới nhất" not in page
    assert "<svg" in page and "Chỉ số sau thẩm định" in page
    justice = Unit.objects.get(name="Sở Tư pháp")
    assert f'href="{unit_url(2026, justice, "?v=1")}"' in page
    # The navbar's link, for visitors too.
    assert f'href="{reverse("results:index")}">Kết quả Chỉ số CCHC</a>' in page


def test_the_index_lists_the_published_years(client, published, department_level, justice):
    snapshot(2024, {department_level: [(justice, "81.5", 1)]}, historical=True)
    page = client.get(reverse("results:index")).content.decode()
    assert page.index(f'href="{ranking_url(2026)}"') < page.index(f'href="{ranking_url(2024)}"')
    assert "Phiên bản 1, công bố ngày 20/01/2027" in page


def test_public_pages_read_the_snapshot_never_live_data(client, published, finalized, admin_user):
    justice = finalized[0]
    before = [main(client.get(url).content.decode()) for url in _pages(justice.unit)]
    workflow.reopen_appraisal(justice, by=admin_user, reason="Đính chính 1.1")
    corrected = justice.appraised_entries.get(criterion=criterion(justice, "1.1"))
    corrected.level = "Ban hành đúng thời hạn"
    corrected.save()
    Unit.objects.filter(pk=justice.unit_id).update(name="Sở Tư pháp (tên mới)")
    UnitLevel.objects.filter(pk=justice.unit.level_id).update(name="Cơ quan cấp tỉnh (tên mới)")
    for cache in caches.all(initialized_only=True):
        cache.clear()
    after = [main(client.get(url).content.decode()) for url in _pages(justice.unit)]
    assert after == before
    assert "tên mới" not in "".join(after)


def _pages(unit: Unit) -> list[str]:
    return [ranking_url(2026), unit_url(2026, unit), reverse("results:index")]


def test_a_unit_page_shows_criteria_trend_and_losses(
    client, published, finalized, department_level, justice, finance
):
    snapshot(2024, {department_level: [(justice, "70.5", 2), (finance, "80", 1)]})
    snapshot(2025, {department_level: [(justice, "72.25", 1), (finance, "70", 2)]})
    page = client.get(unit_url(2026, justice)).content.decode()
    assert "<title>Sở Tư pháp: Chỉ số CCHC năm 2026 · PAR Index</title>" in page
    assert table(page, "criteria-table") == [
        ["Tiêu chí", "Tối đa", "Tự chấm", "Thẩm định", "Chỉ số"],
        ["1. Công tác chỉ đạo, điều hành CCHC", "4,00", "2,00", "2,25", "56,25"],
        ["1.1. Ban hành Kế hoạch CCHC năm", "1,00", "1,00", "0,50", "50,00"],
        ["1.2. Tỷ lệ nhiệm vụ hoàn thành", "2,00", "1,00", "1,00", "50,00"],
        ["1.3. Chất lượng tham mưu (Tổ thẩm định chấm)", "1,00", "0,00", "0,75", "75,00"],
        ["2. Cải cách thủ tục hành chính", "4,00", "1,50", "1,00", "25,00"],
        ["2.1. Hồ sơ giải quyết quá hạn", "2,00", "1,50", "1,00", "50,00"],
        ["2.2. Mức độ hài lòng của người dân", "2,00", "0,00", "0,00", "0,00"],
        # Bonus and penalty are lines of their own, then the total with its maximum.
        ["Điểm thưởng", "", "", "0,00", ""],
        ["Điểm trừ", "", "", "0,00", ""],
        ["Tổng điểm", "8,00", "3,50", "3,25", "40,63"],
    ]
    assert table(page, "trend-table") == [
        ["Năm", "Chỉ số", "So với năm trước", "Xếp hạng", "Xếp loại"],
        ["2024", "70,50", "–", "2/2", "–"],
        ["2025", "72,25", "+1,75", "1/2", "–"],
        ["2026", "40,63", "−31,62", "2/2", "Yếu"],
    ]
    assert "So sánh với Sở Tài chính (hạng 1)" in page
    assert table(page, "losses-table") == [
        ["Tiêu chí", "Tối đa", "Đơn vị", "Đứng đầu", "Chênh lệch"],
        ["1.2. Tỷ lệ nhiệm vụ hoàn thành", "2,00", "1,00", "2,00", "−1,00"],
        ["2.1. Hồ sơ giải quyết quá hạn", "2,00", "1,00", "2,00", "−1,00"],
        ["1.1. Ban hành Kế hoạch CCHC năm", "1,00", "0,50", "1,00", "−0,50"],
        ["1.3. Chất lượng tham mưu (Tổ thẩm định chấm)", "1,00", "0,75", "1,00", "−0,25"],
    ]
    first = client.get(unit_url(2026, finance)).content.decode()
    assert "Đơn vị đứng đầu cấp" in first and 'id="losses-table"' not in first


def test_the_pages_name_the_approving_decision(client, finalized, admin_user, justice):
    decision = Decision("125/QĐ-UBND", date(2027, 1, 15), signer="Lò Văn Phương")
    publishing.publish(finalized[0].period, by=admin_user, decision=decision)
    expected = (
        '<div id="decision">Phê duyệt tại Quyết định số 125/QĐ-UBND ngày 15/01/2027 '
        "của Chủ tịch UBND tỉnh Điện Biên · người ký: Lò Văn Phương</div>"
    )
    assert expected in client.get(ranking_url(2026)).content.decode()
    assert expected in client.get(unit_url(2026, justice)).content.decode()
    Publication.objects.update(decision_signer_position="Chủ tịch UBND tỉnh")
    caches["pages"].clear()
    page = client.get(ranking_url(2026)).content.decode()
    assert "người ký: Lò Văn Phương, Chủ tịch UBND tỉnh</div>" in page


def test_no_decision_line_until_one_is_recorded(client, published):
    assert 'id="decision"' not in client.get(ranking_url(2026)).content.decode()


def test_a_historical_year_shows_what_was_published(client, department_level, justice):
    snapshot(
        2023,
        {department_level: [(justice, "85.12", 3)]},
        historical=True,
        decision="Quyết định số 456/QĐ-UBND ngày 15/03/2024",
        source="Báo cáo kết quả Chỉ số CCHC năm 2023 của UBND tỉnh",
    )
    page = client.get(ranking_url(2023)).content.decode()
    # No class was published: no column of dashes.
    assert table(page, "ranking-department") == [
        ["Hạng", "Đơn vị", "Chỉ số"],
        ["3", "Sở Tư pháp", "85,12"],
    ]
    assert "Quyết định công bố: Quyết định số 456/QĐ-UBND ngày 15/03/2024" in page
    assert "số liệu lịch sử" in page
    assert "Nguồn số liệu: Báo cáo kết quả Chỉ số CCHC năm 2023 của UBND tỉnh" in page
    unit = client.get(unit_url(2023, justice)).content.decode()
    assert "nguồn không công bố điểm theo từng tiêu chí" in unit
    assert table(unit, "trend-table")[1] == ["2023", "85,12", "–", "3/3"]


def test_ties_are_in_vietnamese_alphabetical_order(client, commune_level, ward):
    units = [ward]
    for code, name in (("xa-ban-phu", "Xã Bản Phủ"), ("xa-ang-nua", "Xã Ảng Nưa")):
        units.append(Unit.objects.create(code=code, name=name, level=commune_level))
    snapshot(2023, {commune_level: [(unit, "80", 1) for unit in units]}, historical=True)
    # In code-point order "Ả" comes after "B".
    in_order = ["Phường Điện Biên Phủ", "Xã Ảng Nưa", "Xã Bản Phủ"]
    page = client.get(ranking_url(2023)).content.decode()
    assert [row[1] for row in table(page, "ranking-commune")[1:]] == in_order
    data = client.get(reverse("results:data_csv", kwargs={"year": 2023}))
    rows = list(csv.DictReader(io.StringIO(data.content.decode("utf-8-sig"))))
    assert [row["unit_name"] for row in rows] == in_order


def test_every_version_stays_viewable(client, published, finalized, admin_user, lead):
    justice = finalized[0]
    workflow.reopen_appraisal(justice, by=admin_user, reason="Đính chính 1.1")
    corrected = justice.appraised_entries.get(criterion=criterion(justice, "1.1"))
    corrected.level = "Ban hành đúng thời hạn"
    corrected.save()
    workflow.finalize(justice, by=lead, without_survey=True)
    second = publishing.publish(justice.period, by=admin_user, reason="Đính chính tiêu chí 1.1")

    current = client.get(ranking_url(2026)).content.decode()
    assert table(current, "ranking-department")[2] == [
        "2",
        "Sở Tư pháp",
        "3,50",
        "3,75",
        "0,00",
        "0,00",
        "0,00",
        "3,75",
        "46,88",
        "Yếu",
    ]
    assert (
        f"Phiên bản 2, công bố ngày {second.published_at.astimezone(VIETNAM):%d/%m/%Y}" in current
    )
    assert "Lý do công bố lại: Đính chính tiêu chí 1.1" in current
    assert f'href="{ranking_url(2026, "?v=1")}"' in current

    first = client.get(ranking_url(2026, "?v=1")).content.decode()
    assert table(first, "ranking-department")[2] == JUSTICE
    assert "Phiên bản 1, công bố ngày 20/01/2027" in first
    assert "Đây không phải phiên bản mới nhất." in first
    assert f'<a href="{ranking_url(2026)}">Xem phiên bản 2 (mới nhất)</a>' in first
    old_unit = client.get(unit_url(2026, justice.unit, "?v=1")).content.decode()
    assert table(old_unit, "trend-table")[1] == ["2026", "40,63", "–", "2/2", "Yếu"]
    new_unit = client.get(unit_url(2026, justice.unit)).content.decode()
    assert table(new_unit, "trend-table")[1] == ["2026", "46,88", "–", "2/2", "Yếu"]


def test_search_ignores_diacritics(client, commune_level, ward, department_level, justice):
    hamlet = Unit.objects.create(code="xa-muong-phang", name="Xã Mường Phăng", level=commune_level)
    snapshot(
        2026,
        {
            department_level: [(justice, "80", 1)],
            commune_level: [(hamlet, "90", 1), (ward, "85.5", 2)],
        },
    )
    for query in ("dien bien", "ĐIỆN BIÊN", "  Điện   Biên  "):
        page = client.get(ranking_url(2026), {"q": query}).content.decode()
        assert table(page, "ranking-commune")[1:] == [["2", "Phường Điện Biên Phủ", "85,50"]]
        assert 'id="ranking-department"' not in page
        assert "1 đơn vị khớp với từ khóa tìm kiếm." in page
    page = client.get(ranking_url(2026), {"q": "khong co"}).content.decode()
    assert "Không tìm thấy đơn vị nào." in page


@pytest.mark.parametrize(
    "url",
    [
        ranking_url(2025),
        ranking_url(2026, "?v=2"),
        ranking_url(2026, "?v=abc"),
        reverse("results:unit", kwargs={"year": 2025, "unit_pk": 1}),
    ],
)
def test_what_was_not_published_is_not_found(client, published, url):
    assert client.get(url).status_code == 404


def test_a_unit_outside_the_publication_is_not_found(client, published, ward):
    assert client.get(unit_url(2026, ward)).status_code == 404


def test_a_visitor_gets_the_cached_page_with_a_token_and_nonce_of_its_own(
    client, published, justice, django_assert_num_queries
):
    for url in (ranking_url(2026), unit_url(2026, justice), reverse("results:index")):
        one = client.get(url)
        client.cookies.clear()
        with django_assert_num_queries(0):
            two = client.get(url)
        assert main(one.content.decode()) == main(two.content.decode())
        tokens = [_token(response) for response in (one, two)]
        assert tokens[0] != tokens[1]
        assert not any(hole in two.text for hole in page_cache.HOLES.values())
        for response in (one, two):
            assert _unmask_cipher_token(_token(response)) == response.cookies["csrftoken"].value
            nonce = re.search(r'<script src="[^"]+" nonce="([^"]+)"', response.text)[1]
            assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_only_the_pages_own_parameters_get_a_copy(client, published, django_assert_num_queries):
    url = ranking_url(2026, "?utm_source=zalo")
    with django_assert_num_queries(4):  # the publications' stamp, the publications, the page
        client.get(url)
    with django_assert_num_queries(1):  # no copy of the page was kept: its content is read again
        response = client.get(url)
    assert table(response.content.decode(), "ranking-department") == [
        RANKING_HEAD,
        FINANCE,
        JUSTICE,
    ]


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]


def test_a_new_version_reaches_the_admin_at_once_and_visitors_with_the_stamp(
    client, published, finalized, admin_user, lead
):
    visitor = Client()
    assert "Phiên bản 1," in visitor.get(ranking_url(2026)).text
    client.force_login(admin_user)
    assert "Phiên bản 1," in client.get(ranking_url(2026)).text
    justice = finalized[0]
    workflow.reopen_appraisal(justice, by=admin_user, reason="Xem lại")
    workflow.finalize(justice, by=lead, without_survey=True)
    publishing.publish(justice.period, by=admin_user, reason="Đính chính")
    page = client.get(ranking_url(2026)).text
    assert "Phiên bản 2," in page and "Xem phiên bản" not in page
    assert "Nguyễn Văn Quản" in page  # the signed-in user's own menu
    # What STAMP_SECONDS later does: the process reads the publications again.
    caches["fragments"].delete("public-publications")
    assert "Phiên bản 2," in visitor.get(ranking_url(2026)).text


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize(
    ("view", "queries"),
    # The list of publications' stamp, the publications, then the page's content.
    [("ranking", 4), ("unit", 6), ("index", 2)],
)
def test_queries_do_not_grow_with_units_and_years(
    client, commune_level, ward, view, queries, item_count, django_assert_num_queries
):
    """`item_count` years published twice each, of `item_count` communes ranked above the ward
    (its page compares it with the first)."""
    communes = [
        Unit.objects.create(code=f"xa-{n}", name=f"Xã thử {n}", level=commune_level)
        for n in range(item_count)
    ]
    years = range(2027 - item_count, 2027)
    for year in years:
        rows = [(unit, 90 - n, n + 1) for n, unit in enumerate([*communes, ward])]
        snapshot(year, {commune_level: rows})
        snapshot(year, {commune_level: rows}, version=2, reason="Đính chính")
    url = {
        "ranking": ranking_url(2026),
        "unit": unit_url(2026, ward),
        "index": reverse("results:index"),
    }[view]

    with django_assert_num_queries(queries):
        response = client.get(url)

    html = response.content.decode()
    if view == "ranking":
        assert [row[1] for row in table(html, "ranking-commune")[1:]] == [
            *(unit.name for unit in communes),
            "Phường Điện Biên Phủ",
        ]
    elif view == "unit":
        assert [row[0] for row in table(html, "trend-table")[1:]] == [str(y) for y in years]
    else:
        links = re.findall(r'href="/ket-qua/(\d{4})/"', html)
        assert sorted(set(links)) == [str(y) for y in years]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_reads_the_ranking_and_a_unit_on_a_desktop_and_a_phone(
    page, live_server, published, department_level, justice, finance
):
    snapshot(2024, {department_level: [(justice, "70.5", 2), (finance, "80", 1)]}, historical=True)
    snapshot(2025, {department_level: [(justice, "72.25", 1), (finance, "70", 2)]}, historical=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/ket-qua/")
    page.get_by_role("link", name="Năm 2026").click()
    expect(page.get_by_role("heading", name="Đánh giá Chỉ số CCHC năm 2026")).to_be_visible()
    expect(page.get_by_text("Phiên bản 1, công bố ngày 20/01/2027")).to_be_visible()
    expect(page.locator("#ranking-department tbody tr")).to_have_count(2)
    shot(page, "public-ranking-desktop")

    page.get_by_label("Tìm đơn vị").fill("tu phap")
    page.get_by_role("button", name="Tìm đơn vị").click()
    expect(page.locator("#ranking-department tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Sở Tư pháp").click()
    expect(page.get_by_role("heading", name="Sở Tư pháp", exact=True)).to_be_visible()
    expect(page.locator("#trend-table tbody tr")).to_have_count(3)
    expect(page.locator("#losses-table tbody tr")).to_have_count(4)
    shot(page, "public-unit-desktop")

    page.set_viewport_size({"width": 375, "height": 800})
    for url, name in (
        (f"{live_server.url}{ranking_url(2026)}", "public-ranking-phone"),
        (page.url, "public-unit-phone"),
    ):
        page.goto(url)
        shot(page, name)
        # Nothing wider than the screen: the page scrolls only downwards.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_published_pages_link_to_their_downloads(client, finalized, admin_user):
    publication = publishing.publish(finalized[0].period, by=admin_user)
    page = client.get(reverse("results:ranking", args=[publication.year])).content.decode()
    for name in ("results_pdf", "results_xlsx", "data_csv", "data_json", "data_xlsx"):
        url = reverse(f"results:{name}", args=[publication.year])
        assert f'href="{url}?v=1"' in page
        assert client.get(f"{url}?v=1").status_code == 200
    unit = finalized[0].unit
    page = client.get(reverse("results:unit", args=[publication.year, unit.pk])).content.decode()
    assert reverse("results:unit_pdf", args=[publication.year, unit.pk]) in page


def _with_bonus_and_penalty(publication: Publication, unit: Unit) -> None:
    """The criteria set's area 9 of bonus and penalty (max 0) in the snapshot of `unit`, with a
    bonus of 1 and a penalty of 0,5 (3,25 + 1 − 0,5 = 3,75 of 8)."""
    level = publication.levels.get()
    level.areas = [
        *level.areas,
        {"code": "9", "title": "Thưởng, trừ", "max": "0", "mean_index": None},
    ]
    level.save()
    result = publication.results.get(unit=unit)
    adjustments = [
        {"code": "9", "title": "Điểm thưởng, điểm trừ", "depth": 0, "leaf": False, "method": "",
         "max": "0", "self": "1", "round1": "0.5", "final": "0.5", "index": None, "comment": ""},
        {"code": "9.1", "title": "Được khen thưởng", "depth": 1, "leaf": True, "method": "self",
         "max": "0", "self": "1", "round1": "1", "final": "1", "index": None, "comment": ""},
        {"code": "9.2", "title": "Bị phê bình", "depth": 1, "leaf": True, "method": "appraisal",
         "max": "0", "self": "0", "round1": "0.5", "final": "0.5", "index": None, "comment": ""},
    ]  # fmt: skip
    result.nodes = [*result.nodes, *adjustments]
    result.bonus, result.penalty, result.total = Decimal(1), Decimal("0.5"), Decimal("3.75")
    result.index = Decimal("46.88")
    result.save()


def test_bonus_and_penalty_are_lines_of_their_own_not_an_area(client, published, justice):
    _with_bonus_and_penalty(published, justice)
    ranking = client.get(ranking_url(2026)).content.decode()
    assert [row[0] for row in table(ranking, "areas-department")[1:]] == [
        "1. Công tác chỉ đạo, điều hành CCHC",
        "2. Cải cách thủ tục hành chính",
    ]
    assert table(ranking, "ranking-department")[2][3:8] == ["3,25", "0,00", "1,00", "−0,50", "3,75"]
    page = client.get(unit_url(2026, justice)).content.decode()
    rows = table(page, "criteria-table")
    assert not [row for row in rows if row[0].startswith("9")]
    assert rows[-3:] == [
        ["Điểm thưởng", "", "", "1,00", ""],
        ["Điểm trừ", "", "", "−0,50", ""],
        ["Tổng điểm", "8,00", "3,50", "3,75", "46,88"],
    ]
    breakdown = re.sub(r"\s+", " ", page.split('id="breakdown"', 1)[1].split("</dl>", 1)[0])
    assert 'Điểm thẩm định</dt> <dd class="col-5 col-sm-8 col-lg-9">3,25</dd>' in breakdown
    assert 'Điểm trừ</dt> <dd class="col-5 col-sm-8 col-lg-9">−0,50</dd>' in breakdown
    assert "3,75/8,00" in breakdown


def test_the_chart_compares_the_index_with_the_one_the_units_own_points_would_give(
    client, published, justice
):
    """Sở Tư pháp scored 1.1 at 1 (team 0,5), 1.2 at 1 (team 1) and 2.1 at 1,5 (team 1): kept,
    its own points give 3,25 + 0,5 + 0,5 = 4,25 of 8, i.e. 53,13, on the same survey (none),
    the same criteria the team scores alone (1.3: 0,75) and the same maximum. Its self total
    over the maximum (3,5 / 8 = 43,75) would compare it with what it never scored."""
    result = published.results.get(unit=justice)
    assert public.kept_self_index(result) == Decimal("53.13")
    chart = public.ranking(published).levels[0].chart().wide
    assert "Chỉ số nếu giữ điểm tự chấm" in chart
    assert "53,13" in chart and "43,75" not in chart
    page = client.get(ranking_url(2026)).content.decode()
    assert "chỉ khác ở các tiêu chí đơn vị tự chấm" in page


def test_a_historical_year_of_counts_only_shows_them_and_no_empty_table(
    client, department_level, commune_level, justice, ward
):
    """As the province published 2023: how many units were ranked and per class, no unit's
    figures; beside it a level with one unit's rank alone (as 2018)."""
    publication = snapshot(
        2023, {commune_level: [(ward, "0", 4)]}, historical=True, source="Báo Điện Biên Phủ"
    )
    publication.results.update(index=None)
    PublishedLevel.objects.create(
        publication=publication,
        level=department_level,
        level_name=department_level.name,
        units_ranked=19,
        note="Số đơn vị theo xếp loại: Tốt: 7, Khá: 11.",
    )
    page = main(client.get(ranking_url(2023)).content.decode())
    assert "19 đơn vị được xếp hạng" in page
    assert "Nguồn không nêu chỉ số và xếp hạng của từng đơn vị." in page
    assert "Số đơn vị theo xếp loại: Tốt: 7, Khá: 11." in page
    assert 'id="ranking-department"' not in page and "Chỉ tìm được" not in page
    # The commune level: its one unit's rank, no index column, no chart of nothing.
    assert table(page, "ranking-commune") == [["Hạng", "Đơn vị"], ["4", "Phường Điện Biên Phủ"]]
    assert "Bảng gồm 1 trong số 4 đơn vị: nguồn chỉ nêu số liệu của các đơn vị này." in page
    assert "Biểu đồ chỉ số" not in page
    # Nothing to search among the 19 departments.
    assert 'role="search"' in page
    unit = main(client.get(unit_url(2023, ward)).content.decode())
    summary = unit.split('id="summary"', 1)[1].split('aria-labelledby="trend"', 1)[0]
    assert "Xếp hạng" in summary and "Chỉ số" not in summary and "Xếp loại" not in summary
    assert "nguồn không công bố điểm theo từng tiêu chí" in unit


def test_a_historical_year_without_any_unit_has_no_search(client, department_level):
    publication = snapshot(2022, {}, historical=True)
    PublishedLevel.objects.create(
        publication=publication,
        level=department_level,
        level_name=department_level.name,
        units_ranked=19,
    )
    page = client.get(ranking_url(2022)).content.decode()
    assert 'role="search"' not in page
    assert "Nguồn không nêu chỉ số và xếp hạng của từng đơn vị." in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_sees_how_the_total_is_made_and_what_the_chart_compares(
    page, live_server, published, justice
):
    _with_bonus_and_penalty(published, justice)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{ranking_url(2026)}")
    ranking = page.locator("#ranking-department")
    expect(ranking.get_by_role("columnheader", name="Tổng điểm (tối đa 8,00)")).to_be_visible()
    expect(ranking.get_by_role("row", name="Sở Tư pháp")).to_contain_text("−0,50")
    expect(page.locator("#chart-note-department")).to_contain_text(
        "chỉ khác ở các tiêu chí đơn vị tự chấm"
    )
    expect(page.get_by_role("img", name="Chỉ số CCHC: Sở, ban, ngành").first).to_contain_text(
        "Chỉ số nếu giữ điểm tự chấm"
    )
    assert_accessible(page)
    shot(page, "public-ranking-totals")
    page.get_by_role("link", name="Sở Tư pháp").click()
    breakdown = " ".join(page.locator("#breakdown").inner_text().split())
    assert "Điểm thẩm định 3,25 Điểm điều tra xã hội học 0,00" in breakdown
    assert "Điểm thưởng 1,00 Điểm trừ −0,50 Tổng điểm 3,75/8,00" in breakdown
    expect(page.locator("#penalty-line")).to_have_text(re.compile(r"Điểm trừ\s+−0,50"))
    expect(page.locator("#criteria-table")).not_to_contain_text("9. Điểm thưởng, điểm trừ")
    assert_accessible(page)
    shot(page, "public-unit-totals")
    page.set_viewport_size({"width": 375, "height": 800})
    for url in (page.url, f"{live_server.url}{ranking_url(2026)}"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert_accessible(page)
    shot(page, "public-ranking-totals-phone")
