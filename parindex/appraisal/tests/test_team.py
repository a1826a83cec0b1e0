"""The appraisal team page: members, assignments, coverage, the audit trail, access, queries."""

import copy
import re

import pytest
from django.urls import reverse

from parindex.accounts.models import Role, User
from parindex.appraisal import team as team_domain
from parindex.appraisal.models import Assignment, TeamMember
from parindex.assessments.models import UnitAssessment
from parindex.catalog import editing
from parindex.catalog.interchange import save_criteria_set
from parindex.catalog.models import Field, Unit
from parindex.core.models import AuditEntry
from parindex.core.templatetags.parindex import audit_action
from parindex.scoring import parse_criteria
from parindex.testing.factories import (
    AREAS,
    appraisal_document,
    make_appraisal_period,
    make_user,
)

pytestmark = pytest.mark.django_db

SET_NAME = "Bộ tiêu chí thẩm định thử nghiệm department 2026 (v1)"
TTHC = "TTHC – Cải cách thủ tục hành chính"
CDDH = "CDDH – Công tác chỉ đạo, điều hành"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def rows(html: str, pattern: str) -> list[str]:
    """The text of each table row whose opening tag matches `pattern`, without its buttons and
    forms."""
    found = re.findall(rf"<tr {pattern}>(.*?)</tr>", html, flags=re.S)
    buttons = r'<form\b.*?</form>|<(a|summary) class="btn[^"]*"[^>]*>.*?</\1>'
    return [_text(re.sub(buttons, "", row, flags=re.S)) for row in found]


def team_url(period) -> str:
    return reverse("appraisal:team", kwargs={"pk": period.pk})


def add_url(period) -> str:
    return reverse("appraisal:team_member_add", kwargs={"pk": period.pk})


def remove_url(member: TeamMember) -> str:
    return reverse(
        "appraisal:team_member_remove", kwargs={"pk": member.period_id, "member_pk": member.pk}
    )


def save_url(period) -> str:
    return reverse("appraisal:team_assignment_save", kwargs={"pk": period.pk})


def delete_url(assignment: Assignment) -> str:
    return reverse(
        "appraisal:team_assignment_delete",
        kwargs={"pk": assignment.period_id, "assignment_pk": assignment.pk},
    )


