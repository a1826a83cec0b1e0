"""The admin's and the lead's results page of a period: the preview (the engine's numbers, per
level and per area, sorting, progress flags), publishing and publishing again, access, queries."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from parindex.appraisal import workflow
from parindex.assessments.models import UnitAssessment
from parindex.catalog.models import Unit
from parindex.core.models import AuditEntry
from parindex.core.templatetags.parindex import points
from parindex.results import publishing
from parindex.results.models import Publication, PublishedResult
from parindex.testing.factories import appraise_all
from parindex.testing.html import table

pytestmark = pytest.mark.django_db

NOTE = "Bản xem trước – tính từ dữ liệu hiện tại, chưa công bố"
# Sở Tài chính: everything appraised at the top but no survey (6/8); Sở Tư pháp 3,25/8.
FINANCE = ["1", "Sở Tài chính", "1,00", "6,00", "0,00", "0,00", "0,00", "6,00", "8,00", "75,00"]
JUSTICE = ["2", "Sở Tư pháp", "3,50", "3,25", "0,00", "0,00", "0,00", "3,25", "8,00", "40,63"]


def _url(name: str, period, query: str = "") -> str:
    return reverse(f"results:{name}", kwargs={"period_pk": period.pk}) + query


def test_the_preview_shows_the_engines_results_per_level_and_area(
    admin_client, finalized, appraisal_period
):
    page = admin_client.get(_url("preview", appraisal_period)).content.decode()
    assert NOTE in page
    rows = table(page, "ranking-department")
    assert rows[0][:10] == [
        "Hạng",
        "Đơn vị",
        "Điểm tự chấm",
        "Điểm thẩm định",
        "Điểm điều tra XHH",
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
        "Điểm tối đa",
        "Chỉ số",
    ]
    assert rows[1:] == [[*FINANCE, "Yếu", ""], [*JUSTICE, "Yếu", ""]]
    (block,) = publishing.compute(appraisal_period)
    with translation.override("vi"):
        engine = [
            [
                str(row.rank),
                row.unit.name,
                *map(
                    points,
                    (
                        row.self_result.total,
                        row.appraised_points,
                        row.survey_points,
                        row.final_result.bonus,
                        row.final_result.penalty,
                        row.final_result.total,
                        row.final_result.max,
                        row.index,
                    ),
                ),
                row.classification,
                "",
            ]
            for row in block.rows
        ]
    assert rows[1:] == engine
    # Area 1: 4/4 and 2,25/4; area 2 without its survey leaf: 2/4 and 1/4.
    assert table(page, "areas-department") == [
        ["Đơn vị", "1", "2"],
        ["Sở Tài chính", "100,00", "50,00"],
        ["Sở Tư pháp", "56,25", "25,00"],
    ]
    assert "2 đơn vị · chỉ số trung bình 57,81" in page


def test_columns_sort_by_links_without_javascript(admin_client, finalized, appraisal_period):
    def names(query: str, table_id: str = "ranking-department") -> list[str]:
        page = admin_client.get(_url("preview", appraisal_period, query)).content.decode()
        return [row[0 if table_id.startswith("areas") else 1] for row in table(page, table_id)[1:]]

    assert names("") == ["Sở Tài chính", "Sở Tư pháp"]
    assert names("?sort=index&dir=asc") == ["Sở Tư pháp", "Sở Tài chính"]
    assert names("?sort=index&dir=asc", "areas-department") == ["Sở Tư pháp", "Sở Tài chính"]
    assert names("?sort=self&dir=desc") == ["Sở Tư pháp", "Sở Tài chính"]
    assert names("?sort=unit&dir=desc") == ["Sở Tư pháp", "Sở Tài chính"]
    # Anything else is the ranking.
    assert names("?sort=unit__name&dir=desc") == ["Sở Tài chính", "Sở Tư pháp"]

    page = admin_client.get(
        _url("preview", appraisal_period, "?sort=index&dir=desc")
    ).content.decode()
    assert 'aria-sort="descending"' in page and page.count("aria-sort") == 1
    assert 'href="?sort=index&amp;dir=asc"' in page  # a second click turns the order
    assert 'href="?sort=total&amp;dir=desc"' in page  # points: highest first
    assert 'href="?sort=unit&amp;dir=asc"' in page


def test_names_sort_in_vietnamese_alphabetical_order(
    admin_client, finalized, appraisal_period, appraisal_set, department_level
):
    for code, name in (
        ("xa-dong-hung", "Xã Đông Hưng"),
        ("xa-ang-cang", "Xã Ẳng Cang"),
        ("xa-dung-tien", "Xã Dung Tiến"),
        ("xa-ang-nua", "Xã Ảng Nưa"),
        ("so-y-te", "Sở Y tế"),
    ):
        unit = Unit.objects.create(code=code, name=name, level=department_level)
        UnitAssessment.objects.create(
            period=appraisal_period, unit=unit, criteria_set=appraisal_set
        )

    def names(query: str) -> list[str]:
        page = admin_client.get(_url("preview", appraisal_period, query)).content.decode()
        return [row[1] for row in table(page, "ranking-department")[1:]]

    # A before Ă, D before Đ: in code-point order "Ả" and "Ẳ" come after "Đ", and without
    # diacritics "Ẳng Cang" before "Ảng Nưa", "Đông" before "Dung".
    in_order = [
        "Sở Tài chính",
        "Sở Tư pháp",
        "Sở Y tế",
        "Xã Ảng Nưa",
        "Xã Ẳng Cang",
        "Xã Dung Tiến",
        "Xã Đông Hưng",
    ]
    assert names("?sort=unit&dir=asc") == in_order
    assert names("?sort=unit&dir=desc") == in_order[::-1]
    # The ranking: ranked units by rank, then the unranked ones by name.
    assert names("") == in_order


def test_flags_show_what_each_unit_still_lacks(
    admin_client, finalized, appraisal_period, appraisal_set, department_level, lead
):
    justice = finalized[0]
    workflow.reopen_appraisal(justice, by=lead, reason="Xem lại 1.1")
    unit = Unit.objects.create(code="so-y-te", name="Sở Y tế", level=department_level)
    UnitAssessment.objects.create(period=appraisal_period, unit=unit, criteria_set=appraisal_set)
    page = admin_client.get(_url("preview", appraisal_period)).content.decode()
    flags = {row[1]: row[-1] for row in table(page, "ranking-department")[1:]}
    assert flags == {
        "Sở Tài chính": "",
        "Sở Tư pháp": "chưa hoàn tất",
        "Sở Y tế": "chưa nộp chưa thẩm định xong",
    }
    assert "2 đơn vị chưa hoàn tất thẩm định: Sở Tư pháp, Sở Y tế." in page
    assert 'id="publish-problems"' in page
    assert 'disabled><i class="bi bi-megaphone"' in page


@pytest.mark.parametrize("who", ["officer", "unit_head", "appraiser", "office_appraiser"])
def test_others_than_the_lead_and_the_admin_find_nothing(
    client, request, who, finalized, appraisal_period
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url("preview", appraisal_period)).status_code == 404
    assert client.post(_url("publish", appraisal_period)).status_code == 404
    assert Publication.objects.count() == 0


def test_anonymous_visitors_are_sent_to_login(client, appraisal_period):
    for method in ("get", "post"):
        for name in ("preview", "publish"):
            url = _url(name, appraisal_period)
            response = getattr(client, method)(url)
            assert (response.status_code, response["Location"]) == (
                302,
                f"{reverse('login')}?next={url}",
            )


def test_the_lead_sees_the_page_and_the_admin_finds_it_on_the_period(
    lead_client, admin_client, finalized, appraisal_period
):
    assert NOTE in lead_client.get(_url("preview", appraisal_period)).content.decode()
    assert lead_client.get(_url("publish", appraisal_period)).status_code == 405
    assert (
        _url("preview", appraisal_period)
        in admin_client.get(appraisal_period.get_absolute_url()).content.decode()
    )


def test_publishing_is_refused_until_every_unit_is_finalized(
    admin_client, finalized, appraisal_period, lead
):
    workflow.reopen_appraisal(finalized[0], by=lead, reason="Xem lại 1.1")
    response = admin_client.post(_url("publish", appraisal_period), {"reason": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("1 đơn vị chưa hoàn tất thẩm định: Sở Tư pháp.") == 2  # problems + refusal
    assert Publication.objects.count() == 0


def test_publish_then_publish_again_with_a_reason(
    admin_client, admin_user, finalized, appraisal_period
):
    first_time = admin_client.get(_url("preview", appraisal_period)).content.decode()
    assert "Công bố phiên bản 1" in first_time and 'name="reason"' not in first_time
    response = admin_client.post(_url("publish", appraisal_period), {"reason": ""}, follow=True)
    assert response.redirect_chain == [(_url("preview", appraisal_period), 302)]
    page = response.content.decode()
    assert "Đã công bố kết quả năm 2026, phiên bản 1." in page
    assert "Công bố phiên bản 2" in page
    assert '<textarea name="reason" cols="40" rows="2" class="form-control" required' in page

    refused = admin_client.post(
        _url("publish", appraisal_period), {"reason": "  "}
    ).content.decode()
    assert "Trường này là bắt buộc." in refused
    assert Publication.objects.count() == 1

    admin_client.post(
        _url("publish", appraisal_period), {"reason": "Đính chính điểm 1.1 của Sở Tư pháp"}
    )
    first, second = Publication.objects.order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert (second.published_by, second.reason) == (
        admin_user,
        "Đính chính điểm 1.1 của Sở Tư pháp",
    )
    assert PublishedResult.objects.filter(publication=first).count() == 2
    assert PublishedResult.objects.filter(publication=second).count() == 2
    entries = AuditEntry.objects.filter(action="results.publish").order_by("id")
    assert [(e.actor, e.new["version"], e.reason) for e in entries] == [
        (admin_user, 1, ""),
        (admin_user, 2, "Đính chính điểm 1.1 của Sở Tư pháp"),
    ]

    page = admin_client.get(_url("preview", appraisal_period)).content.decode()
    rows = table(page, "publications")[1:]
    links = "Xem trang công khai · Phân tích, báo cáo năm"
    assert [[row[0], *row[2:]] for row in rows] == [
        [
            "2",
            "Nguyễn Văn Quản",
            "chưa ghi",
            "Đính chính điểm 1.1 của Sở Tư pháp",
            links,
        ],
        ["1", "Nguyễn Văn Quản", "chưa ghi", "–", links],
    ]
    ranking = reverse("results:ranking", kwargs={"year": 2026})
    assert f'href="{ranking}?v=1"' in page and f'href="{ranking}?v=2"' in page


DECISION = {
    "decision_number": "125/QĐ-UBND",
    "decision_date": "05/03/2026",
    "decision_by": "Chủ tịch UBND tỉnh Điện Biên",
    "decision_signer": "Lò Văn Phương",
    "decision_signer_position": "Chủ tịch UBND tỉnh",
}


def test_publishing_records_the_approving_decision(admin_client, finalized, appraisal_period):
    page = admin_client.get(_url("preview", appraisal_period)).content.decode()
    # Who issues the decision is filled in from the settings.
    assert 'name="decision_by" value="Chủ tịch UBND tỉnh Điện Biên"' in page
    response = admin_client.post(_url("publish", appraisal_period), {"reason": ""} | DECISION)
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (
        publication.decision_number,
        publication.decision_date,
        publication.decision_by,
        publication.decision_signer,
        publication.decision_signer_position,
    ) == (
        "125/QĐ-UBND",
        date(2026, 3, 5),
        "Chủ tịch UBND tỉnh Điện Biên",
        "Lò Văn Phương",
        "Chủ tịch UBND tỉnh",
    )
    page = admin_client.get(_url("preview", appraisal_period)).content.decode()
    assert table(page, "publications")[1][3] == "125/QĐ-UBND, 05/03/2026"


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"decision_date": ""}, "decision_date", "Ghi ngày ký của quyết định."),
        ({"decision_number": ""}, "decision_number", "Ghi số của quyết định."),
        ({"decision_number": "125 QĐ-UBND"}, "decision_number", "theo dạng 125/QĐ-UBND"),
        ({"decision_date": "05/03/2099"}, "decision_date", "không thể sau hôm nay"),
        ({"decision_date": "31/02/2026"}, "decision_date", "không tồn tại"),
    ],
)
def test_a_decision_is_written_whole_or_not_at_all(
    admin_client, finalized, appraisal_period, changes, field, error
):
    response = admin_client.post(
        _url("publish", appraisal_period), {"reason": ""} | DECISION | changes
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field] and error in form.errors[field][0]
    assert Publication.objects.count() == 0


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_page_queries_do_not_grow_with_units(
    admin_client,
    finalized,
    appraisal_period,
    appraisal_set,
    department_level,
    appraiser,
    office_appraiser,
    item_count,
    django_assert_num_queries,
):
    """The two finalized departments and `item_count` more, appraised."""
    extra = [f"Sở thử {i}" for i in range(item_count)]
    for i, name in enumerate(extra):
        unit = Unit.objects.create(code=f"so-{i}", name=name, level=department_level)
        assessment = UnitAssessment.objects.create(
            period=appraisal_period, unit=unit, criteria_set=appraisal_set
        )
        appraise_all(assessment, appraiser, office_appraiser)

    # Among them the admin's last preview workbook of the period (its download or progress).
    with django_assert_num_queries(13):
        response = admin_client.get(_url("preview", appraisal_period))

    rows = table(response.content.decode(), "ranking-department")[1:]
    assert sorted(row[1] for row in rows) == sorted(["Sở Tài chính", "Sở Tư pháp", *extra])


def test_the_lead_prepares_the_results_but_only_the_admin_publishes(
    client, finalized, lead, admin_user
):
    period = finalized[0].period
    url = reverse("results:publish", args=[period.pk])
    client.force_login(lead)
    assert NOTE in client.get(reverse("results:preview", args=[period.pk])).content.decode()
    assert client.post(url).status_code == 404
    assert not Publication.objects.exists()
    client.force_login(admin_user)
    assert client.post(url).status_code == 302
    assert Publication.objects.get().published_by == admin_user
