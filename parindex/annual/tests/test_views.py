import io

import docx
import pytest
from django.urls import reverse

from parindex.accounts.models import Role
from parindex.annual.models import AnnualReport
from parindex.plans.models import Plan
from parindex.results import verification
from parindex.testing.documents import pdf_text, workbook
from parindex.testing.factories import make_user
from parindex.testing.html import table
from parindex.testing.publications import publish_snapshot


def analysis_url(publication):
    return reverse("annual:analysis", kwargs={"pk": publication.pk})


def remedies_url(publication, unit, name="annual:remedies"):
    return reverse(name, kwargs={"pk": publication.pk, "code": unit.code})


@pytest.mark.parametrize("units", [1, 3])
def test_the_analysis_page_reads_a_constant_number_of_queries(
    admin_client, communes, commune_level, django_assert_num_queries, units
):
    keys = ["a", "b", "c"][:units]
    publish_snapshot(2024, commune_level, [(communes[k], "80", "Khá") for k in keys])
    publication = publish_snapshot(2025, commune_level, [(communes[k], "90", "Tốt") for k in keys])
    with django_assert_num_queries(11):
        response = admin_client.get(analysis_url(publication))
    assert response.status_code == 200
    page = response.content.decode()
    for key in keys:
        assert remedies_url(publication, communes[key]) in page
    assert "+10,00" in page or "10,00" in page


def test_the_merged_unit_is_marked_on_the_page(admin_client, this_year):
    page = admin_client.get(analysis_url(this_year)).content.decode()
    assert "Xã B, Xã C" in page
    assert "Mới" in page


def test_only_the_admin_analyses(client, this_year, officer, appraiser):
    for user in (officer, appraiser):
        client.force_login(user)
        assert client.get(analysis_url(this_year)).status_code == 404
        url = reverse("annual:request_report", kwargs={"pk": this_year.pk})
        assert client.post(url).status_code == 404
    client.logout()
    assert client.get(analysis_url(this_year)).status_code == 302


