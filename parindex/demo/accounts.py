"""The demo accounts, one or more for every role, and their shared password."""

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from parindex.accounts.models import Role, User
from parindex.catalog.models import Unit


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    unit_code: str | None
    job_title: str


NSV, STP, DBP = "dept-noi-vu", "dept-tu-phap", "commune-phuong-dien-bien-phu"
VP, STC, KHCN = "dept-vp-ubnd", "dept-tai-chinh", "dept-khoa-hoc-cong-nghe"
SCT, SXD, SYT = "dept-cong-thuong", "dept-xay-dung", "dept-y-te"
SGD, SNN, SVH = "dept-giao-duc-dao-tao", "dept-nong-nghiep-moi-truong", "dept-van-hoa-tt-dl"
PMT, PML = "commune-phuong-muong-thanh", "commune-phuong-muong-lay"
XMP, XTG = "commune-xa-muong-phang", "commune-xa-tuan-giao"
ACCOUNTS = (
    DemoAccount("admin", "Nguyễn Mạnh Hùng", Role.ADMIN, None, "Chuyên viên Phòng CCHC, Sở Nội vụ"),
    DemoAccount("snv.totruong", "Trần Thị Thanh Lan", Role.APPRAISAL_LEAD, NSV, "Phó Giám đốc"),
    DemoAccount("snv.thamdinh", "Đỗ Minh Tâm", Role.APPRAISER, NSV, "Chuyên viên"),
    DemoAccount("stp.thamdinh", "Vũ Thị Hằng", Role.APPRAISER, STP, "Chuyên viên"),
    DemoAccount("stp.canbo", "Lò Thị Hoa", Role.UNIT_OFFICER, STP, "Chuyên viên"),
    DemoAccount("stp.lanhdao", "Quàng Văn Bình", Role.UNIT_HEAD, STP, "Giám đốc"),
    DemoAccount("dbp.canbo", "Lường Văn Xuân", Role.UNIT_OFFICER, DBP, "Công chức"),
    DemoAccount("dbp.lanhdao", "Cà Thị Mai", Role.UNIT_HEAD, DBP, "Chủ tịch UBND phường"),
    # The other agencies of the appraisal team (units-dien-bien.yaml, appraisal_team).
    DemoAccount("vp.thamdinh", "Phạm Thu Trang", Role.APPRAISER, VP, "Chuyên viên"),
    DemoAccount("stc.thamdinh", "Lê Quang Vinh", Role.APPRAISER, STC, "Chuyên viên"),
    DemoAccount("skhcn.thamdinh", "Hoàng Thị Lan Anh", Role.APPRAISER, KHCN, "Chuyên viên"),
    # The units that have submitted their self-assessment: who entered it and who submitted it.
    DemoAccount("sct.canbo", "Nguyễn Thị Thu Hà", Role.UNIT_OFFICER, SCT, "Chuyên viên"),
    DemoAccount("sct.lanhdao", "Phạm Văn Dũng", Role.UNIT_HEAD, SCT, "Giám đốc"),
    DemoAccount("sxd.canbo", "Lò Văn Thắng", Role.UNIT_OFFICER, SXD, "Chuyên viên"),
    DemoAccount("sxd.lanhdao", "Đặng Quốc Huy", Role.UNIT_HEAD, SXD, "Phó Giám đốc"),
    DemoAccount("syt.canbo", "Bùi Thị Ngọc Anh", Role.UNIT_OFFICER, SYT, "Chuyên viên"),
    DemoAccount("syt.lanhdao", "Hoàng Minh Tuấn", Role.UNIT_HEAD, SYT, "Giám đốc"),
    DemoAccount("sgddt.canbo", "Tòng Thị Phương", Role.UNIT_OFFICER, SGD, "Chuyên viên"),
    DemoAccount("sgddt.lanhdao", "Lê Văn Quý", Role.UNIT_HEAD, SGD, "Giám đốc"),
    DemoAccount("snnmt.canbo", "Vũ Đức Anh", Role.UNIT_OFFICER, SNN, "Chuyên viên"),
    DemoAccount("snnmt.lanhdao", "Lường Văn Chiến", Role.UNIT_HEAD, SNN, "Phó Giám đốc"),
    DemoAccount("svhttdl.canbo", "Điêu Thị Hương", Role.UNIT_OFFICER, SVH, "Chuyên viên"),
    DemoAccount("svhttdl.lanhdao", "Nguyễn Văn Hải", Role.UNIT_HEAD, SVH, "Giám đốc"),
    DemoAccount("muongthanh.canbo", "Quàng Thị Dung", Role.UNIT_OFFICER, PMT, "Công chức"),
    DemoAccount("muongthanh.lanhdao", "Trần Văn Long", Role.UNIT_HEAD, PMT, "Chủ tịch UBND phường"),
    DemoAccount("muonglay.canbo", "Lò Văn Hưng", Role.UNIT_OFFICER, PML, "Công chức"),
    DemoAccount("muonglay.lanhdao", "Vì Văn Sơn", Role.UNIT_HEAD, PML, "Chủ tịch UBND phường"),
    DemoAccount("muongphang.canbo", "Lò Thị Ngân", Role.UNIT_OFFICER, XMP, "Công chức"),
    DemoAccount("muongphang.lanhdao", "Cà Văn Thanh", Role.UNIT_HEAD, XMP, "Chủ tịch UBND xã"),
    DemoAccount("tuangiao.canbo", "Lường Thị Thu", Role.UNIT_OFFICER, XTG, "Công chức"),
    DemoAccount("tuangiao.lanhdao", "Giàng A Dình", Role.UNIT_HEAD, XTG, "Chủ tịch UBND xã"),
)


def demo_password(path: Path) -> tuple[str, bool]:
    """The demo accounts' password: read from `path`, or generated and written there (mode 600).

    Returns (password, generated now). Side effect: creates the file on first use.
    """
    if path.exists() and path.read_text(encoding="utf-8").strip():
        return path.read_text(encoding="utf-8").strip(), False
    password = secrets.token_urlsafe(12)
    path.touch(mode=0o600)
    path.write_text(password + "\n", encoding="utf-8")
    return password, True


def create_accounts(password: str, *, reset_passwords: bool) -> int:
    created, hashed = 0, None
    for account in ACCOUNTS:
        user, new = User.objects.get_or_create(
            username=account.username,
            defaults={
                "full_name": account.full_name,
                "role": account.role,
                "job_title": account.job_title,
                "unit": Unit.objects.get(code=account.unit_code) if account.unit_code else None,
                "is_staff": account.role == Role.ADMIN,
                "is_superuser": account.role == Role.ADMIN,
            },
        )
        # A new password file means the old password is lost: give the accounts the new one.
        if new or reset_passwords:
            # One hash of the shared password for all: hashing it per account takes seconds.
            hashed = hashed or make_password(password)
            user.password = hashed
            user.save(update_fields=["password"])
        created += new
    # Counted as joining at each load, the admin and the team stay inside the second factor's
    # grace period (accounts/second_factor.py): the demo signs in with the password alone.
    User.objects.filter(username__in=[a.username for a in ACCOUNTS]).update(
        date_joined=timezone.now()
    )
    return created


def demo_accounts() -> list[User]:
    """The demo accounts that exist, in the order of ACCOUNTS."""
    users = User.objects.select_related("unit").in_bulk(
        [account.username for account in ACCOUNTS], field_name="username"
    )
    return [users[a.username] for a in ACCOUNTS if a.username in users]