def entries(action: str) -> list[tuple]:
    return list(
        AuditEntry.objects.filter(action=action)
        .order_by("id")
        .values_list("target_id", "actor__username", "old", "new", "reason")
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def justice_appraiser(justice):
    return make_user("stp.thamdinh", Role.APPRAISER, justice, full_name="Hà Thị Lan")


# --- The page ------------------------------------------------------------------------------


def test_the_lead_sees_the_members_by_agency_and_who_appraises_what(
    lead_client, team, submitted_assessment
):
    response = lead_client.get(team_url(team))
    agencies = [
        (row.agency.name, sorted(m.user.full_name for m in row.members), row.fields)
        for row in response.context["agencies"]
    ]
    assert agencies == [
        ("Sở Nội vụ", ["Trần Văn Lâm", "Đỗ Minh Tâm"], [Field.objects.get(code="CDDH")]),
        ("Văn phòng UBND tỉnh", ["Vì Thị Mai"], [Field.objects.get(code="TTHC")]),
    ]
    html = response.content.decode()
    assert sorted(rows(html, r'id="member-\d+"')) == [
        "Trần Văn Lâm Tổ trưởng Tổ thẩm định –",
        "Vì Thị Mai Thành viên Tổ thẩm định –",
        "Đỗ Minh Tâm Thành viên Tổ thẩm định –",
    ]
    assert rows(html, r'id="assignment-\d+"') == [
        f"{CDDH} Sở Nội vụ mọi đơn vị",
        f"{TTHC} Văn phòng UBND tỉnh mọi đơn vị",
    ]
    assert "Mọi tiêu chí đã được phân công" in html
    assert "Chưa thể bắt đầu thẩm định" not in html


def test_the_admin_manages_the_team_too(admin_client, team, justice_appraiser):
    html = admin_client.get(team_url(team)).content.decode()
    assert sorted(rows(html, r'id="member-\d+"')) == [
        "Trần Văn Lâm Tổ trưởng Tổ thẩm định –",
        "Vì Thị Mai Thành viên Tổ thẩm định –",
        "Đỗ Minh Tâm Thành viên Tổ thẩm định –",
    ]
    assert rows(html, r'id="assignment-\d+"') == [
        f"{CDDH} Sở Nội vụ mọi đơn vị",
        f"{TTHC} Văn phòng UBND tỉnh mọi đơn vị",
    ]
    response = admin_client.post(add_url(team), {"user": justice_appraiser.pk}, follow=True)
    assert messages_of(response) == ["Đã thêm Hà Thị Lan (Sở Tư pháp) vào Tổ thẩm định."]
    assert TeamMember.objects.filter(period=team, user=justice_appraiser).count() == 1
    assert [(actor, new["user"]) for _target, actor, _old, new, _reason in entries("team.add")] == [
        ("quantri", "Hà Thị Lan (stp.thamdinh)")
    ]


def test_an_assignment_opens_in_the_form_to_be_changed(lead_client, team, office):
    assignment = Assignment.objects.get(field__code="TTHC")
    # From the page as a refused form shows it again, at the address it was posted to.
    refused = lead_client.post(delete_url(assignment), {"reason": ""}).content.decode()
    link = re.search(rf'href="([^"]*\?edit={assignment.pk}#assignment-form)"', refused)[1]
    assert link == f"{team_url(team)}?edit={assignment.pk}#assignment-form"
    response = lead_client.get(link)
    form = response.context["assignment_form"]
    assert form.initial == {"agency": office.pk, "field": assignment.field_id, "units": []}
    assert "Sửa phân công: Văn phòng UBND tỉnh – TTHC" in response.content.decode()


# --- Members -------------------------------------------------------------------------------


def test_only_active_appraisal_accounts_not_yet_on_the_team_are_offered(
    lead_client, team, justice, justice_appraiser, officer, admin_user
):
    make_user("stp.nghihuu", Role.APPRAISER, justice, full_name="Mè Văn Cũ", is_active=False)
    response = lead_client.get(team_url(team))
    choices = response.context["member_form"].fields["user"].widget.choices
    assert choices == [
        ("", "— Chọn tài khoản —"),
        ("Sở Tư pháp", [(justice_appraiser.pk, "Hà Thị Lan – Thành viên Tổ thẩm định")]),
    ]


def test_the_lead_adds_a_member(lead_client, lead, team, justice_appraiser):
    response = lead_client.post(add_url(team), {"user": justice_appraiser.pk}, follow=True)
    assert response.redirect_chain == [(team_url(team), 302)]
    assert messages_of(response) == [
        "Đã thêm Hà Thị Lan (Sở Tư pháp) vào Tổ thẩm định.",
    ]
    assert TeamMember.objects.filter(period=team, user=justice_appraiser).count() == 1
    assert entries("team.add") == [
        (
            str(team.pk),
            "snv.totruong",
            None,
            {
                "user": "Hà Thị Lan (stp.thamdinh)",
                "agency": "Sở Tư pháp",
                "role": "Thành viên Tổ thẩm định",
            },
            "",
        )
    ]
    assert [audit_action(e.action) for e in response.context["history"]] == ["Thêm thành viên"]


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("snv.thamdinh", "Đỗ Minh Tâm (snv.thamdinh) đã là thành viên Tổ thẩm định của kỳ đánh "
         "giá này."),
        ("stp.canbo", "Lò Thị Hoa (stp.canbo) không phải tài khoản thẩm định của một cơ quan: "
         "không thể vào Tổ thẩm định."),
        ("stp.nghihuu", "Tài khoản Mè Văn Cũ (stp.nghihuu) đang bị khóa: không thể vào Tổ thẩm "
         "định."),
    ],
)  # fmt: skip
def test_a_member_twice_or_an_account_that_cannot_appraise_is_refused(
    lead_client, team, justice, officer, who, message
):
    make_user("stp.nghihuu", Role.APPRAISER, justice, full_name="Mè Văn Cũ", is_active=False)
    user = User.objects.get(username=who)
    response = lead_client.post(add_url(team), {"user": user.pk})
    assert response.status_code == 200
    assert response.context["member_form"].errors == {"user": [message]}
    assert TeamMember.objects.filter(period=team).count() == 3
    assert entries("team.add") == []


