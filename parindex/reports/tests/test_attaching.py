"""Documents of the unit's evidence library attached to a section of its report: the unit
attaches its own, the province reads them, nobody else reaches them."""

import pytest
from django.urls import reverse

from parindex.assessments import evidence as library
from parindex.assessments import files
from parindex.core.models import AuditEntry
from parindex.reports import attaching, workflow
from parindex.reports.models import ReportAttachment
from parindex.reports.tests.test_filling import fill_required
from parindex.testing.factories import upload


def document(unit, by, title="Kế hoạch CCHC năm 2025", name="kh-cchc.pdf"):
    checked = files.check_upload(upload(name))
    found, _stored = library.create_document(
        unit, file=checked, reference={"title": title, "reference_number": "12/KH-STP"}, by=by
    )
    return found


def attach_url(report, code="A"):
    return reverse("reports:attach", args=[report.pk, code])


@pytest.fixture
def plan_document(media, justice, officer):
    return document(justice, officer)


def test_the_unit_attaches_its_document_and_the_province_downloads_it(
    client, officer, admin_user, report, plan_document
):
    client.force_login(officer)
    page = client.get(report.get_absolute_url()).content.decode()
    assert f'<option value="{plan_document.pk}">Kế hoạch CCHC năm 2025' in page
    response = client.post(attach_url(report), {"evidence": plan_document.pk})
    assert response.url == f"{report.get_absolute_url()}#section-A"
    row = ReportAttachment.objects.get()
    assert (row.section, row.evidence, row.attached_by) == ("A", plan_document, officer)
    entry = AuditEntry.objects.get(action="report.attach")
    assert entry.new == {"section": "A", "evidence": "Kế hoạch CCHC năm 2025"}
    client.force_login(admin_user)
    page = client.get(report.get_absolute_url()).content.decode()
    stored = plan_document.files.get()
    assert reverse("assessments:evidence_file", args=[stored.pk]) in page
    assert "Bỏ đính kèm" not in page and 'name="evidence"' not in page  # the province reads
    assert client.get(reverse("assessments:evidence_file", args=[stored.pk])).status_code == 200


def test_the_htmx_answer_is_the_sections_documents(officer_client, report, plan_document):
    response = officer_client.post(
        attach_url(report), {"evidence": plan_document.pk}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="attachments-A"')
    assert "Kế hoạch CCHC năm 2025</a>\n       (12/KH-STP)" in html
    again = officer_client.post(
        attach_url(report), {"evidence": plan_document.pk}, headers={"HX-Request": "true"}
    )
    assert again.status_code == 400
    assert "Tài liệu này đã được đính kèm phần này." in again.content.decode()
    detach = reverse("reports:detach", args=[report.pk, "A", plan_document.pk])
    officer_client.post(detach, headers={"HX-Request": "true"})
    assert not ReportAttachment.objects.exists()
    assert AuditEntry.objects.filter(action="report.detach").count() == 1


def test_another_units_document_is_never_attached(
    officer_client, other_unit_officer, report, ward, media
):
    theirs = document(ward, other_unit_officer, title="Tài liệu của phường")
    response = officer_client.post(attach_url(report), {"evidence": theirs.pk})
    assert response.status_code == 404  # the library's own rule: not the officer's to read
    assert not ReportAttachment.objects.exists()
    with pytest.raises(workflow.WorkflowError, match="thư viện của đơn vị mình"):
        attaching.attach(report, "A", theirs, by=other_unit_officer)


def test_nothing_is_attached_to_a_submitted_report_or_an_unknown_section(
    officer, unit_head, report, plan_document
):
    with pytest.raises(workflow.WorkflowError, match="không có phần này"):
        attaching.attach(report, "Z", plan_document, by=officer)
    fill_required(report, officer)
    workflow.submit_report(report, by=unit_head)
    with pytest.raises(workflow.WorkflowError, match="Báo cáo đã nộp"):
        attaching.attach(report, "A", plan_document, by=officer)


@pytest.mark.parametrize("name", ["attach", "detach"])
def test_only_the_units_members_attach(
    client, other_unit_officer, admin_user, appraiser, officer, report, plan_document, name
):
    attaching.attach(report, "A", plan_document, by=officer)
    args = [report.pk, "A"] + ([plan_document.pk] if name == "detach" else [])
    url = reverse(f"reports:{name}", args=args)
    for user in (other_unit_officer, appraiser, admin_user):
        client.force_login(user)
        assert client.post(url, {"evidence": plan_document.pk}).status_code == 404, user
        assert client.get(url).status_code == 405
    assert ReportAttachment.objects.count() == 1


def test_outsiders_do_not_read_an_attached_file(
    client, other_unit_officer, appraiser, officer, report, plan_document
):
    attaching.attach(report, "A", plan_document, by=officer)
    url = reverse("assessments:evidence_file", args=[plan_document.files.get().pk])
    for user in (other_unit_officer, appraiser):
        client.force_login(user)
        assert client.get(url).status_code == 404, user


def test_the_report_page_costs_the_same_however_many_documents(
    officer_client, officer, justice, report, media, django_assert_num_queries
):
    for n in range(2):
        attaching.attach(report, "A", document(justice, officer, f"Tài liệu {n}"), by=officer)
    with django_assert_num_queries(11):
        officer_client.get(report.get_absolute_url())
    for n in range(2, 6):
        code = "AB"[n % 2]
        attaching.attach(report, code, document(justice, officer, f"Tài liệu {n}"), by=officer)
    with django_assert_num_queries(11):
        page = officer_client.get(report.get_absolute_url()).content.decode()
    assert page.count("bi-paperclip") == 6 + 2  # six documents, two buttons
