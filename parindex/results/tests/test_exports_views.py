"""The results downloads through their URLs: public files and their headers, versions, the
a historical year, and the queries of each download."""

import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from parindex.appraisal import workflow
from parindex.assessments.models import UnitAssessment
from parindex.catalog.models import Unit
from parindex.results import exports, pdf, publishing
from parindex.results.models import Publication, PublishedLevel, PublishedResult
from parindex.results.views import exports as views
from parindex.testing.documents import pdf_text, values, workbook
from parindex.testing.factories import appraise_all

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(f"results:{name}", kwargs=kwargs)


def test_a_historical_year_gives_its_published_figures_only(client, justice, department_level):
    """Years before the application: index and rank as the decision published them, no tree."""
    publication = Publication.objects.create(
        year=2024,
        version=1,
        title="Chỉ số CCHC năm 2024",
        published_at=datetime(2025, 3, 10, 3, tzinfo=UTC),
        historical=True,
    )
    PublishedLevel.objects.create(
        publication=publication,
        level=department_level,
        level_name=department_level.name,
        units_ranked=25,
        mean_index=85,
    )
    PublishedResult.objects.create(
        publication=publication,
        unit=justice,
        level=department_level,
        unit_name="Sở Tư pháp",
        index=Decimal("88.41"),
        rank=3,
    )
    book = workbook(exports.results_workbook(publication))
    assert book.sheetnames == ["Tổng hợp"]
    assert values(book["Tổng hợp"], 12) == [3, "Sở Tư pháp", *[None] * 7, 88.41, None]
    rows = list(csv.reader(io.StringIO(exports.open_data_csv(publication).decode("utf-8-sig"))))
    assert rows[1][5:] == ["Sở Tư pháp", "", "", "", "", "", "", "", "88.41", "3", ""]
    text = pdf_text(pdf.results_pdf(publication))
    assert "Phiên bản 1 – công bố ngày 10/03/2025" in text
    assert "Số đơn vị được xếp hạng: 25. Chỉ số trung bình: 85,00 %." in text
    response = client.get(url("unit_pdf", year=2024, unit_pk=justice.pk))
    assert "Xếp hạng 3/25" in pdf_text(response.content)


@pytest.mark.parametrize(
    ("name", "content_type", "file_name"),
    [
        ("data_csv", "text/csv; charset=utf-8", "d%E1%BB%AF%20li%E1%BB%87u"),
        ("data_json", "application/json", "d%E1%BB%AF%20li%E1%BB%87u"),
        ("data_xlsx", views.XLSX, "d%E1%BB%AF%20li%E1%BB%87u"),
        ("results_xlsx", views.XLSX, "k%E1%BA%BFt%20qu%E1%BA%A3"),
        ("results_pdf", "application/pdf", "b%C3%A1o%20c%C3%A1o"),
    ],
)
def test_published_files_are_public(client, publication, name, content_type, file_name):
    response = client.get(url(name, year=2026))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    extension = name.split("_")[1]
    assert disposition.startswith("inline; " if extension == "pdf" else "attachment; ")
    assert f"filename*=utf-8''Ch%E1%BB%89%20s%E1%BB%91%20CCHC%202026%20-%20{file_name}" in (
        disposition
    )
    assert disposition.endswith(f"%28phi%C3%AAn%20b%E1%BA%A3n%201%29.{extension}")
    assert response["Cache-Control"] == "public, max-age=600"


def test_the_open_data_download_is_the_export(client, publication):
    response = client.get(url("data_csv", year=2026))
    assert response.content == exports.open_data_csv(publication)
    response = client.get(url("data_json", year=2026), {"v": 1})
    assert response.content == exports.open_data_json(publication)
    assert response["Cache-Control"] == "public, max-age=86400"


