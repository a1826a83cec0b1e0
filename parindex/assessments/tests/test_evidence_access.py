"""Evidence downloads (names, headers, what is shown inline) and who may do what: other units
and appraisers get 404 everywhere, the public is sent to login, the admin only reads."""

import unicodedata
from urllib.parse import quote

import pytest
from django.urls import reverse

from parindex.assessments import evidence, files
from parindex.assessments.models import EntryEvidence, Evidence, EvidenceFile
from parindex.catalog.models import Criterion
from parindex.testing.evidence import evidence_url, post_evidence
from parindex.testing.factories import PDF, PNG, add_document, build_set, docx, upload

# Downloads ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_download_is_an_attachment_with_the_vietnamese_name_and_safe_headers(
    officer_client, officer, open_assessment
):
    name = "Quyết định số 125.pdf"
    stored = add_document(
        open_assessment, officer, name=unicodedata.normalize("NFD", name)
    ).files.get()
    url = reverse("assessments:evidence_file", args=[stored.pk])
    response = officer_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'; sandbox"
    )
    assert response["Content-Length"] == str(len(PDF))
    assert b"".join(response.streaming_content) == PDF
    inline = officer_client.get(url + "?inline=1")
    assert inline["Content-Disposition"] == f"inline; filename*=utf-8''{quote(name)}"
    assert "sandbox" not in inline["Content-Security-Policy"]  # Chrome shows no PDF in a sandbox
    assert inline["Content-Security-Policy"].startswith("default-src 'none';")


@pytest.mark.django_db
def test_only_pdf_and_images_are_shown_inline(officer_client, officer, open_assessment):
    image = add_document(open_assessment, officer, name="anh.png", content=PNG).files.get()
    word = add_document(open_assessment, officer, name="bao-cao.docx", content=docx()).files.get()
    shown = officer_client.get(reverse("assessments:evidence_file", args=[image.pk]) + "?inline=1")
    assert shown["Content-Disposition"] == 'inline; filename="anh.png"'
    assert shown["Content-Type"] == "image/png"
    assert shown["Content-Security-Policy"].endswith("; sandbox")
    downloaded = officer_client.get(
        reverse("assessments:evidence_file", args=[word.pk]) + "?inline=1"
    )
    assert downloaded["Content-Disposition"] == 'attachment; filename="bao-cao.docx"'
    assert downloaded["Content-Type"] == files.DOCX


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
def test_a_download_takes_the_same_queries_whatever_the_versions(
    officer_client, officer, open_assessment, item_count, django_assert_num_queries
):
    document = add_document(open_assessment, officer, "1.4", name="lon.pdf")
    for version in range(2, item_count + 1):
        content = PDF.replace(b"Catalog", b"Catalog /V %d" % version)
        evidence.add_version(document, files.check_upload(upload("lon.pdf", content)), by=officer)
    first = document.files.get(version=1)

    with django_assert_num_queries(4):
        response = officer_client.get(reverse("assessments:evidence_file", args=[first.pk]))
        content = b"".join(response.streaming_content)

    assert (response["Content-Disposition"], content) == ('attachment; filename="lon.pdf"', PDF)
    assert document.files.count() == item_count


# Who may do what ---------------------------------------------------------------------------


@pytest.fixture
def justice_document(open_assessment, officer):
    return add_document(open_assessment, officer, "1.1", name="Kế hoạch bí mật.pdf")


def _evidence_urls(assessment, document) -> dict[str, tuple[str, str]]:
    stored = document.files.get()
    return {
        "upload": ("post", evidence_url("evidence_upload", assessment, "1.4")),
        "upload page": ("get", evidence_url("evidence_upload", assessment, "1.4")),
        "link": ("post", evidence_url("evidence_link", assessment, "1.4")),
        "unlink": ("post", evidence_url("evidence_unlink", assessment, "1.1", document.pk)),
        "file": ("get", reverse("assessments:evidence_file", args=[stored.pk])),
        "detail": ("get", reverse("assessments:evidence_detail", args=[document.pk])),
        "edit": ("post", reverse("assessments:evidence_detail", args=[document.pk])),
        "version": ("post", reverse("assessments:evidence_version", args=[document.pk])),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["other_unit_officer", "appraiser"])
def test_other_units_and_appraisers_get_404_everywhere(
    client, request, open_assessment, justice_document, user_fixture
):
    client.force_login(request.getfixturevalue(user_fixture))
    for name, (method, url) in _evidence_urls(open_assessment, justice_document).items():
        data = {"evidence": justice_document.pk, "file": upload("x.pdf", PDF), "title": "x"}
        response = client.post(url, data) if method == "post" else client.get(url)
        assert response.status_code == 404, name
        assert "Kế hoạch bí mật" not in response.content.decode()
    assert EntryEvidence.objects.count() == 1 and EvidenceFile.objects.count() == 1
    assert Evidence.objects.get().title == "Kế hoạch bí mật"


@pytest.mark.django_db
def test_the_public_is_sent_to_login(client, open_assessment, justice_document):
    for name, (method, url) in _evidence_urls(open_assessment, justice_document).items():
        response = client.post(url) if method == "post" else client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
    library = client.get(reverse("assessments:evidence_library"))
    assert library.status_code == 302 and library["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_admin_reads_but_does_not_change_a_units_evidence(
    admin_client, open_assessment, justice_document
):
    urls = _evidence_urls(open_assessment, justice_document)
    response = admin_client.get(urls["file"][1])
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    detail = admin_client.get(urls["detail"][1]).content.decode()
    assert "Kế hoạch bí mật" in detail and "Sửa thông tin văn bản" not in detail
    library = admin_client.get(
        reverse("assessments:evidence_library") + f"?unit={open_assessment.unit_id}"
    )
    assert "Kế hoạch bí mật" in library.content.decode()
    assert admin_client.get(reverse("assessments:evidence_library")).status_code == 404
    for name in ("upload", "link", "unlink", "edit", "version"):
        assert admin_client.post(urls[name][1], {"title": "x"}).status_code == 404, name
    assert EntryEvidence.objects.count() == 1 and EvidenceFile.objects.count() == 1


@pytest.mark.django_db
def test_unit_head_may_change_evidence_like_an_officer(client, unit_head, open_assessment):
    client.force_login(unit_head)
    response = post_evidence(client, open_assessment, "1.1", upload("qd.pdf", PDF))
    assert response.status_code == 302 and Evidence.objects.get().created_by == unit_head


@pytest.mark.django_db
def test_an_item_of_another_criteria_set_is_not_found(
    officer_client, open_assessment, commune_level, admin_user
):
    other_set = build_set(commune_level, by=admin_user)
    foreign = Criterion.objects.get(criteria_set=other_set, code="1.1")
    url = reverse("assessments:evidence_upload", args=[open_assessment.pk, foreign.pk])
    assert officer_client.post(url, {"file": upload("qd.pdf", PDF)}).status_code == 404
    area = Criterion.objects.get(criteria_set=open_assessment.criteria_set, code="1")
    url = reverse("assessments:evidence_upload", args=[open_assessment.pk, area.pk])
    assert officer_client.post(url, {"file": upload("qd.pdf", PDF)}).status_code == 404
    assert not Evidence.objects.exists()
