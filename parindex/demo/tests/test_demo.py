"""`manage.py load_demo`: Điện Biên's units, the three illustrative sets, the demo accounts and
the 2025 round in its appraisal.

The demo is loaded once for the package (conftest.py); each test runs in a savepoint, so what one
changes (a second load, a save) is undone before the next."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from parindex.accounts.models import User
from parindex.annual import loading as annual_loading
from parindex.appraisal import access as appraisal_access
from parindex.appraisal import team
from parindex.appraisal.assignments import appraised_leaves, coverage, gaps, leaf_fields
from parindex.appraisal.models import (
    AppraisedEntry,
    Assignment,
    ExplanationRequest,
    Round,
    TeamMember,
)
from parindex.appraisal.progress import by_field, overall
from parindex.assessments import deadlines, scorecard, workflow
from parindex.assessments.models import (
    AssessmentPeriod,
    Entry,
    EntryEvidence,
    Evidence,
    UnitAssessment,
)
from parindex.assessments.periods import self_scored_counts
from parindex.catalog.models import CriteriaSet, Criterion, Field, Unit, UnitLevel
from parindex.catalog.specs import load_spec
from parindex.core.models import AuditEntry
from parindex.demo import accounts as demo_accounts
from parindex.demo import catalog as demo_catalog
from parindex.demo import round as demo_round
from parindex.demo.catalog import REFERENCE_DIR as REFERENCE
from parindex.results.models import Publication, PublishedResult
from parindex.testing.demo import load

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SUBMITTED = [
    "Sở Công Thương",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Xây dựng",
    "Sở Y tế",
    "Phường Mường Lay",
    "Phường Mường Thanh",
    "Xã Mường Phăng",
    "Xã Tuần Giáo",
]
HOME_AFFAIRS_FIELDS = {"CDDH", "TCBM", "CONGVU", "TACDONG", "THUONGTRU"}


def counts() -> dict[str, int]:
    models = (
        UnitLevel,
        Field,
        Unit,
        CriteriaSet,
        Criterion,
        User,
        AuditEntry,
        AssessmentPeriod,
        UnitAssessment,
        Entry,
        Evidence,
        EntryEvidence,
        TeamMember,
        Assignment,
        AppraisedEntry,
        ExplanationRequest,
        Publication,
        PublishedResult,
    )
    return {model.__name__: model.objects.count() for model in models}


def by_level(year: int) -> dict[str, int]:
    return {
        code: Unit.objects.filter(level__code=code).active_in(year).count()
        for code in ("department", "district", "commune")
    }


def assessment_of(period: AssessmentPeriod, code: str) -> UnitAssessment:
    return period.assessments.select_related("period", "unit", "criteria_set").get(unit__code=code)


def test_first_load_creates_the_province(output):
    assert output.splitlines()[:2] == [
        "Đã tạo mới: 3 cấp đơn vị, 9 lĩnh vực, 76 đơn vị, 3 bộ tiêu chí, 31 tài khoản, "
        "1 kỳ đánh giá.",
        "Trong kỳ đánh giá: 10 đơn vị đã nộp tự đánh giá (492 kết quả tự chấm, 80 tài liệu "
        "kiểm chứng), 2 đơn vị được mở lại, 6 thành viên Tổ thẩm định, 18 phân công thẩm định, "
        "42 kết quả thẩm định, 1 yêu cầu giải trình.",
    ]
    assert counts() == {
        "UnitLevel": 3,
        "Field": 9,
        "Unit": 76,
        "CriteriaSet": 4,  # the department set copied for the 2024 round
        "Criterion": 375,
        "User": 31,
        # 3 imports, 2 sets put in use, the round, 6 members, 18 assignments, 492 entries,
        # 80 documents created and attached, 338 attached again, 10 submissions, 2 reopenings,
        # 42 appraised items, 1 request, 5 years of published history; the periodic reports'
        # template, 3 periods created and opened, 204 sections typed, 41 documents attached, 29
        # submissions, 2 returns;
        # the plans (7 created, 91 tasks, 6 issued, 2 amendments, the year's settings, 128
        # updates, 57 product documents); the 2024 round: its set imported and both sets put in
        # use, the round, 6 members, 18 assignments, 29 submissions, 29 finalizations, the
        # publication
        "AuditEntry": 1742,
        "AssessmentPeriod": 2,
        "UnitAssessment": 88,
        "Entry": 1932,
        "Evidence": 137,
        "EntryEvidence": 418,
        "TeamMember": 12,
        "Assignment": 36,
        "AppraisedEntry": 1685,
        "ExplanationRequest": 1,
        "Publication": 6,
        "PublishedResult": 40,
    }
    assert by_level(2024) == {"department": 19, "district": 10, "commune": 0}
    assert by_level(2025) == {"department": 14, "district": 0, "commune": 45}
    assert list(UnitLevel.objects.values_list("code", "order", "is_active")) == [
        ("department", 1, True),
        ("district", 2, False),
        ("commune", 3, True),
    ]


def test_second_load_changes_nothing(password_file):
    before = counts()
    hashes = dict(User.objects.values_list("username", "password"))
    output = load(password_file)
    assert output.splitlines()[:2] == [
        "Đã tạo mới: 0 cấp đơn vị, 0 lĩnh vực, 0 đơn vị, 0 bộ tiêu chí, 0 tài khoản, "
        "0 kỳ đánh giá.",
        "Trong kỳ đánh giá: 0 đơn vị đã nộp tự đánh giá (0 kết quả tự chấm, 0 tài liệu kiểm "
        "chứng), 0 đơn vị được mở lại, 0 thành viên Tổ thẩm định, 0 phân công thẩm định, "
        "0 kết quả thẩm định, 0 yêu cầu giải trình.",
    ]
    assert counts() == before
    assert dict(User.objects.values_list("username", "password")) == hashes


def test_criteria_sets_go_through_the_importer(loaded):
    sets = CriteriaSet.objects.order_by("level__order", "year").values_list(
        "level__code", "year", "version", "status", "illustrative"
    )
    # Every set is in use: the rounds of 2024 (the department set copied for it) and 2025.
    assert list(sets) == [
        ("department", 2024, 1, "in_use", True),
        ("department", 2025, 1, "in_use", True),
        ("district", 2024, 1, "in_use", True),
        ("commune", 2025, 1, "in_use", True),
    ]
    assert AuditEntry.objects.filter(action="criteria_set.import").count() == 4


def test_the_demo_round_is_in_its_appraisal(demo_period):
    today = deadlines.today()
    days = {
        name: (getattr(demo_period, name) - today).days
        for name in ("self_assessment_opens", "self_assessment_closes", "appraisal_closes")
    }
    assert demo_period.year == 2025
    assert days == {
        "self_assessment_opens": -40,
        "self_assessment_closes": -3,
        "appraisal_closes": 14,
    }
    assert (demo_period.explanation_closes - today, demo_period.final_appraisal_closes - today) == (
        timedelta(days=21),
        timedelta(days=28),
    )
    justice = demo_period.assessments.get(unit__name="Sở Tư pháp")
    assert justice.criteria_set.level.code == "department"
    assert demo_period.assessments.filter(unit__level__code="district").count() == 0


def test_ten_units_have_submitted_a_complete_self_assessment(demo_period):
    submitted = list(
        demo_period.assessments.filter(state=UnitAssessment.State.SUBMITTED)
        .select_related("period", "unit", "submitted_by")
        .order_by("unit__level__order", "unit__name")
    )
    assert [a.unit.name for a in submitted] == SUBMITTED
    leaves = self_scored_counts(demo_period.criteria_sets.values_list("pk", flat=True))
    opens = deadlines.starts(demo_period.self_assessment_opens)
    for assessment in submitted:
        assert assessment.entered_count == leaves[assessment.criteria_set_id]
        assert assessment.entries.count() == assessment.entered_count
        assert workflow.blockers(assessment) == []
        assert not workflow.is_open(assessment)
        assert opens <= assessment.submitted_at < deadlines.ends(demo_period.self_assessment_closes)
        assert assessment.submitted_by.role == "unit_head"
        assert assessment.submitted_by.unit_id == assessment.unit_id
        assert assessment.entries.exclude(updated_by__unit=assessment.unit).count() == 0
    entries = Entry.objects.filter(assessment__in=submitted)
    # Mostly full points, some lower.
    scored = entries.filter(not_applicable=False).exclude(criterion__rule__kind="bonus")
    full = scored.filter(self_points=F("criterion__max_points")).count()
    assert 0.7 < full / scored.count() < 0.95
    assert scored.filter(self_points=0).exists()
    not_applicable = entries.filter(not_applicable=True)
    assert not_applicable.count() == 6
    assert not not_applicable.filter(not_applicable_reason="").exists()
    explained = entries.exclude(explanation="")
    assert explained.exists()
    assert not explained.filter(links__isnull=False).exists()


def test_submitted_units_cite_official_documents(demo_period):
    documents = Evidence.objects.filter(
        unit__assessments__state="submitted",
        unit__assessments__period__year=2025,
        links__isnull=False,
    ).distinct()
    assert documents.count() == 80
    for document in documents:
        assert re.fullmatch(r"\d+/(KH|BC|QĐ)-[A-ZĐ]+", document.reference_number)
        assert document.issued_on.year == 2025
        assert document.issued_on <= demo_period.self_assessment_opens
        assert document.summary
        assert not document.files.exists()
    issuers = {
        code: set(Evidence.objects.filter(unit__code=code).values_list("issuer", flat=True))
        for code in ("dept-xay-dung", "commune-phuong-muong-thanh")
    }
    assert issuers == {
        "dept-xay-dung": {"Sở Xây dựng", "UBND tỉnh Điện Biên"},
        "commune-phuong-muong-thanh": {"UBND phường Mường Thanh", "UBND tỉnh Điện Biên"},
    }
    plan = Evidence.objects.get(
        unit__code="dept-xay-dung", title="Kế hoạch cải cách hành chính năm 2025"
    )
    assert plan.summary == "Kế hoạch cải cách hành chính năm 2025 của Sở Xây dựng"
    assert plan.links.count() > 1


def test_the_units_with_accounts_are_reopened_for_their_self_assessment(demo_period):
    until = deadlines.today() + timedelta(days=demo_round.REOPENED_DAYS)
    for code, username in (
        ("dept-tu-phap", "stp.canbo"),
        ("commune-phuong-dien-bien-phu", "dbp.canbo"),
    ):
        assessment = assessment_of(demo_period, code)
        assert (assessment.state, assessment.reopened_until) == ("draft", until)
        assert workflow.is_open(assessment)
        reopening = AuditEntry.objects.for_target(assessment).get(action="self_assessment.reopen")
        assert reopening.actor.username == "admin"
        assert reopening.reason
        stored = load_spec(assessment.criteria_set)
        first = next(leaf for leaf in stored.spec.leaves() if leaf.method == "self")
        entry = scorecard.save_entry(
            assessment,
            stored.ids[first.code],
            {"level": first.rule.levels[0].label},
            version=0,
            by=User.objects.get(username=username),
        )
        assert entry.self_points == first.max_points


def test_the_team_covers_every_field_of_every_unit(demo_period):
    assert gaps(demo_period) == []
    assert {entry.actor.username for entry in team.history(demo_period)} == {"admin"}
    assert len(team.history(demo_period)) == 6 + 18
    members = list(demo_period.team.select_related("user__unit").order_by("user__username"))
    assert [(m.user.username, m.user.unit.code) for m in members] == [
        ("skhcn.thamdinh", "dept-khoa-hoc-cong-nghe"),
        ("snv.thamdinh", "dept-noi-vu"),
        ("snv.totruong", "dept-noi-vu"),
        ("stc.thamdinh", "dept-tai-chinh"),
        ("stp.thamdinh", "dept-tu-phap"),
        ("vp.thamdinh", "dept-vp-ubnd"),
    ]
    law = {
        a.agency.code: sorted(unit.code for unit in a.units.all())
        for a in demo_period.assignments.filter(field__code="THECHE")
    }
    assert law == {"dept-tu-phap": [], "dept-noi-vu": ["dept-tu-phap"]}
    # gaps() counts an agency for its own unit; here nobody is left without an appraiser.
    cover = coverage(demo_period)
    for assessment in demo_period.assessments.select_related("period", "criteria_set"):
        spec = load_spec(assessment.criteria_set).spec
        fields = leaf_fields(spec)
        needed = {fields[leaf.code] for leaf in appraised_leaves(spec)}
        appraised = set().union(
            *(appraisal_access.fields_of(m.user, assessment, cover) for m in members)
        )
        assert appraised == needed, assessment.unit.name
    home_affairs = assessment_of(demo_period, "dept-noi-vu")
    justice = assessment_of(demo_period, "dept-tu-phap")
    users = User.objects.in_bulk(field_name="username")
    assert appraisal_access.fields_of(users["snv.thamdinh"], home_affairs) == set()
    assert appraisal_access.fields_of(users["vp.thamdinh"], home_affairs) == HOME_AFFAIRS_FIELDS | {
        "TTHC"
    }
    assert appraisal_access.fields_of(users["stp.thamdinh"], justice) == set()
    assert "THECHE" in appraisal_access.fields_of(users["snv.thamdinh"], justice)


def test_the_appraisal_has_begun(demo_period, client):
    appraiser = User.objects.get(username="snv.thamdinh")
    rows = AppraisedEntry.objects.filter(assessment__period=demo_period).select_related(
        "assessment__unit", "updated_by"
    )
    assert {(r.assessment.unit.name, r.round, r.updated_by) for r in rows} == {
        ("Sở Công Thương", Round.FIRST, appraiser),
        ("Phường Mường Thanh", Round.FIRST, appraiser),
    }
    for row in rows.filter(criterion__method="self"):
        entry = Entry.objects.get(assessment=row.assessment, criterion=row.criterion)
        assert row.comment or row.appraised_points == entry.self_points
    assert rows.exclude(comment="").filter(criterion__method="self").exists()
    trade = assessment_of(demo_period, "dept-cong-thuong")
    progress = overall(by_field([trade])[trade.pk], HOME_AFFAIRS_FIELDS)
    assert 0 < progress.appraised < progress.total
    assert progress.requested == progress.pending == 1
    request = ExplanationRequest.objects.get()
    assert (request.assessment, request.requested_by, request.answer) == (trade, appraiser, "")
    assert request.question.startswith("Đơn vị tự chấm ")
    appraised = AppraisedEntry.objects.get(assessment=trade, criterion=request.criterion)
    assert (
        appraised.appraised_points
        < Entry.objects.get(assessment=trade, criterion=request.criterion).self_points
    )
    client.force_login(appraiser)
    page = client.get(reverse("appraisal:worklist"), {"submission": "all"})
    listed = {row.assessment.unit.name: row.fields for row in page.context["rows"]}
    assert listed["Sở Công Thương"] == sorted(HOME_AFFAIRS_FIELDS)
    assert listed["Sở Tư pháp"] == sorted(HOME_AFFAIRS_FIELDS | {"THECHE"})
    assert "Sở Nội vụ" not in listed
    assert len(listed) == 58


def test_fields_are_named_after_their_areas(loaded):
    assert list(Field.objects.values_list("code", "name")) == [
        ("CDDH", "Công tác chỉ đạo, điều hành cải cách hành chính"),
        ("THECHE", "Cải cách thể chế"),
        ("TTHC", "Cải cách thủ tục hành chính"),
        ("TCBM", "Cải cách tổ chức bộ máy hành chính nhà nước"),
        ("CONGVU", "Cải cách chế độ công vụ"),
        ("TAICHINH", "Cải cách tài chính công"),
        ("CDS", "Xây dựng và phát triển chính quyền điện tử, chính quyền số"),
        (
            "TACDONG",
            "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế – "
            "xã hội",
        ),
        ("THUONGTRU", "Điểm thưởng, điểm trừ trong công tác cải cách hành chính"),
    ]


def test_departments_keep_one_unit_across_the_merger(loaded):
    home_affairs = Unit.objects.get(code="dept-noi-vu")
    assert (home_affairs.kind, home_affairs.active_from_year, home_affairs.active_to_year) == (
        "so",
        None,
        None,
    )
    assert list(home_affairs.predecessors.values_list("code", flat=True)) == ["dept-lao-dong-tbxh"]
    merged = Unit.objects.get(code="dept-tai-nguyen-moi-truong")
    assert (merged.active_from_year, merged.active_to_year) == (None, 2024)
    new = Unit.objects.get(code="dept-nong-nghiep-moi-truong")
    assert (new.name, new.active_from_year, new.active_to_year) == (
        "Sở Nông nghiệp và Môi trường",
        2025,
        None,
    )
    assert sorted(new.predecessors.values_list("code", flat=True)) == [
        "dept-nong-nghiep-ptnt",
        "dept-tai-nguyen-moi-truong",
    ]
    kinds = {code: Unit.objects.get(code=code).kind for code in ("dept-vp-ubnd", "dept-thanh-tra")}
    assert kinds == {"dept-vp-ubnd": "van_phong", "dept-thanh-tra": "thanh_tra"}


def test_communes_keep_their_lineage_as_text(loaded):
    ward = Unit.objects.get(code="commune-phuong-dien-bien-phu")
    assert (ward.name, ward.kind, ward.admin_code, ward.parent, ward.active_from_year) == (
        "Phường Điện Biên Phủ",
        "phuong",
        "03127",
        None,
        2025,
    )
    assert ward.lineage_note == (
        "Hình thành từ 01/7/2025 trên cơ sở: phường Him Lam, phường Mường Thanh (cũ), "
        "phường Tân Thanh, phường Thanh Bình, phường Thanh Trường, xã Thanh Minh."
    )
    assert Unit.objects.get(code="commune-xa-pu-nhi").lineage_note == (
        "Hình thành từ 01/7/2025; địa bàn chính thuộc huyện Điện Biên Đông cũ; các đơn vị hợp "
        "thành chưa được xác nhận từ nguồn."
    )
    district = Unit.objects.get(code="district-huyen-nam-po")
    assert (district.kind, district.active_to_year) == ("huyen", 2024)


def test_accounts_have_their_roles_units_and_the_shared_password(password_file):
    rows = User.objects.values_list("username", "role", "unit__code")
    assert sorted(rows)[:8] == [
        ("admin", "admin", None),
        ("dbp.canbo", "unit_officer", "commune-phuong-dien-bien-phu"),
        ("dbp.lanhdao", "unit_head", "commune-phuong-dien-bien-phu"),
        ("muonglay.canbo", "unit_officer", "commune-phuong-muong-lay"),
        ("muonglay.lanhdao", "unit_head", "commune-phuong-muong-lay"),
        ("muongphang.canbo", "unit_officer", "commune-xa-muong-phang"),
        ("muongphang.lanhdao", "unit_head", "commune-xa-muong-phang"),
        ("muongthanh.canbo", "unit_officer", "commune-phuong-muong-thanh"),
    ]
    assert sorted(rows) == sorted((a.username, a.role, a.unit_code) for a in demo_accounts.ACCOUNTS)
    # Each unit that has submitted has its officer and its head; the appraisers their agency.
    staff = User.objects.filter(unit__name__in=SUBMITTED)
    assert sorted(staff.values_list("unit__name", "role")) == sorted(
        (name, role) for name in SUBMITTED for role in ("unit_head", "unit_officer")
    )
    appraisers = User.objects.filter(role="appraiser").values_list("username", "unit__code")
    assert sorted(appraisers) == [
        ("skhcn.thamdinh", "dept-khoa-hoc-cong-nghe"),
        ("snv.thamdinh", "dept-noi-vu"),
        ("stc.thamdinh", "dept-tai-chinh"),
        ("stp.thamdinh", "dept-tu-phap"),
        ("vp.thamdinh", "dept-vp-ubnd"),
    ]
    password = password_file.read_text().strip()
    assert len(password) == 16
    assert all(user.check_password(password) for user in User.objects.all())
    assert password_file.stat().st_mode & 0o777 == 0o600


def test_demo_accounts_can_use_the_application(client):
    officer = User.objects.get(username="stp.canbo")
    client.force_login(officer)
    assert "Xin chào, Lò Thị Hoa" in client.get(reverse("home")).content.decode()
    assert client.get(reverse("catalog:criteria_sets")).status_code == 403
    client.force_login(User.objects.get(username="admin"))
    page = client.get(reverse("catalog:criteria_sets"))
    assert page.status_code == 200
    listed = sorted((s.level.code, s.year, s.node_count) for s in page.context["sets"])
    assert listed == [
        ("commune", 2025, 89),
        ("department", 2024, 96),
        ("department", 2025, 96),
        ("district", 2024, 94),
    ]
    client.force_login(User.objects.get(username="sct.lanhdao"))
    page = client.get(reverse("appraisal:my_explanations"))
    assert page.status_code == 200
    assert "Sở Công Thương" in page.content.decode()


def test_the_demo_team_signs_in_with_the_password_alone(password_file, client, settings):
    # Even long after the requirement began: each load counts as the accounts' joining day.
    settings.SECOND_FACTOR_SINCE = date(2020, 1, 1)
    User.objects.filter(username="snv.thamdinh").update(
        date_joined=timezone.now() - timedelta(days=2000)
    )
    load(password_file)
    password = password_file.read_text(encoding="utf-8").strip()
    client.post(reverse("login"), {"username": "snv.thamdinh", "password": password})
    assert client.get(reverse("appraisal:worklist")).status_code == 200


def test_password_is_kept_and_shown_only_in_demo_mode(password_file, settings):
    password = password_file.read_text().strip()
    settings.DEMO_MODE = False
    quiet = load(password_file)
    assert password not in quiet
    assert quiet.splitlines()[-1] == f"Mật khẩu chung được lưu trong tệp {password_file}."
    settings.DEMO_MODE = True
    shown = load(password_file)
    assert shown.splitlines()[-1] == f"Mật khẩu chung của các tài khoản minh họa: {password}"
    assert shown.splitlines()[5:8] == [
        "Tên đăng nhập       Họ và tên           Vai trò                  Đơn vị",
        "------------------  ------------------  -----------------------  "
        "-------------------------------",
        "admin               Nguyễn Mạnh Hùng    Quản trị hệ thống        —",
    ]
    # The round's two lines, the reports' and the plans' lines, the history line, the table's
    # header and rule, the accounts, the password.
    assert len(shown.splitlines()) == 5 + 2 + len(demo_accounts.ACCOUNTS) + 1


def test_a_lost_password_file_gives_the_accounts_a_new_password(password_file, tmp_path):
    old = password_file.read_text().strip()
    new_file = tmp_path / ".demo-password"
    load(new_file)
    new = new_file.read_text().strip()
    assert new != old
    assert User.objects.get(username="stp.canbo").check_password(new)
    assert User.objects.get(username="sct.lanhdao").check_password(new)


def test_missing_reference_folder_is_reported(password_file, tmp_path):
    before = counts()
    with pytest.raises(CommandError) as error:
        load(password_file, reference=str(tmp_path / "none"))
    assert str(error.value) == (
        f"Không tìm thấy dữ liệu tham chiếu tại {tmp_path / 'none'} (cần units-dien-bien.yaml)."
    )
    assert counts() == before


def test_reference_folder_comes_from_option_then_environment(monkeypatch):
    monkeypatch.delenv("PARINDEX_REFERENCE_DIR", raising=False)
    assert demo_catalog.reference_dir() == REFERENCE
    monkeypatch.setenv("PARINDEX_REFERENCE_DIR", "/srv/reference")
    assert demo_catalog.reference_dir() == Path("/srv/reference")
    assert demo_catalog.reference_dir("/srv/other") == Path("/srv/other")


def test_2024_was_assessed_and_published_through_the_product(loaded):
    publication = Publication.objects.get(year=2024)
    assert not publication.historical and publication.decision_number == "512/QĐ-UBND"
    assert publication.results.count() == 29
    assert set(publication.results.values_list("level__code", flat=True)) == {
        "department",
        "district",
    }
    assert AuditEntry.objects.filter(action="results.publish").count() == 1
    # The annual report reads it; 2023 gives its levels (count and class counts) only.
    analysis = annual_loading.load(publication)
    assert analysis.previous_year == 2023
    assert [level.count for level in analysis.levels] == [19, 10]
    assert all(level.losses for level in analysis.levels)