def test_a_unit_scorecard_is_public_for_a_published_unit_only(client, publication, justice, ward):
    response = client.get(url("unit_pdf", year=2026, unit_pk=justice.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Sở Tư pháp" in pdf_text(response.content)
    assert response["Content-Disposition"].startswith("inline; filename*=utf-8''Phi%E1%BA%BFu")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert client.get(url("unit_pdf", year=2026, unit_pk=ward.pk)).status_code == 404
    assert client.get(url("unit_pdf", year=2025, unit_pk=justice.pk)).status_code == 404


def test_a_version_is_chosen_with_v_and_the_latest_is_the_default(
    client, finalized, publication, admin_user
):
    Unit.objects.filter(pk=finalized[0].unit_id).update(name="Sở Tư pháp tỉnh Điện Biên")
    publishing.publish(finalized[0].period, by=admin_user, reason="Đính chính tên đơn vị")

    def names(**query) -> list[str]:
        response = client.get(url("data_csv", year=2026), query)
        return [row[5] for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))]

    assert names() == ["unit_name", "Sở Tài chính", "Sở Tư pháp tỉnh Điện Biên"]
    assert names(v=1) == ["unit_name", "Sở Tài chính", "Sở Tư pháp"]
    assert names(v=2) == names()


@pytest.mark.parametrize("query", [{}, {"v": "1"}])
def test_an_unpublished_year_or_version_does_not_exist(client, publication, query):
    for name in ("data_csv", "data_json", "data_xlsx", "results_xlsx", "results_pdf"):
        assert client.get(url(name, year=2025), query).status_code == 404
    for version in ("3", "abc", "", "99999999999"):
        assert client.get(url("data_csv", year=2026), {"v": version}).status_code == 404


def _units_in(name: str, content: bytes) -> list[str]:
    """The units a download names, read back from its format, in its order."""
    if name == "data_csv":
        rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
        return [row["unit_name"] for row in rows]
    if name == "data_json":
        return [unit["unit_name"] for unit in json.loads(content)["units"]]
    if name == "data_xlsx":
        rows = workbook(content)["Dữ liệu"].iter_rows(min_row=2, values_only=True)
        return [row[5] for row in rows]
    if name == "results_xlsx":
        return workbook(content).sheetnames[1:]  # a sheet per unit after the summary
    text = " ".join(pdf_text(content).split())
    published = PublishedResult.objects.values_list("unit_name", flat=True).distinct()
    return sorted(unit_name for unit_name in published if unit_name in text)


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize(
    ("name", "queries"),
    # The PDFs are rendered and stored by their first download: the report from the
    # publication, its levels and results; the scorecard from its result, the unit's head and
    # level; then the file's name.
    [
        ("data_csv", 3),
        ("data_json", 3),
        ("data_xlsx", 3),
        ("results_xlsx", 3),
        ("results_pdf", 4),
        ("unit_pdf", 5),
    ],
)
def test_downloads_read_a_constant_number_of_queries(
    client,
    finalized,
    admin_user,
    department_level,
    appraiser,
    office_appraiser,
    lead,
    name,
    queries,
    item_count,
    django_assert_num_queries,
):
    """The two finalized departments and `item_count` more, finalized and published."""
    period = finalized[0].period
    extra = [f"Sở thử {number}" for number in range(item_count)]
    for number, unit_name in enumerate(extra):
        unit = Unit.objects.create(code=f"so-{number}", name=unit_name, level=department_level)
        assessment = UnitAssessment.objects.create(
            period=period, unit=unit, criteria_set=finalized[0].criteria_set, state="submitted"
        )
        appraise_all(assessment, appraiser, office_appraiser)
        workflow.finalize(assessment, by=lead, without_survey=True)
    publishing.publish(period, by=admin_user)
    if name == "unit_pdf":
        address = url(name, year=2026, unit_pk=finalized[0].unit_id)
    else:
        address = url(name, year=2026)

    with django_assert_num_queries(queries):
        response = client.get(address)

    expected = ["Sở Tư pháp"] if name == "unit_pdf" else ["Sở Tài chính", "Sở Tư pháp", *extra]
    assert sorted(_units_in(name, response.content)) == sorted(expected)
