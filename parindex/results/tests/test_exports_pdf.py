"""The results PDFs read back with pypdf: Vietnamese text in their own fonts, the approving
decision, who issues and who signs a unit's scorecard."""

import io
from decimal import Decimal

import pypdf
import pytest
from django.test import override_settings
from django.utils import timezone

from parindex.accounts.models import Role
from parindex.catalog.models import Unit
from parindex.core.dates import long_date_vi
from parindex.results import documents, pdf
from parindex.results.models import Publication, PublishedLevel, PublishedResult
from parindex.testing.documents import pdf_text, published_on
from parindex.testing.factories import make_user, record_decision

pytestmark = pytest.mark.django_db


def fonts(resources) -> list:
    """Every font of a page, including those of its forms (the SVG charts)."""
    found = list(resources.get("/Font", {}).values())
    for form in resources.get("/XObject", {}).values():
        found += fonts(form.get_object().get("/Resources", {}))
    return [font.get_object() for font in found]


LIBERATION_SERIF = {
    "Liberation-Serif",
    "Liberation-Serif-Bold",
    "Liberation-Serif-Italic",
    "Liberation-Serif-Bold-Italic",
}


def in_order(text: str, parts: list[str]) -> bool:
    positions = [text.find(part) for part in parts]
    assert -1 not in positions, [part for part in parts if part not in text]
    return positions == sorted(positions)


def test_the_results_pdf_is_in_vietnamese_with_its_own_fonts(publication):
    data = pdf.results_pdf(publication)
    text = pdf_text(data)
    for expected in (
        f"Phiên bản 1 – công bố ngày {published_on(publication)}",
        "Sở, ban, ngành",
        "Sở Tư pháp",
        "Sở Tài chính",
        "40,63",  # in the table and on the chart
        "Chỉ số trung bình: 57,81 %",
        "Công tác chỉ đạo, điều hành CCHC 4,00 78,13",
    ):
        assert expected in text
    assert text.count("40,63") == 2
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=0.5)  # A4 portrait
    metadata = reader.xmp_metadata
    assert (metadata.pdfaid_part, metadata.pdfaid_conformance) == ("2", "B")
    used = [font for page in reader.pages for font in fonts(page["/Resources"])]
    # The chart's labels too: nothing from the machine's fonts.
    assert {str(font["/BaseFont"]).split("+")[1] for font in used} == LIBERATION_SERIF
    for font in used:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()


def test_the_results_pdf_is_attached_to_its_decision_with_blanks_until_it_is_recorded(
    publication,
):
    text = pdf_text(pdf.results_pdf(publication))
    assert in_order(
        text,
        [
            "UBND TỈNH ĐIỆN BIÊN\nSỞ NỘI VỤ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            "Số: ……/QĐ-UBND Điện Biên, ngày …… tháng …… năm ……",
            "KẾT QUẢ\nChỉ số cải cách hành chính năm 2026",
            "(Kèm theo Quyết định số ……/QĐ-UBND ngày …… của Chủ tịch UBND tỉnh Điện Biên)",
            "I. Sở, ban, ngành",
            "Nơi nhận:\n- UBND tỉnh Điện Biên (để báo cáo);\n"
            "- Các cơ quan, đơn vị được đánh giá;\n- Lưu: VT.",
            "GIÁM ĐỐC\n……………………………",
        ],
    )
    record_decision(publication)
    text = " ".join(pdf_text(pdf.results_pdf(publication)).split())
    assert in_order(
        text,
        [
            "Số: 125/QĐ-UBND Điện Biên, ngày 05 tháng 3 năm 2026",
            "(Kèm theo Quyết định số 125/QĐ-UBND ngày 05/3/2026 của Chủ tịch UBND tỉnh Điện Biên)",
        ],
    )


@override_settings(
    DOCUMENT_ISSUER="Văn phòng UBND tỉnh",
    DOCUMENT_SIGNER_POSITION="Phó Chánh Văn phòng",
    DOCUMENT_SIGNER_NAME="Lê Thị Hạnh",
)
def test_the_issuer_and_signer_of_the_results_come_from_the_settings(publication):
    text = pdf_text(pdf.results_pdf(publication))
    assert "UBND TỈNH ĐIỆN BIÊN\nVĂN PHÒNG UBND TỈNH" in text
    assert "KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nLê Thị Hạnh" in text


def scorecard(publication, unit) -> str:
    result = PublishedResult.objects.select_related("publication", "unit", "level").get(
        publication=publication, unit=unit
    )
    return pdf_text(pdf.unit_pdf(result))


