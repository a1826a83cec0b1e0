"""`manage.py load_demo`: Điện Biên's units, the three illustrative sets and the demo accounts."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from parindex.accounts.models import User
from parindex.assessments import deadlines
from parindex.assessments.models import AssessmentPeriod, UnitAssessment
from parindex.catalog.models import CriteriaSet, Criterion, Field, Unit, UnitLevel
from parindex.core import demo
from parindex.core.demo import REFERENCE_DIR as REFERENCE
from parindex.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def load(password_file: Path, **options) -> str:
    out = StringIO()
    call_command("load_demo", password_file=password_file, stdout=out, **options)
    return out.getvalue()


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
    )
    return {model.__name__: model.objects.count() for model in models}


def by_level(year: int) -> dict[str, int]:
    return {
        code: Unit.objects.filter(level__code=code).active_in(year).count()
        for code in ("department", "district", "commune")
    }


@pytest.fixture
def password_file(tmp_path) -> Path:
    return tmp_path / ".demo-password"


def test_first_load_creates_the_province(password_file):
    output = load(password_file)
    assert output.splitlines()[0] == (
        "Đã tạo mới: 3 cấp đơn vị, 9 lĩnh vực, 76 đơn vị, 3 bộ tiêu chí, 8 tài khoản, "
        "1 kỳ đánh giá."
    )
    assert counts() == {
        "UnitLevel": 3,
        "Field": 9,
        "Unit": 76,
        "CriteriaSet": 3,
        "Criterion": 279,
        "User": 8,
        "AuditEntry": 6,  # 3 imports, 2 sets put in use by the demo round, the round itself
        "AssessmentPeriod": 1,
        "UnitAssessment": 59,
    }
    assert by_level(2024) == {"department": 19, "district": 10, "commune": 0}
    assert by_level(2025) == {"department": 14, "district": 0, "commune": 45}
    assert list(UnitLevel.objects.values_list("code", "order", "is_active")) == [
        ("department", 1, True),
        ("district", 2, False),
        ("commune", 3, True),
    ]


def test_second_load_changes_nothing(password_file):
    load(password_file)
    before = counts()
    hashes = dict(User.objects.values_list("username", "password"))
    output = load(password_file)
    assert output.splitlines()[0] == (
        "Đã tạo mới: 0 cấp đơn vị, 0 lĩnh vực, 0 đơn vị, 0 bộ tiêu chí, 0 tài khoản, 0 kỳ đánh giá."
    )
    assert counts() == before
    assert dict(User.objects.values_list("username", "password")) == hashes


def test_criteria_sets_go_through_the_importer(password_file):
    load(password_file)
    sets = CriteriaSet.objects.order_by("level__order").values_list(
        "level__code", "year", "version", "status", "illustrative"
    )
    # The 2025 sets are in use: the demo round of 2025 uses them.
    assert list(sets) == [
        ("department", 2025, 1, "in_use", True),
        ("district", 2024, 1, "draft", True),
        ("commune", 2025, 1, "in_use", True),
    ]
    assert AuditEntry.objects.filter(action="criteria_set.import").count() == 3


def test_the_demo_round_is_open_for_self_assessment_today(password_file):
    load(password_file)
    period = AssessmentPeriod.objects.get()
    assert period.year == 2025
    assert deadlines.is_within(period.self_assessment_opens, period.self_assessment_closes)
    justice = period.assessments.get(unit__name="Sở Tư pháp")
    assert justice.criteria_set.level.code == "department"
    assert period.assessments.filter(unit__level__code="district").count() == 0


def test_fields_are_named_after_their_areas(password_file):
    load(password_file)
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


def test_departments_keep_one_unit_across_the_merger(password_file):
    load(password_file)
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


def test_communes_keep_their_lineage_as_text(password_file):
    load(password_file)
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
    load(password_file)
    rows = User.objects.order_by("username").values_list("username", "role", "unit__code")
    assert list(rows) == [
        ("admin", "admin", None),
        ("dbp.canbo", "unit_officer", "commune-phuong-dien-bien-phu"),
        ("dbp.lanhdao", "unit_head", "commune-phuong-dien-bien-phu"),
        ("snv.thamdinh", "appraiser", "dept-noi-vu"),
        ("snv.totruong", "appraisal_lead", "dept-noi-vu"),
        ("stp.canbo", "unit_officer", "dept-tu-phap"),
        ("stp.lanhdao", "unit_head", "dept-tu-phap"),
        ("stp.thamdinh", "appraiser", "dept-tu-phap"),
    ]
    password = password_file.read_text().strip()
    assert len(password) == 16
    assert all(user.check_password(password) for user in User.objects.all())
    assert password_file.stat().st_mode & 0o777 == 0o600


def test_demo_accounts_can_use_the_application(client, password_file):
    load(password_file)
    officer = User.objects.get(username="stp.canbo")
    client.force_login(officer)
    assert "Xin chào, Lò Thị Hoa" in client.get(reverse("home")).content.decode()
    assert client.get(reverse("catalog:criteria_sets")).status_code == 403
    client.force_login(User.objects.get(username="admin"))
    page = client.get(reverse("catalog:criteria_sets"))
    assert page.status_code == 200
    listed = sorted((s.level.code, s.year, s.node_count) for s in page.context["sets"])
    assert listed == [("commune", 2025, 89), ("department", 2025, 96), ("district", 2024, 94)]


def test_password_is_kept_and_shown_only_in_demo_mode(password_file, settings):
    settings.DEMO_MODE = False
    quiet = load(password_file)
    password = password_file.read_text().strip()
    assert password not in quiet
    assert quiet.splitlines()[-1] == f"Mật khẩu chung được lưu trong tệp {password_file}."
    settings.DEMO_MODE = True
    shown = load(password_file)
    assert shown.splitlines()[-1] == f"Mật khẩu chung của các tài khoản minh họa: {password}"
    assert shown.splitlines()[1:4] == [
        "Tên đăng nhập  Họ và tên           Vai trò                  Đơn vị",
        "-------------  ------------------  -----------------------  --------------------",
        "admin          Nguyễn Mạnh Hùng    Quản trị hệ thống        —",
    ]


def test_a_lost_password_file_gives_the_accounts_a_new_password(password_file):
    load(password_file)
    old = password_file.read_text().strip()
    password_file.unlink()
    load(password_file)
    new = password_file.read_text().strip()
    assert new != old
    assert User.objects.get(username="stp.canbo").check_password(new)


def test_missing_reference_folder_is_reported(password_file, tmp_path):
    with pytest.raises(CommandError) as error:
        load(password_file, reference=str(tmp_path / "none"))
    assert str(error.value) == (
        f"Không tìm thấy dữ liệu tham chiếu tại {tmp_path / 'none'} (cần units-dien-bien.yaml)."
    )
    assert counts()["Unit"] == 0


def test_reference_folder_comes_from_option_then_environment(monkeypatch):
    monkeypatch.delenv("PARINDEX_REFERENCE_DIR", raising=False)
    assert demo.reference_dir() == REFERENCE
    monkeypatch.setenv("PARINDEX_REFERENCE_DIR", "/srv/reference")
    assert demo.reference_dir() == Path("/srv/reference")
    assert demo.reference_dir("/srv/other") == Path("/srv/other")
