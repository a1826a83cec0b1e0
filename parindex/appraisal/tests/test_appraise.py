import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from parindex.accounts.models import Role
from parindex.appraisal import access, appraising, workflow
from parindex.appraisal.assignments import gaps
from parindex.appraisal.models import AppraisedEntry, Assignment, Round, TeamMember
from parindex.assessments import deadlines
from parindex.assessments import workflow as self_assessment
from parindex.assessments.models import (
    Entry,
    EntryEvidence,
    Evidence,
    EvidenceFile,
    UnitAssessment,
)
from parindex.assessments.saving import Conflict
from parindex.catalog.models import Field, Unit
from parindex.core.models import AuditEntry
from parindex.scoring import EntryError
from parindex.testing.factories import appraise_all, criterion, make_user

pytestmark = pytest.mark.django_db


def _save(assessment, code, by, version=0, round=Round.FIRST, **data):
    return appraising.appraise_item(
        assessment, criterion(assessment, code).pk, round, data, version=version, by=by
    )


def _url(name, assessment, code=None, **query):
    args = [assessment.pk] + ([criterion(assessment, code).pk] if code else [])
    return reverse(f"appraisal:{name}", args=args)


def test_an_appraiser_sees_only_the_fields_of_their_agency(
    submitted_assessment, team, appraiser, office_appraiser, lead
):
    assert access.get_assessment_for_team(appraiser, submitted_assessment.pk)[1] == {"CDDH"}
    assert access.get_assessment_for_team(office_appraiser, submitted_assessment.pk)[1] == {"TTHC"}
    sheet = appraising.load(submitted_assessment, {"TTHC"})
    # The survey leaf 2.2 is imported, never appraised.
    assert [item.code for item in sheet.items] == ["2.1"]
    # The lead sees every unit; appraises only what Sở Nội vụ is assigned.
    assert access.get_assessment_for_team(lead, submitted_assessment.pk)[1] == {"CDDH"}


def test_an_appraiser_never_appraises_their_own_unit(
    submitted_assessment, team, justice, appraisal_period
):
    own = make_user("stp.thamdinh", Role.APPRAISER, justice)
    TeamMember.objects.create(period=appraisal_period, user=own)
    Assignment.objects.create(
        period=appraisal_period, agency=justice, field=Field.objects.get(code="TTHC")
    )
    assert access.fields_of(own, submitted_assessment) == set()
    client = Client()
    client.force_login(own)
    assert client.get(_url("sheet", submitted_assessment)).status_code == 404


def test_the_engine_gives_the_appraised_points_and_a_different_score_needs_a_comment(
    submitted_assessment, team, appraiser
):
    with pytest.raises(workflow.AppraisalError, match="nhận xét"):
        _save(submitted_assessment, "1.2", appraiser, numerator=7, denominator=10)
    assert not AppraisedEntry.objects.exists()
    row = _save(
        submitted_assessment,
        "1.2",
        appraiser,
        numerator=7,
        denominator=10,
        comment="Thiếu 2 báo cáo",
    )
    assert row.appraised_points == 0 and row.version == 1
    # Accepting the unit's inputs needs no comment.
    row = _save(submitted_assessment, "1.1", appraiser, level="Ban hành đúng thời hạn")
    assert row.appraised_points == 1
    # An appraisal-only item has no self points to differ from.
    assert _save(submitted_assessment, "1.3", appraiser, points="0.75").appraised_points == Decimal(
        "0.75"
    )
    audit = AuditEntry.objects.filter(action="appraisal.entry").first()
    assert audit.new["round"] == 1 and audit.actor == appraiser
    with pytest.raises(EntryError):
        _save(submitted_assessment, "1.3", appraiser, version=1, points="0.3")


def test_a_stale_save_is_refused_with_the_current_value(
    submitted_assessment, team, appraiser, lead
):
    _save(submitted_assessment, "1.1", appraiser, level="Ban hành chậm", comment="Chậm 5 ngày")
    with pytest.raises(Conflict) as clash:
        _save(
            submitted_assessment, "1.1", lead, version=0, level="Không ban hành", comment="Không có"
        )
    assert clash.value.entry.level == "Ban hành chậm"
    assert AppraisedEntry.objects.get().updated_by == appraiser