def test_adding_nobody_asks_to_choose(lead_client, team):
    response = lead_client.post(add_url(team), {"user": ""})
    assert response.context["member_form"].errors == {"user": ["Chọn tài khoản cần thêm."]}


def test_the_lead_removes_a_member_with_a_reason(lead_client, team, appraiser):
    member = TeamMember.objects.get(period=team, user=appraiser)
    response = lead_client.post(remove_url(member), {"reason": "Chuyển công tác"}, follow=True)
    assert messages_of(response) == ["Đã xóa Đỗ Minh Tâm khỏi Tổ thẩm định."]
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    assert entries("team.remove") == [
        (
            str(team.pk),
            "snv.totruong",
            {
                "user": "Đỗ Minh Tâm (snv.thamdinh)",
                "agency": "Sở Nội vụ",
                "role": "Thành viên Tổ thẩm định",
            },
            None,
            "Chuyển công tác",
        )
    ]


def test_removing_without_a_reason_is_refused(lead_client, team, appraiser):
    member = TeamMember.objects.get(period=team, user=appraiser)
    response = lead_client.post(remove_url(member), {"reason": "  "})
    assert response.context["removal_pk"] == member.pk
    assert response.context["removal_form"].errors == {"reason": ["Vui lòng ghi lý do."]}
    assert TeamMember.objects.filter(pk=member.pk).exists()
    assert entries("team.remove") == []


def test_the_last_member_of_an_assigned_agency_stays_and_the_reason_typed_too(
    lead_client, team, office_appraiser
):
    member = TeamMember.objects.get(period=team, user=office_appraiser)
    response = lead_client.post(remove_url(member), {"reason": "Nghỉ phép dài ngày"})
    assert response.context["removal_form"].non_field_errors() == [
        "Vì Thị Mai (vp.thamdinh) là thành viên duy nhất của Văn phòng UBND tỉnh, cơ quan đang "
        "được phân công thẩm định lĩnh vực TTHC. Hãy thêm thành viên khác của cơ quan hoặc xóa "
        "các phân công này trước."
    ]
    html = response.content.decode()
    assert re.search(rf'<tr id="member-{member.pk}">.*?<details open>', html, flags=re.S)
    assert ">Nghỉ phép dài ngày</textarea>" in html
    assert TeamMember.objects.filter(pk=member.pk).exists()
    assert entries("team.remove") == []


def test_a_member_of_another_period_cannot_be_removed_here(lead_client, team, appraisal_set):
    other = make_appraisal_period([appraisal_set], year=2027)
    member = TeamMember.objects.filter(period=team).first()
    url = reverse("appraisal:team_member_remove", kwargs={"pk": other.pk, "member_pk": member.pk})
    assert lead_client.post(url, {"reason": "Thử"}).status_code == 404
    assert TeamMember.objects.filter(pk=member.pk).exists()


# --- Assignments ---------------------------------------------------------------------------


def test_the_lead_assigns_a_field_then_restricts_its_units_then_withdraws_it(
    lead_client, team, office, submitted_assessment
):
    cddh = Field.objects.get(code="CDDH")
    data = {"agency": office.pk, "field": cddh.pk}
    response = lead_client.post(save_url(team), data, follow=True)
    assert messages_of(response) == [
        "Đã lưu phân công: Văn phòng UBND tỉnh thẩm định lĩnh vực Công tác chỉ đạo, điều hành."
    ]
    assignment = Assignment.objects.get(period=team, agency=office, field=cddh)
    assert list(assignment.units.all()) == []

    lead_client.post(save_url(team), {**data, "units": [submitted_assessment.unit_id]})
    assert list(assignment.units.values_list("name", flat=True)) == ["Sở Tư pháp"]
    lead_client.post(save_url(team), {**data, "units": [submitted_assessment.unit_id]})  # no change
    new = {"agency": "Văn phòng UBND tỉnh", "field": CDDH, "units": ["Sở Tư pháp"]}
    every = {"agency": "Văn phòng UBND tỉnh", "field": CDDH, "every_unit": True}
    assert entries("assignment.save") == [
        (str(team.pk), "snv.totruong", None, every, ""),
        (str(team.pk), "snv.totruong", every, new, ""),
    ]
    html = lead_client.get(team_url(team)).content.decode()
    assert f"{CDDH} Văn phòng UBND tỉnh Sở Tư pháp" in rows(html, r'id="assignment-\d+"')

    response = lead_client.post(delete_url(assignment), {"reason": "Phân công nhầm"}, follow=True)
    assert messages_of(response) == [
        "Đã xóa phân công: Văn phòng UBND tỉnh thẩm định lĩnh vực Công tác chỉ đạo, điều hành."
    ]
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert entries("assignment.delete") == [
        (str(team.pk), "snv.totruong", new, None, "Phân công nhầm")
    ]
    assert [audit_action(e.action) for e in response.context["history"]] == [
        "Xóa phân công",
        "Phân công thẩm định",
        "Phân công thẩm định",
    ]


