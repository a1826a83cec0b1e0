"""Historical results: the figures Điện Biên published for 2015–2023 (published-results.yaml, the
copy shipped with the code) loaded as historical publications of the demo's units."""

from datetime import datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from parindex.catalog.models import Unit, UnitLevel, reference_code
from parindex.core.models import AuditEntry
from parindex.demo.catalog import REFERENCE_DIR as REFERENCE
from parindex.results import history
from parindex.results.models import Publication, PublishedLevel, PublishedResult

pytestmark = pytest.mark.django_db

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PUBLISHED = REFERENCE / "published-results.yaml"
# The units the file names, as the demo creates them; Ban Dân tộc (2015) is left out.
CATALOG = {
    "dept.vp-ubnd": "Văn phòng UBND tỉnh",
    "dept.tu-phap": "Sở Tư pháp",
    "dept.nong-nghiep-ptnt": "Sở Nông nghiệp và Phát triển nông thôn",
    "dept.khoa-hoc-cong-nghe": "Sở Khoa học và Công nghệ",
    "district.tx-muong-lay": "Thị xã Mường Lay",
    "district.huyen-nam-po": "Huyện Nậm Pồ",
    "district.tp-dien-bien-phu": "Thành phố Điện Biên Phủ",
    "district.huyen-muong-ang": "Huyện Mường Ảng",
}
LOADED = {"publications": 5, "levels": 8, "results": 10, "units_missing": 1, "years_present": 0}


@pytest.fixture
def catalog(department_level) -> dict[str, Unit]:
    district = UnitLevel.objects.create(code="district", name="UBND cấp huyện", order=2)
    return {
        reference_id: Unit.objects.create(
            code=reference_code(reference_id),
            name=name,
            level=department_level if reference_id.startswith("dept.") else district,
        )
        for reference_id, name in CATALOG.items()
    }


def result(year: int, reference_id: str) -> PublishedResult:
    return PublishedResult.objects.get(
        publication__year=year,
        unit__code=reference_code(reference_id),
        publication__historical=True,
    )


def test_the_published_figures_become_historical_publications(catalog):
    assert history.load_history(PUBLISHED) == LOADED
    publications = list(Publication.objects.all())
    assert [(p.year, p.version, p.historical, p.published_by) for p in publications] == [
        (year, 1, True, None) for year in (2023, 2020, 2019, 2018, 2015)
    ]
    assert publications[1].title == "Chỉ số CCHC năm 2020 (số liệu công bố)"

    justice = result(2020, "dept.tu-phap")
    assert (justice.unit_name, justice.index, justice.rank) == ("Sở Tư pháp", Decimal("92.51"), 1)
    assert justice.level.code == "department"
    assert (justice.total, justice.classification, justice.nodes) == (None, "", [])
    office = result(2015, "dept.vp-ubnd")
    assert (office.unit_name, office.index, office.rank) == (
        "Văn phòng UBND tỉnh",
        Decimal("92.50"),
        1,
    )
    # 2018: only the rank was derived (Nậm Pồ rose 9 places to 1st in 2020).
    nam_po = result(2018, "district.huyen-nam-po")
    assert (nam_po.index, nam_po.rank) == (None, 10)
    assert [
        (r.unit_name, r.index, r.rank)
        for r in PublishedResult.objects.filter(publication__year=2020, level__code="district")
    ] == [
        ("Huyện Nậm Pồ", Decimal("77.03"), 1),
        ("Thành phố Điện Biên Phủ", Decimal("75.49"), 2),
    ]


def test_levels_keep_the_count_the_mean_and_what_else_the_source_says(catalog):
    history.load_history(PUBLISHED)
    levels = {
        (level.publication.year, level.level.code): level
        for level in PublishedLevel.objects.select_related("publication", "level")
    }
    departments_2015 = levels[2015, "department"]
    assert (departments_2015.units_ranked, departments_2015.mean_index) == (17, Decimal("76.16"))
    assert departments_2015.note == (
        "9 đơn vị có chỉ số trên mức trung bình. 2 đơn vị đạt chỉ số từ 90 trở lên."
    )
    assert (levels[2020, "department"].units_ranked, levels[2020, "department"].mean_index) == (
        19,
        None,
    )
    assert levels[2023, "department"].note == (
        "Số đơn vị theo xếp loại: Tốt: 7, Khá: 11. 7 + 11 = 18/19; xếp loại của đơn vị còn lại "
        "không nêu. Duy trì kết quả tốt: Văn phòng UBND tỉnh."
    )
    assert levels[2023, "district"].note == (
        "Số đơn vị theo xếp loại: Khá: 10. Duy trì kết quả tốt: Huyện Mường Ảng."
    )
    assert not PublishedResult.objects.filter(publication__year=2023).exists()