def test_appraisal_waits_for_the_self_assessment_deadline_and_stops_at_its_own(
    submitted_assessment, team, appraiser, appraisal_period
):
    today = deadlines.today()
    UnitAssessment.objects.filter(pk=submitted_assessment.pk).update(
        reopened_until=today + timedelta(days=2)
    )
    submitted_assessment.refresh_from_db()
    with pytest.raises(workflow.AppraisalError, match="Chưa hết hạn tự đánh giá"):
        _save(submitted_assessment, "1.1", appraiser, level="Ban hành chậm", comment="x")
    UnitAssessment.objects.filter(pk=submitted_assessment.pk).update(reopened_until=None)
    submitted_assessment.refresh_from_db()
    after = deadlines.ends(appraisal_period.appraisal_closes)
    with pytest.raises(workflow.AppraisalError, match="hết hạn thẩm định lần 1"):
        appraising.appraise_item(
            submitted_assessment,
            criterion(submitted_assessment, "1.1").pk,
            Round.FIRST,
            {"level": "Ban hành chậm", "comment": "x"},
            version=0,
            by=appraiser,
            now=after,
        )


def test_appraisal_cannot_start_before_every_leaf_is_assigned(
    submitted_assessment, team, appraiser
):
    Assignment.objects.filter(field__code="TTHC").delete()
    with pytest.raises(workflow.AppraisalError, match="phân công"):
        _save(submitted_assessment, "1.1", appraiser, level="Ban hành đúng thời hạn")


def test_round_two_follows_the_explanation_and_both_rounds_are_kept(
    submitted_assessment, team, appraiser, unit_head, lead
):
    c12 = criterion(submitted_assessment, "1.2").pk
    _save(
        submitted_assessment,
        "1.2",
        appraiser,
        numerator=7,
        denominator=10,
        comment="Thiếu minh chứng",
    )
    appraising.request_explanation(
        submitted_assessment, c12, "Đề nghị bổ sung báo cáo", by=appraiser
    )
    with pytest.raises(workflow.AppraisalError, match="chưa gửi giải trình"):
        _save(
            submitted_assessment, "1.2", appraiser, round=Round.FINAL, numerator=9, denominator=10
        )
    request = submitted_assessment.explanation_requests.get()
    request.answer = "Đã bổ sung báo cáo quý IV"
    request.save()
    workflow.send_answers(submitted_assessment, by=unit_head)
    with pytest.raises(workflow.AppraisalError, match="Đơn vị đã gửi giải trình"):
        appraising.request_explanation(submitted_assessment, c12, "Thêm", by=appraiser)
    final = _save(
        submitted_assessment, "1.2", appraiser, round=Round.FINAL, numerator=9, denominator=10
    )
    assert final.appraised_points == 1  # equals the self points: no comment needed
    sheet = appraising.load(submitted_assessment, set(), every_field=True)
    item = sheet.item(c12)
    assert (item.self_points, item.first.appraised_points, item.final.appraised_points) == (
        1,
        0,
        1,
    )
    assert item.appraised_points == 1 and not item.pending


def test_finalize_needs_every_item_and_every_round_two_then_freezes_until_reopened(
    submitted_assessment, team, appraiser, office_appraiser, lead, unit_head
):
    _save(submitted_assessment, "1.1", appraiser, level="Ban hành đúng thời hạn")
    _save(submitted_assessment, "1.2", appraiser, numerator=9, denominator=10)
    with pytest.raises(workflow.AppraisalError, match="chưa thẩm định"):
        workflow.finalize(submitted_assessment, by=lead, without_survey=True)
    _save(submitted_assessment, "1.3", appraiser, points=1)
    _save(submitted_assessment, "2.1", office_appraiser, count=1)
    appraising.request_explanation(
        submitted_assessment,
        criterion(submitted_assessment, "2.1").pk,
        "Hồ sơ nào quá hạn?",
        by=office_appraiser,
    )
    with pytest.raises(workflow.AppraisalError, match="lần 2"):
        workflow.finalize(submitted_assessment, by=lead, without_survey=True)
    request = submitted_assessment.explanation_requests.get()
    request.answer = "Hồ sơ số 12"
    request.save()
    workflow.send_answers(submitted_assessment, by=unit_head)
    _save(
        submitted_assessment, "2.1", office_appraiser, round=Round.FINAL, count=0, comment="Đã rõ"
    )
    status = workflow.finalize(submitted_assessment, by=lead, without_survey=True)
    assert status.is_finalized and status.appraised_total == 5
    with pytest.raises(workflow.AppraisalError, match="hoàn tất"):
        _save(submitted_assessment, "1.1", appraiser, version=1, level="Ban hành chậm", comment="x")
    with pytest.raises(workflow.AppraisalError, match="lý do"):
        workflow.reopen_appraisal(submitted_assessment, by=lead, reason=" ")
    workflow.reopen_appraisal(submitted_assessment, by=lead, reason="Sai sót ở tiêu chí 1.1")
    _save(submitted_assessment, "1.1", appraiser, version=1, level="Ban hành chậm", comment="Chậm")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"appraisal.finalize", "appraisal.reopen", "appraisal.request"} <= actions