def test_withdrawing_an_assignment_needs_a_reason(lead_client, team):
    assignment = Assignment.objects.get(field__code="TTHC")
    response = lead_client.post(delete_url(assignment), {"reason": ""})
    assert response.context["deletion_pk"] == assignment.pk
    assert response.context["deletion_form"].errors == {"reason": ["Vui lòng ghi lý do."]}
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    assert entries("assignment.delete") == []


def test_an_assignment_needs_an_agency_and_a_field(lead_client, team):
    response = lead_client.post(save_url(team), {})
    assert response.context["assignment_form"].errors == {
        "agency": ["Chọn cơ quan thẩm định."],
        "field": ["Chọn lĩnh vực."],
    }


@pytest.mark.parametrize(
    ("agency", "units", "message"),
    [
        (
            "justice",
            [],
            "Sở Tư pháp chưa có thành viên nào trong Tổ thẩm định: hãy thêm thành viên của cơ "
            "quan trước khi phân công.",
        ),
        ("office", ["ward"], "Không thuộc kỳ đánh giá này: Phường Điện Biên Phủ."),
        (
            "office",
            ["office", "justice"],
            "Không thuộc kỳ đánh giá này: Văn phòng UBND tỉnh.",
        ),
    ],
)
def test_a_refused_assignment_shows_why_and_keeps_what_was_typed(
    request, lead_client, team, submitted_assessment, agency, units, message
):
    agency = request.getfixturevalue(agency)
    units = [request.getfixturevalue(name) for name in units]
    cddh = Field.objects.get(code="CDDH")
    data = {"agency": agency.pk, "field": cddh.pk, "units": [u.pk for u in units]}
    response = lead_client.post(save_url(team), data)
    form = response.context["assignment_form"]
    assert form.non_field_errors() == [message]
    html = response.content.decode()
    # An agency without members is not offered (it came from a page loaded before a removal).
    selected = f'<option value="{agency.pk}" selected>{agency.name}</option>'
    assert (selected in html) == (agency.name == "Văn phòng UBND tỉnh")
    assert f'<option value="{cddh.pk}" selected>{cddh}</option>' in html
    assert Assignment.objects.filter(period=team).count() == 2
    assert entries("assignment.save") == []


def test_an_agency_does_not_appraise_itself(
    lead_client, team, submitted_assessment, justice_appraiser
):
    team_domain.add_member(team, justice_appraiser, by=None)
    data = {
        "agency": submitted_assessment.unit_id,
        "field": Field.objects.get(code="CDDH").pk,
        "units": [submitted_assessment.unit_id],
    }
    response = lead_client.post(save_url(team), data)
    assert response.context["assignment_form"].non_field_errors() == [
        "Sở Tư pháp không tự thẩm định mình: bỏ đơn vị này khỏi danh sách."
    ]


def test_the_units_offered_are_the_periods_by_level(lead_client, team, submitted_assessment, ward):
    response = lead_client.get(team_url(team))
    form = response.context["assignment_form"]
    assert form.fields["units"].widget.choices == [
        ("Sở, ban, ngành", [(submitted_assessment.unit_id, "Sở Tư pháp")])
    ]
    assert [name for _pk, name in form.fields["agency"].widget.choices] == [
        "— Chọn cơ quan —",
        "Sở Nội vụ",
        "Văn phòng UBND tỉnh",
    ]