def test_a_unit_scorecard_is_issued_by_the_unit_and_signed_by_its_head(
    publication, justice, unit_head
):
    Unit.objects.filter(pk=justice.pk).update(kind=Unit.Kind.DEPARTMENT)
    unit_head.job_title = "Phó Giám đốc"
    unit_head.save()
    record_decision(publication)
    text = scorecard(publication, justice)
    day = long_date_vi(timezone.localdate(publication.published_at))
    assert in_order(
        text,
        [
            "UBND TỈNH ĐIỆN BIÊN\nSỞ TƯ PHÁP",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            f"Số: ……/…… Điện Biên, {day}",
            "PHIẾU KẾT QUẢ\nChỉ số cải cách hành chính năm 2026 của Sở Tư pháp",
            "Sở, ban, ngành – Phiên bản 1",
            "Quyết định số 125/QĐ-UBND ngày 05/3/2026",
            "1.1 Ban hành Kế hoạch CCHC năm 1,00 1,00 0,50 0,50 Chậm 20 ngày",
            "Tổng điểm 3,25",
            "Chỉ số (%) 40,63",
            "Xếp hạng 2/2",
            "Xếp loại Yếu",
            "Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT.",
            "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nQuàng Văn Bình",
        ],
    )


def test_a_commune_signs_for_its_peoples_committee(commune_level, admin_user):
    commune = Unit.objects.create(
        code="xa-muong-phang", name="Xã Mường Phăng", level=commune_level, kind=Unit.Kind.COMMUNE
    )
    make_user(
        "muongphang.lanhdao",
        Role.UNIT_HEAD,
        commune,
        full_name="Cà Văn Thanh",
        job_title="Chủ tịch UBND xã",
    )
    publication = Publication.objects.create(
        year=2024, version=1, title="Chỉ số CCHC năm 2024", published_at=timezone.now()
    )
    PublishedResult.objects.create(
        publication=publication,
        unit=commune,
        level=commune_level,
        unit_name="Xã Mường Phăng",
        index=Decimal("88.41"),
        rank=3,
    )
    text = scorecard(publication, commune)
    assert in_order(
        text,
        [
            "ỦY BAN NHÂN DÂN\nXÃ MƯỜNG PHĂNG",
            "Mường Phăng, ngày",
            "Chỉ số cải cách hành chính năm 2024 của UBND xã Mường Phăng",
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nCà Văn Thanh",
        ],
    )


def test_without_a_head_the_signature_is_left_blank(publication, justice, unit_head, officer):
    unit_head.is_active = False
    unit_head.save()
    assert scorecard(publication, justice).endswith("……………………………\n……………………………")


def test_the_head_signs_before_a_deputy(justice, ward):
    deputy = make_user("stp.pho", Role.UNIT_HEAD, justice, job_title="Phó Giám đốc")
    head = make_user("stp.giamdoc", Role.UNIT_HEAD, justice, job_title="Giám đốc")
    make_user("stp.cu", Role.UNIT_HEAD, justice, job_title="Giám đốc", is_active=False)
    other = make_user("dbp.pho", Role.UNIT_HEAD, ward, job_title="Phó Chủ tịch UBND phường")
    make_user("dbp.canbo", Role.UNIT_OFFICER, ward, job_title="Chủ tịch UBND phường")
    assert deputy.date_joined <= head.date_joined
    assert documents.heads([justice.pk, ward.pk]) == {justice.pk: head, ward.pk: other}


def test_a_historical_report_prints_what_was_published_and_nothing_it_lacks(
    department_level, commune_level, justice, ward
):
    """As 2020 in the demo: a rank and an index for a few units, no mean, no class; and a level
    of counts only (as 2023)."""
    publication = Publication.objects.create(
        year=2020,
        version=1,
        title="Chỉ số CCHC năm 2020 (số liệu công bố)",
        published_at=timezone.now(),
        historical=True,
        source="Đài Phát thanh - Truyền hình tỉnh",
    )
    PublishedLevel.objects.create(
        publication=publication, level=department_level, level_name="Sở", units_ranked=19
    )
    PublishedLevel.objects.create(
        publication=publication,
        level=commune_level,
        level_name="Xã",
        units_ranked=10,
        note="Số đơn vị theo xếp loại: Khá: 10.",
    )
    PublishedResult.objects.create(
        publication=publication,
        unit=justice,
        level=department_level,
        unit_name=justice.name,
        index=Decimal("88.1"),
        rank=2,
    )
    text = " ".join(pdf_text(pdf.results_pdf(publication)).split())
    assert "Chỉ số trung bình" not in text and "– %" not in text
    assert "Bảng gồm 1 trong số 19 đơn vị: nguồn chỉ nêu số liệu của các đơn vị này." in text
    assert in_order(text, ["Xếp hạng Đơn vị Chỉ số (%)", "2 Sở Tư pháp 88,10"])
    assert "Điểm tự chấm" not in text and "Xếp loại" not in text
    assert in_order(
        text,
        [
            "II. Xã",
            "Số đơn vị được xếp hạng: 10.",
            "Nguồn không nêu chỉ số và xếp hạng của từng đơn vị.",
            "Số đơn vị theo xếp loại: Khá: 10.",
            "Nguồn số liệu: Đài Phát thanh - Truyền hình tỉnh",
        ],
    )