def test_the_report_is_built_in_the_background_signed_and_recognised(
    admin_client, this_year, django_capture_on_commit_callbacks, settings, tmp_path
):
    from parindex.testing.certificates import make_pkcs12

    settings.PDF_SIGNING_PKCS12 = make_pkcs12(tmp_path / "cert.p12", "secret")
    settings.PDF_SIGNING_PASSWORD = "secret"
    url = reverse("annual:request_report", kwargs={"pk": this_year.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    report = AnnualReport.objects.get()
    assert report.ready and report.total == report.done > 0
    assert report.pdf_signer == "Sở Nội vụ tỉnh Điện Biên"
    page = admin_client.get(reverse("annual:report", kwargs={"pk": report.pk})).content.decode()
    assert reverse("annual:report_docx", kwargs={"pk": report.pk}) in page

    word = admin_client.get(reverse("annual:report_docx", kwargs={"pk": report.pk}))
    document = docx.Document(io.BytesIO(b"".join(word.streaming_content)))
    assert any("Xã Mới" in p.text for p in document.paragraphs)
    pdf = b"".join(
        admin_client.get(reverse("annual:report_pdf", kwargs={"pk": report.pk})).streaming_content
    )
    assert "Xã Lập Mới" in pdf_text(pdf)

    check = verification.check(pdf)
    assert check.published and check.other is not None
    assert "2025" in check.other.description
    assert check.signatures and check.signatures[0].valid
    assert verification.check(pdf[:-1] + b" ").other is None


def test_a_second_request_while_building_returns_the_same(admin_client, this_year):
    url = reverse("annual:request_report", kwargs={"pk": this_year.pk})
    admin_client.post(url)
    admin_client.post(url)
    assert AnnualReport.objects.count() == 1
    page = admin_client.get(analysis_url(this_year)).content.decode()
    assert "Đang chờ tạo báo cáo" in page


def test_others_cannot_download_a_report(client, this_year, admin_user, officer):
    report = AnnualReport.objects.create(publication=this_year, requested_by=admin_user)
    client.force_login(officer)
    assert client.get(reverse("annual:report", kwargs={"pk": report.pk})).status_code == 404
    client.force_login(admin_user)
    # Not built yet: nothing to download.
    assert client.get(reverse("annual:report_pdf", kwargs={"pk": report.pk})).status_code == 404


def test_a_unit_sees_and_exports_its_weakest_sub_criteria(client, this_year, communes):
    member = make_user("xa-a.canbo", Role.UNIT_OFFICER, communes["a"])
    client.force_login(member)
    page = client.get(remedies_url(this_year, communes["a"])).content.decode()
    assert "1.2" in page and "2.2" in page
    data = client.get(remedies_url(this_year, communes["a"], "annual:remedies_xlsx")).content
    sheet = workbook(data).active
    assert sheet["A4"].value == "1.2" and sheet["E4"].value == pytest.approx(1.5)
    # Another unit's list does not exist for it.
    assert client.get(remedies_url(this_year, communes["new"])).status_code == 404
    assert (
        client.get(remedies_url(this_year, communes["new"], "annual:remedies_xlsx")).status_code
        == 404
    )


def test_the_admin_sees_every_units_weakest(admin_client, this_year, communes):
    page = admin_client.get(remedies_url(this_year, communes["new"])).content.decode()
    assert "Xã Lập Mới" in page


@pytest.mark.parametrize("units", [1, 3])
def test_the_public_analysis_reads_a_constant_number_of_queries(
    client, communes, commune_level, django_assert_num_queries, units
):
    keys = ["a", "b", "c"][:units]
    publish_snapshot(2024, commune_level, [(communes[k], "80", "Khá") for k in keys])
    publish_snapshot(2025, commune_level, [(communes[k], "90", "Tốt") for k in keys])
    with django_assert_num_queries(8):
        response = client.get(reverse("annual:public_analysis", kwargs={"year": 2025}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tốt" in page and "10,00" in page
    # No unit's list of weaknesses for visitors.
    assert "remedies" not in page


def test_an_unpublished_year_has_no_public_analysis(client, db):
    assert client.get(reverse("annual:public_analysis", kwargs={"year": 2030})).status_code == 404


@pytest.mark.parametrize("with_office", [False, True])
def test_the_admin_sees_the_appraisal_changes_per_appraising_agency(
    admin_client, team, department_level, justice, office, django_assert_num_queries, with_office
):
    ranked = [(justice, "80", "Tốt"), (office, "70", "Tốt")][: 1 + with_office]
    publication = publish_snapshot(2026, department_level, ranked)
    publication.period = team
    publication.save()
    result = publication.results.get(unit=justice)
    # Sở Nội vụ (CDDH) took a point of 1.1 in round 1; Văn phòng (TTHC) changed nothing.
    result.nodes = [
        {**node, "round1": "4", "final": "4"} if node["code"] == "1.1" else node
        for node in result.nodes
    ]
    result.save()

    with django_assert_num_queries(16):
        response = admin_client.get(analysis_url(publication))

    assert response.status_code == 200
    agencies = table(response.content.decode(), f"agencies-{department_level.code}")
    expected = [
        ["Sở Nội vụ", "8,00", "7,00 (−1,00)", "7,00 (0,00)", "1"],
        ["Văn phòng UBND tỉnh", "5,00", "5,00 (0,00)", "5,00 (0,00)", "0"],
    ]
    if with_office:  # Văn phòng does not appraise itself: Sở Nội vụ its CDDH only
        expected[0][1:4] = ["15,00", "14,00 (−1,00)", "14,00 (0,00)"]
    assert agencies[1:] == expected


def test_a_historical_year_has_no_changes_per_agency(admin_client, this_year):
    page = admin_client.get(analysis_url(this_year)).content.decode()
    assert "agencies-" not in page


def remedy(client, publication, unit, codes=()):
    return client.post(remedies_url(publication, unit, "annual:remedies_plan"), {"code": codes})


def test_a_unit_puts_its_weakest_sub_criteria_in_next_years_plan_in_one_step(
    client, this_year, communes
):
    member = make_user("xa-a.canbo", Role.UNIT_OFFICER, communes["a"])
    client.force_login(member)

    response = remedy(client, this_year, communes["a"], ["1.2"])

    plan = Plan.objects.get(unit=communes["a"], year=this_year.year + 1)
    assert response.status_code == 302 and response["Location"] == plan_url(plan)
    assert plan.state == Plan.State.DRAFT
    [task] = plan.tasks.all()
    assert task.code == "KP-1.2" and task.lead_unit == communes["a"]
    assert task.content.startswith("Khắc phục tiêu chí 1.2")
    # Asked again with every weakness: 1.2 is not added twice.
    remedy(client, this_year, communes["a"])
    codes = sorted(plan.tasks.values_list("code", flat=True))
    assert codes.count("KP-1.2") == 1 and "KP-2.2" in codes


def test_an_issued_plan_takes_no_remedy_and_says_why(client, this_year, communes, admin_user):
    remedy(client_for(client, admin_user), this_year, communes["a"], ["1.2"])
    plan = Plan.objects.get(unit=communes["a"], year=this_year.year + 1)
    Plan.objects.filter(pk=plan.pk).update(state=Plan.State.ISSUED)
    before = plan.tasks.count()

    response = remedy(client, this_year, communes["a"], ["2.2"])

    assert response.status_code == 302
    assert (
        "bổ sung nhiệm vụ bằng một điều chỉnh" in client.get(response["Location"]).content.decode()
    )
    assert plan.tasks.count() == before


def test_another_units_remedies_cannot_be_planned(client, this_year, communes):
    client.force_login(make_user("xa-a.canbo", Role.UNIT_OFFICER, communes["a"]))

    assert remedy(client, this_year, communes["new"]).status_code == 404
    assert not Plan.objects.filter(unit=communes["new"]).exists()


def client_for(client, user):
    client.force_login(user)
    return client


def plan_url(plan) -> str:
    return reverse("plans:plan", kwargs={"pk": plan.pk})