# --- Coverage ------------------------------------------------------------------------------


def test_a_gap_shows_until_the_field_is_assigned_again(
    lead_client, team, office, submitted_assessment
):
    tthc = Assignment.objects.get(field__code="TTHC")
    response = lead_client.post(delete_url(tthc), {"reason": "Đổi cơ quan"}, follow=True)
    html = response.content.decode()
    assert "Chưa thể bắt đầu thẩm định: các tiêu chí sau chưa được phân công" in html
    # 2.2 is a survey item: its points are imported, nobody appraises it.
    assert rows(html, 'class="gap"') == [
        f"{SET_NAME} 2.1 Hồ sơ giải quyết quá hạn {TTHC} Sở Tư pháp"
    ]
    assert "Mọi tiêu chí đã được phân công" not in html

    data = {"agency": office.pk, "field": Field.objects.get(code="TTHC").pk}
    html = lead_client.post(save_url(team), data, follow=True).content.decode()
    assert rows(html, 'class="gap"') == []
    assert "Mọi tiêu chí đã được phân công" in html


def test_many_uncovered_units_are_counted(lead_client, team, appraisal_set, submitted_assessment):
    for i in range(1, 5):
        unit = Unit.objects.create(
            code=f"xa-{i}", name=f"Xã A{i}", level=submitted_assessment.unit.level
        )
        UnitAssessment.objects.create(period=team, unit=unit, criteria_set=appraisal_set)
    Assignment.objects.filter(field__code="TTHC").delete()
    html = lead_client.get(team_url(team)).content.decode()
    assert rows(html, 'class="gap"') == [
        f"{SET_NAME} 2.1 Hồ sơ giải quyết quá hạn {TTHC} 5 đơn vị "
        "Sở Tư pháp, Xã A1, Xã A2, Xã A3, Xã A4"
    ]
    assert "<summary>5 đơn vị</summary>" in html


def test_an_item_without_a_field_is_a_gap_whatever_is_assigned(
    lead_client, team, commune_level, ward, admin_user
):
    areas = copy.deepcopy(AREAS)
    del areas[1]["field"]
    document = appraisal_document(commune_level.code) | {"nodes": areas}
    criteria_set = save_criteria_set(parse_criteria(document), by=admin_user)
    assert editing.put_in_use(criteria_set, by=admin_user) == []
    team.criteria_sets.add(criteria_set)
    UnitAssessment.objects.create(period=team, unit=ward, criteria_set=criteria_set)
    html = lead_client.get(team_url(team)).content.decode()
    assert rows(html, 'class="gap"') == [
        f"{criteria_set} 2.1 Hồ sơ giải quyết quá hạn chưa gắn lĩnh vực Phường Điện Biên Phủ"
    ]


# --- Vietnamese alphabetical order ---------------------------------------------------------


@pytest.fixture
def broadcaster(department_level, team, lead) -> Unit:
    """An agency on the team whose name comes after "Văn phòng" in code-point order."""
    agency = Unit.objects.create(
        code="dai-ptth", name="Đài Phát thanh và Truyền hình tỉnh", level=department_level
    )
    member = make_user("dai.thamdinh", Role.APPRAISER, agency, full_name="Lò Văn Dũng")
    team_domain.add_member(team, member, by=lead)
    return agency