# --- Views ---------------------------------------------------------------------------------


def test_the_sheet_shows_the_unit_beside_the_team_and_saves_without_javascript(
    appraiser_client, submitted_assessment
):
    page = appraiser_client.get(_url("sheet", submitted_assessment)).content.decode()
    assert "Thẩm định: Sở Tư pháp" in page
    assert "Ban hành Kế hoạch CCHC năm" in page and "Hồ sơ giải quyết quá hạn" not in page
    c = criterion(submitted_assessment, "1.2").pk
    form = appraiser_client.get(_url("sheet", submitted_assessment) + f"?edit={c}").content.decode()
    assert f'name="a{c}-numerator" value="9"' in form  # pre-filled with the unit's inputs
    response = appraiser_client.post(
        _url("item_save", submitted_assessment, "1.2"),
        {f"a{c}-version": 0, f"a{c}-numerator": "7", f"a{c}-denominator": "10"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "vui lòng ghi nhận xét" in page
    assert 'value="7"' in page  # what was typed is kept
    response = appraiser_client.post(
        _url("item_save", submitted_assessment, "1.2"),
        {
            f"a{c}-version": 0,
            f"a{c}-numerator": "7",
            f"a{c}-denominator": "10",
            f"a{c}-comment": "Thiếu 2 báo cáo",
        },
    )
    assert response.status_code == 302
    assert AppraisedEntry.objects.get().comment == "Thiếu 2 báo cáo"


def test_htmx_save_returns_the_item_and_a_conflict_shows_the_current_value(
    appraiser_client, submitted_assessment, lead
):
    c = criterion(submitted_assessment, "1.1").pk
    _save(submitted_assessment, "1.1", lead, level="Ban hành chậm", comment="Chậm")
    response = appraiser_client.post(
        _url("item_save", submitted_assessment, "1.1"),
        {f"a{c}-version": 0, f"a{c}-level": "Không ban hành", f"a{c}-comment": "Không có"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert page.lstrip().startswith("<article") and "Trần Văn Lâm đã lưu" in page
    assert "Giá trị hiện tại" in page and "Ban hành chậm" in page
    assert AppraisedEntry.objects.get().level == "Ban hành chậm"


def test_requests_from_the_sheet(appraiser_client, submitted_assessment, appraiser):
    response = appraiser_client.post(
        _url("request_save", submitted_assessment, "1.1"), {"question": "Đề nghị gửi Quyết định"}
    )
    assert not submitted_assessment.explanation_requests.exists()  # round 1 comes first
    _save(submitted_assessment, "1.1", appraiser, level="Ban hành đúng thời hạn")
    response = appraiser_client.post(
        _url("request_save", submitted_assessment, "1.1"), {"question": "Đề nghị gửi Quyết định"}
    )
    assert response.status_code == 302
    assert submitted_assessment.explanation_requests.get().question == "Đề nghị gửi Quyết định"
    page = appraiser_client.get(_url("sheet", submitted_assessment)).content.decode()
    assert "Đề nghị gửi Quyết định" in page


def test_denials_through_the_urls(
    client, submitted_assessment, team, officer, unit_head, office_appraiser, other_unit_officer
):
    c11 = criterion(submitted_assessment, "1.1").pk
    data = {f"a{c11}-version": 0, f"a{c11}-level": "Không ban hành", f"a{c11}-comment": "x"}
    gets = [_url("sheet", submitted_assessment), _url("item_edit", submitted_assessment, "1.1")]
    posts = [
        _url("item_save", submitted_assessment, "1.1"),
        _url("request_save", submitted_assessment, "1.1"),
        _url("finalize", submitted_assessment),
    ]
    for user in (officer, unit_head, other_unit_officer):
        client.force_login(user)
        for url in gets:
            assert client.get(url).status_code == 404, url
        for url in posts:
            assert client.post(url, data | {"question": "?"}).status_code == 404, url
        assert client.get(reverse("appraisal:worklist")).status_code == 404
    # Văn phòng UBND tỉnh appraises TTHC: item 1.1 (CDDH) is not theirs.
    client.force_login(office_appraiser)
    assert client.post(posts[0], data).status_code == 404
    assert client.post(posts[1], {"question": "?"}).status_code == 404
    assert client.post(posts[2]).status_code == 404
    client.logout()
    assert client.get(gets[0]).status_code == 302  # to the login page
    assert (
        not AppraisedEntry.objects.exists()
        and not submitted_assessment.explanation_requests.exists()
    )


def test_the_lead_finalizes_from_the_progress_page(
    client, submitted_assessment, team, lead, appraiser
):
    client.force_login(lead)
    page = client.get(
        reverse("appraisal:progress", args=[submitted_assessment.period_id])
    ).content.decode()
    assert "Chưa đủ điều kiện: mới thẩm định 0/4 tiêu chí" in " ".join(page.split())
    response = client.post(_url("finalize", submitted_assessment), follow=True)
    assert "chưa thẩm định" in response.content.decode()


def test_finalizing_asks_for_a_confirmation_that_says_what_is_missing(
    client, submitted_assessment, team, lead, appraiser, office_appraiser
):
    appraise_all(submitted_assessment, appraiser, office_appraiser)
    appraising.request_explanation(
        submitted_assessment, criterion(submitted_assessment, "1.1").pk, "Văn bản?", by=appraiser
    )
    client.force_login(lead)
    progress = reverse("appraisal:progress", args=[submitted_assessment.period_id])
    page = " ".join(client.get(progress).text.split())
    assert "Chưa đủ điều kiện: 1 yêu cầu giải trình chờ thẩm định lần 2" in page
    assert "Hoàn tất thẩm định…" not in page

    submitted_assessment.explanation_requests.all().delete()
    page = " ".join(client.get(progress).text.split())

    assert "Hoàn tất thẩm định…</summary>" in page
    assert (
        "Chốt kết quả thẩm định của Sở Tư pháp: Tổ thẩm định không sửa điểm được nữa và không "
        "nhập thêm điểm điều tra cho đơn vị; kết quả chờ công bố. Trưởng tổ mở lại được, với lý do."
    ) in page
    assert (
        "Chưa có điểm điều tra xã hội học của tiêu chí 2.2: các tiêu chí này sẽ được 0 điểm."
    ) in page
    assert 'name="without_survey" value="1"' in page
    # Without ticking it, the server refuses as the page said.
    response = client.post(_url("finalize", submitted_assessment), follow=True)
    assert "Chưa có điểm điều tra xã hội học cho 1 tiêu chí (2.2)" in response.text
    assert not workflow.status_of(submitted_assessment).is_finalized
    client.post(_url("finalize", submitted_assessment), {"without_survey": "1"})
    assert workflow.status_of(submitted_assessment).is_finalized


def _many_units(period, criteria_set, level, n, officer):
    for i in range(n):
        unit = Unit.objects.create(code=f"so-{i}", name=f"Sở thử {i}", level=level)
        assessment = UnitAssessment.objects.create(
            period=period, unit=unit, criteria_set=criteria_set, state="submitted"
        )
        Entry.objects.create(
            assessment=assessment,
            criterion=criterion(assessment, "1.1"),
            level="Ban hành chậm",
            self_points="0.5",
            updated_by=officer,
        )


@pytest.mark.parametrize("item_count", [1, 3])
def test_worklist_queries_do_not_grow_with_units(
    appraiser_client,
    submitted_assessment,
    appraisal_period,
    appraisal_set,
    department_level,
    officer,
    item_count,
    django_assert_num_queries,
):
    """Sở Tư pháp and `item_count` - 1 more units to appraise."""
    _many_units(appraisal_period, appraisal_set, department_level, item_count - 1, officer)

    with django_assert_num_queries(12):
        response = appraiser_client.get(reverse("appraisal:worklist"))

    names = re.findall(r'<td><a href="[^"]+">([^<]+)</a>\s*<div', response.content.decode())
    assert names == [*(f"Sở thử {i}" for i in range(item_count - 1)), "Sở Tư pháp"]


@pytest.mark.parametrize("item_count", [1, 3])
def test_sheet_queries_do_not_grow_with_items_requests_or_documents(
    appraiser_client,
    submitted_assessment,
    officer,
    appraiser,
    item_count,
    django_assert_num_queries,
):
    """`item_count` items appraised; explanations asked on those the unit scored, each with
    `item_count` documents of two versions."""
    appraised = {
        "1.1": {"level": "Ban hành chậm", "comment": "Chậm"},
        "1.2": {"numerator": 8, "denominator": 10, "comment": "Thiếu"},
        "1.3": {"points": 1},
    }
    codes = list(appraised)[:item_count]
    for code in codes:
        _save(submitted_assessment, code, appraiser, **appraised[code])
    asked = [code for code in codes if code != "1.3"]  # 1.3 is the team's own item
    for code in asked:
        appraising.request_explanation(
            submitted_assessment, criterion(submitted_assessment, code).pk, "Vì sao?", by=appraiser
        )
        _link_documents(submitted_assessment, code, officer, item_count)
    sheet = _url("sheet", submitted_assessment)
    appraiser_client.get(sheet)  # the unit's appraisal row is created on the first visit

    with django_assert_num_queries(29):
        response = appraiser_client.get(sheet)

    html = response.content.decode()
    assert re.findall(r'<article class="appraisal-item[^"]*" id="item-([\d.]+)"', html) == [
        "1.1",
        "1.2",
        "1.3",
    ]
    assert sorted(set(re.findall(r"Văn bản (\d\.\d\.\d)", html))) == [
        f"{code}.{i}" for code in asked for i in range(item_count)
    ]


def _link_documents(assessment, code, officer, n):
    entry = Entry.objects.get(assessment=assessment, criterion=criterion(assessment, code))
    for i in range(n):
        evidence = Evidence.objects.create(
            unit=assessment.unit, title=f"Văn bản {code}.{i}", created_by=officer
        )
        for version in (1, 2):
            EvidenceFile.objects.create(
                evidence=evidence,
                version=version,
                file=f"evidence/x{version}.pdf",
                original_name="vb.pdf",
                content_type="application/pdf",
                size=10,
                sha256="0" * 64,
                uploaded_by=officer,
            )
        EntryEvidence.objects.create(entry=entry, evidence=evidence, linked_by=officer)
        request = assessment.explanation_requests.filter(criterion=entry.criterion).first()
        if request:
            request.evidence.add(evidence)


def test_an_agency_does_not_cover_its_own_unit(team, appraisal_period, appraisal_set, home_affairs):
    assert gaps(appraisal_period) == []
    UnitAssessment.objects.create(
        period=appraisal_period, unit=home_affairs, criteria_set=appraisal_set
    )
    uncovered = {
        (gap.code, tuple(unit.name for unit in gap.units)) for gap in gaps(appraisal_period)
    }
    assert uncovered == {(code, ("Sở Nội vụ",)) for code in ("1.1", "1.2", "1.3")}


def _document(assessment, code, officer, title):
    """A document of the unit with one stored PDF, attached to item `code` (or kept in the
    library when None); returns its file."""
    document = Evidence.objects.create(unit=assessment.unit, title=title, created_by=officer)
    stored = EvidenceFile.objects.create(
        evidence=document,
        version=1,
        file=ContentFile(b"%PDF-1.4 tai lieu", name="vb.pdf"),
        original_name=f"{title}.pdf",
        content_type="application/pdf",
        size=17,
        sha256="0" * 64,
        uploaded_by=officer,
    )
    if code:
        entry = Entry.objects.get(assessment=assessment, criterion=criterion(assessment, code))
        EntryEvidence.objects.create(entry=entry, evidence=document, linked_by=officer)
    return stored


def test_the_evidence_the_sheet_frames_is_framed_by_the_site_only_and_never_stored(
    client, submitted_assessment, team, appraiser, officer, media
):
    stored = _document(submitted_assessment, "1.1", officer, "Kế hoạch CCHC")
    client.force_login(appraiser)
    url = reverse("appraisal:evidence_file", args=[stored.pk])
    shown = client.get(url + "?inline=1")
    assert (shown["X-Frame-Options"], shown["Cache-Control"]) == ("SAMEORIGIN", "no-store")
    # The unit's own download, framed nowhere.
    client.force_login(officer)
    own = client.get(reverse("assessments:evidence_file", args=[stored.pk]) + "?inline=1")
    assert (own["X-Frame-Options"], own["Cache-Control"]) == ("DENY", "no-store")


def test_an_appraiser_reads_only_the_files_of_the_items_they_appraise(
    client,
    submitted_assessment,
    team,
    appraiser,
    office_appraiser,
    lead,
    officer,
    appraisal_period,
    media,
):
    mine = _document(submitted_assessment, "1.1", officer, "Kế hoạch CCHC")
    theirs = _document(submitted_assessment, "2.1", officer, "Sổ theo dõi hồ sơ")
    library = _document(submitted_assessment, None, officer, "Bản nháp báo cáo")
    url = lambda stored: reverse("appraisal:evidence_file", args=[stored.pk])  # noqa: E731
    client.force_login(appraiser)
    response = client.get(url(mine))
    assert (response.status_code, b"".join(response.streaming_content)) == (
        200,
        b"%PDF-1.4 tai lieu",
    )
    assert client.get(url(theirs)).status_code == 404  # TTHC: Văn phòng UBND tỉnh's field
    assert client.get(url(library)).status_code == 404  # attached to nothing
    # The unit's own routes stay the unit's: the library page and its downloads.
    for name, pk in (("evidence_detail", mine.evidence_id), ("evidence_file", mine.pk)):
        assert client.get(reverse(f"assessments:{name}", args=[pk])).status_code == 404
    for user in (office_appraiser, lead):
        client.force_login(user)
        response = client.get(url(theirs))
        assert (response.status_code, b"".join(response.streaming_content)) == (
            200,
            b"%PDF-1.4 tai lieu",
        )
    assert client.get(url(library)).status_code == 404  # the lead's neither
    # While the unit may still change its self-assessment, the team sees nothing of it.
    UnitAssessment.objects.filter(pk=submitted_assessment.pk).update(
        reopened_until=appraisal_period.appraisal_closes
    )
    until = appraisal_period.appraisal_closes.strftime("%d/%m/%Y")
    for user in (appraiser, lead):
        client.force_login(user)
        assert client.get(url(mine)).status_code == 404
        # The sheet says when it opens, rather than a bare 404.
        sheet = client.get(_url("sheet", submitted_assessment))
        assert sheet.status_code == 200
        assert f"Đơn vị còn hạn tự đánh giá đến hết ngày {until}" in sheet.text
        assert "Lưu kết quả thẩm định" not in sheet.text


def test_an_explanation_comes_after_round_one(submitted_assessment, team, appraiser):
    c13 = criterion(submitted_assessment, "1.3").pk
    with pytest.raises(workflow.AppraisalError, match="lần 1"):
        appraising.request_explanation(submitted_assessment, c13, "Vì sao?", by=appraiser)


def test_a_unit_being_appraised_is_not_reopened_for_self_assessment(
    submitted_assessment, team, appraiser, admin_user, appraisal_period
):
    assert submitted_assessment.appraisal_started_at is None
    row = _save(submitted_assessment, "1.1", appraiser, level="Ban hành đúng thời hạn")
    _save(submitted_assessment, "1.2", appraiser, numerator=9, denominator=10)
    # The veto is the unit's own data: the first save of the team marks the start.
    submitted_assessment.refresh_from_db()
    assert submitted_assessment.appraisal_started_at == row.updated_at
    with pytest.raises(self_assessment.WorkflowError, match="đã bắt đầu thẩm định"):
        self_assessment.reopen_self_assessment(
            submitted_assessment,
            by=admin_user,
            reason="Sửa số liệu",
            until=appraisal_period.appraisal_closes,
        )