def test_dates_decisions_and_sources_come_from_the_file(catalog):
    history.load_history(PUBLISHED)
    years = {p.year: p for p in Publication.objects.all()}

    def day(value: datetime) -> tuple:
        local = timezone.localtime(value, VIETNAM)
        return local.day, local.month, local.year, local.hour

    assert day(years[2015].published_at) == (13, 12, 2016, 0)  # the decision's date
    assert years[2015].decision == "QĐ 1535/QĐ-UBND ngày 13/12/2016"
    assert day(years[2020].published_at) == (21, 7, 2021, 0)  # "khoảng 21/7/2021"
    assert day(years[2023].published_at) == (19, 7, 2024, 0)
    assert day(years[2018].published_at) == (31, 12, 2019, 0)  # no date: end of the next year
    assert years[2020].source.startswith("https://dienbientv.vn/tin-tuc-su-kien/chinh-tri/")
    assert years[2018].source.endswith(
        "\nSố liệu suy ra: Nậm Pồ xếp 1/10 năm 2020, “tăng 9 bậc so với năm 2018, 2019” ⇒ "
        "xếp 10/10 năm 2018 và 2019"
    )
    assert years[2023].source.count("\n") == 2  # two sources and the year's note
    entries = AuditEntry.objects.filter(action="results.load_history").order_by("id")
    assert [(e.actor, e.new["year"], e.new["units"]) for e in entries] == [
        (None, 2015, 4),
        (None, 2018, 1),
        (None, 2019, 1),
        (None, 2020, 4),
        (None, 2023, 0),
    ]


def test_loading_again_changes_nothing(catalog):
    history.load_history(PUBLISHED)
    assert history.load_history(PUBLISHED) == {
        "publications": 0,
        "levels": 0,
        "results": 0,
        "units_missing": 0,
        "years_present": 5,
    }
    assert (Publication.objects.count(), PublishedResult.objects.count()) == (5, 10)


def test_a_year_published_in_the_application_is_kept(catalog):
    Publication.objects.create(
        year=2020, version=1, title="Chỉ số CCHC năm 2020", published_at=timezone.now()
    )
    counts = history.load_history(PUBLISHED)
    assert (counts["publications"], counts["years_present"]) == (4, 1)
    assert not Publication.objects.filter(year=2020, historical=True).exists()


def test_a_level_missing_from_the_catalogue_stops_everything(department_level):
    with pytest.raises(history.HistoryError, match="Danh mục chưa có cấp đơn vị: district"):
        history.load_history(PUBLISHED)
    assert Publication.objects.count() == 0


def test_the_command_prints_what_it_loaded(catalog):
    out = StringIO()
    call_command("load_history", str(PUBLISHED), stdout=out)
    assert out.getvalue() == (
        "Đã nạp 5 năm (8 khối cấp đơn vị, 10 kết quả đơn vị). Bỏ qua 0 năm đã có lần công bố "
        "và 1 kết quả của đơn vị không có trong danh mục.\n"
    )


def test_the_command_reads_another_file(catalog, tmp_path):
    path = tmp_path / "ket-qua.yaml"
    path.write_text(
        "schema: parindex.published-results/0.1\n"
        "unit_results:\n"
        "  - year: 2021\n"
        "    decision: QĐ 99/QĐ-UBND ngày 31/2/2022, sửa đổi ngày 05/03/2022\n"
        "    blocks:\n"
        "      - level: department\n"
        "        units_ranked: 19\n"
        "        results:\n"
        '          - {unit_id: "dept.tu-phap", unit_name: "Sở Tư pháp", index: 90.1, rank: 3}\n',
        encoding="utf-8",
    )
    call_command("load_history", str(path), stdout=StringIO())
    publication = Publication.objects.get()
    # 31/2 is no date: the next one is taken.
    assert timezone.localtime(publication.published_at, VIETNAM).date().isoformat() == (
        "2022-03-05"
    )
    assert publication.results.get().index == Decimal("90.10")


def test_the_command_refuses_other_files(tmp_path):
    path = tmp_path / "units.yaml"
    path.write_text("schema: parindex.units/1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Tệp không phải kết quả đã công bố"):
        call_command("load_history", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match=r"Không đọc được tệp .*missing\.yaml"):
        call_command("load_history", str(tmp_path / "missing.yaml"), stdout=StringIO())