def test_agencies_and_people_are_in_vietnamese_alphabetical_order(
    lead_client, team, broadcaster, justice, justice_appraiser
):
    make_user("stp.thamdinh2", Role.APPRAISER, justice, full_name="Đinh Thị Ánh")
    make_user("dai.thamdinh2", Role.APPRAISER, broadcaster, full_name="Bạc Cầm Ly")
    response = lead_client.get(team_url(team))
    members = [
        (row.agency.name, [member.user.full_name for member in row.members])
        for row in response.context["agencies"]
    ]
    assert members == [
        ("Đài Phát thanh và Truyền hình tỉnh", ["Lò Văn Dũng"]),
        ("Sở Nội vụ", ["Đỗ Minh Tâm", "Trần Văn Lâm"]),
        ("Văn phòng UBND tỉnh", ["Vì Thị Mai"]),
    ]
    offered = response.context["member_form"].fields["user"].widget.choices[1:]
    assert [(agency, [label for _pk, label in accounts]) for agency, accounts in offered] == [
        ("Đài Phát thanh và Truyền hình tỉnh", ["Bạc Cầm Ly – Thành viên Tổ thẩm định"]),
        (
            "Sở Tư pháp",
            ["Đinh Thị Ánh – Thành viên Tổ thẩm định", "Hà Thị Lan – Thành viên Tổ thẩm định"],
        ),
    ]
    agencies = response.context["assignment_form"].fields["agency"].widget.choices[1:]
    assert [name for _pk, name in agencies] == [
        "Đài Phát thanh và Truyền hình tỉnh",
        "Sở Nội vụ",
        "Văn phòng UBND tỉnh",
    ]


def test_units_assignments_and_gaps_are_in_vietnamese_alphabetical_order(
    lead_client, lead, team, broadcaster, appraisal_set, submitted_assessment
):
    units = {}
    for code, name in (
        ("xa-ban-phu", "Xã Bản Phủ"),
        ("xa-ang-nua", "Xã Ảng Nưa"),
        ("phuong-dien-bien-phu", "Phường Điện Biên Phủ"),
    ):
        units[name] = Unit.objects.create(
            code=code, name=name, level=submitted_assessment.unit.level
        )
        UnitAssessment.objects.create(period=team, unit=units[name], criteria_set=appraisal_set)
    cddh = Field.objects.get(code="CDDH")
    restricted = [units["Xã Bản Phủ"], units["Xã Ảng Nưa"]]
    team_domain.save_assignment(team, broadcaster, cddh, restricted, by=lead)
    Assignment.objects.filter(field__code="TTHC").delete()
    response = lead_client.get(team_url(team))
    # In code-point order "Ả" comes after "B" and "Đ" after "S".
    assert entries("assignment.save")[0][3]["units"] == ["Xã Ảng Nưa", "Xã Bản Phủ"]
    html = response.content.decode()
    assert rows(html, r'id="assignment-\d+"') == [
        f"{CDDH} Đài Phát thanh và Truyền hình tỉnh Xã Ảng Nưa, Xã Bản Phủ",
        f"{CDDH} Sở Nội vụ mọi đơn vị",
    ]
    assert rows(html, 'class="gap"') == [
        f"{SET_NAME} 2.1 Hồ sơ giải quyết quá hạn {TTHC} 4 đơn vị "
        "Phường Điện Biên Phủ, Sở Tư pháp, Xã Ảng Nưa, Xã Bản Phủ"
    ]
    offered = response.context["assignment_form"].fields["units"].widget.choices
    assert [(level, [name for _pk, name in names]) for level, names in offered] == [
        ("Sở, ban, ngành", ["Phường Điện Biên Phủ", "Sở Tư pháp", "Xã Ảng Nưa", "Xã Bản Phủ"])
    ]


# --- The list of periods -------------------------------------------------------------------


def test_the_periods_list_counts_the_team_and_tells_whether_coverage_is_complete(
    lead_client, team, submitted_assessment, appraisal_set
):
    empty = make_appraisal_period([appraisal_set], year=2027)
    url = reverse("appraisal:periods")
    html = lead_client.get(url).content.decode()
    assert rows(html, r'id="period-\d+"') == [
        "Đánh giá Chỉ số CCHC năm 2027 0 0 0 Chưa có đơn vị tham gia",
        "Đánh giá Chỉ số CCHC năm 2026 1 3 2 Đủ",
    ]
    assert f'href="{team_url(empty)}"' in html
    Assignment.objects.filter(field__code="TTHC").delete()
    html = lead_client.get(url).content.decode()
    assert rows(html, r'id="period-\d+"')[1] == "Đánh giá Chỉ số CCHC năm 2026 1 3 1 Còn thiếu"


# --- Access --------------------------------------------------------------------------------


def all_urls(period) -> list[tuple[str, str]]:
    member = TeamMember.objects.filter(period=period).first()
    assignment = Assignment.objects.filter(period=period).first()
    return [
        ("get", reverse("appraisal:periods")),
        ("get", team_url(period)),
        ("post", add_url(period)),
        ("post", remove_url(member)),
        ("post", save_url(period)),
        ("post", delete_url(assignment)),
    ]


@pytest.mark.parametrize("who", ["appraiser", "office_appraiser", "officer", "unit_head"])
def test_only_the_lead_and_the_admin_see_the_team(client, request, team, justice, who):
    client.force_login(request.getfixturevalue(who))
    justice_appraiser = make_user("stp.thamdinh", Role.APPRAISER, justice)
    tthc = Field.objects.get(code="TTHC")
    data = {"user": justice_appraiser.pk, "reason": "Thử", "agency": justice.pk, "field": tthc.pk}
    for method, url in all_urls(team):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert TeamMember.objects.filter(period=team).count() == 3
    assert Assignment.objects.filter(period=team).count() == 2
    assert AuditEntry.objects.filter(action__in=team_domain.TEAM_ACTIONS).count() == 0


def test_anonymous_visitors_are_sent_to_login(client, team):
    for method, url in all_urls(team):
        response = getattr(client, method)(url)
        assert (response.status_code, response["Location"]) == (
            302,
            f"{reverse('login')}?next={url}",
        )


def test_the_team_page_takes_no_post_for_a_get(lead_client, team):
    assert lead_client.get(add_url(team)).status_code == 405


# --- Queries -------------------------------------------------------------------------------


def grow(period, criteria_set, level, by, n: int) -> None:
    """`n` more agencies, each with two members and a field for a few of `n` more units."""
    units = []
    for i in range(n):
        unit = Unit.objects.create(code=f"dv-{i}", name=f"Đơn vị {i}", level=level)
        UnitAssessment.objects.create(period=period, unit=unit, criteria_set=criteria_set)
        units.append(unit)
    for i in range(n):
        agency = Unit.objects.create(code=f"cq-{i}", name=f"Cơ quan {i}", level=level)
        for j in range(2):
            user = make_user(f"cq{i}.tv{j}", Role.APPRAISER, agency)
            team_domain.add_member(period, user, by=by)
        field = Field.objects.create(code=f"LV{i}", name=f"Lĩnh vực {i}", order=10 + i)
        team_domain.save_assignment(period, agency, field, units[: i + 1], by=by)
        make_user(f"cq{i}.moi", Role.APPRAISER, agency)  # offered, not on the team


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_team_page_takes_the_same_queries_for_few_or_many_members_and_assignments(
    lead_client,
    lead,
    team,
    appraisal_set,
    department_level,
    submitted_assessment,
    item_count,
    django_assert_num_queries,
):
    grow(team, appraisal_set, department_level, lead, item_count)

    with django_assert_num_queries(17):
        response = lead_client.get(team_url(team))

    html = response.content.decode()
    assert len(rows(html, r'id="member-\d+"')) == 3 + 2 * item_count
    assert rows(html, r'id="assignment-\d+"') == [
        f"{CDDH} Sở Nội vụ mọi đơn vị",
        f"{TTHC} Văn phòng UBND tỉnh mọi đơn vị",
        *(
            f"LV{i} – Lĩnh vực {i} Cơ quan {i} " + ", ".join(f"Đơn vị {u}" for u in range(i + 1))
            for i in range(item_count)
        ),
    ]


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_periods_list_takes_the_same_queries_for_few_or_many_periods_and_members(
    lead_client,
    lead,
    team,
    appraisal_set,
    department_level,
    submitted_assessment,
    item_count,
    django_assert_num_queries,
):
    grow(team, appraisal_set, department_level, lead, item_count)
    for year in range(2027, 2026 + item_count):
        make_appraisal_period([appraisal_set], year=year)

    with django_assert_num_queries(8):
        response = lead_client.get(reverse("appraisal:periods"))

    assert rows(response.content.decode(), r'id="period-\d+"') == [
        *(
            f"Đánh giá Chỉ số CCHC năm {year} 0 0 0 Chưa có đơn vị tham gia"
            for year in range(2025 + item_count, 2026, -1)
        ),
        f"Đánh giá Chỉ số CCHC năm 2026 {1 + item_count} {3 + 2 * item_count} {2 + item_count} Đủ",
    ]
