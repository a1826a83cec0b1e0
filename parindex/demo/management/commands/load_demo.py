"""`manage.py load_demo`: the Điện Biên demonstration data and accounts (safe to run again)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from parindex.demo import accounts, catalog, round
from parindex.scoring.criteria import CriteriaError


class Command(BaseCommand):
    # argparse needs a plain string: the help is in the language active when the command loads.
    help = _(
        "Nạp dữ liệu minh họa của tỉnh Điện Biên (cấp đơn vị, đơn vị, lĩnh vực, 3 bộ tiêu chí), "
        "các tài khoản minh họa và kỳ đánh giá năm 2025 đang thẩm định. Chạy lại không tạo bản "
        "trùng."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--password-file",
            type=Path,
            default=Path(settings.BASE_DIR) / ".demo-password",
            help=_("Tệp giữ mật khẩu chung của các tài khoản minh họa (tạo mới nếu chưa có)."),
        )
        parser.add_argument(
            "--reference",
            help=_(
                "Thư mục dữ liệu tham chiếu (mặc định: $PARINDEX_REFERENCE_DIR, hoặc "
                "parindex/demo/data đi kèm mã nguồn)."
            ),
        )

    def handle(self, *args, password_file: Path, reference: str | None, **options) -> None:
        folder = catalog.reference_dir(reference)
        if not (folder / "units-dien-bien.yaml").is_file():
            raise CommandError(
                _("Không tìm thấy dữ liệu tham chiếu tại %(path)s (cần units-dien-bien.yaml).")
                % {"path": folder}
            )
        password, generated = accounts.demo_password(password_file)
        try:
            created = round.load_demo(folder, password=password, reset_passwords=generated)
        except CriteriaError as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(
                _("Bộ tiêu chí tham chiếu không hợp lệ:\n%(lines)s") % {"lines": lines}
            ) from None
        self.stdout.write(
            _(
                "Đã tạo mới: %(levels)d cấp đơn vị, %(fields)d lĩnh vực, %(units)d đơn vị, "
                "%(criteria_sets)d bộ tiêu chí, %(accounts)d tài khoản, %(periods)d kỳ đánh giá."
            )
            % created
        )
        self.stdout.write(
            _(
                "Trong kỳ đánh giá: %(submitted)d đơn vị đã nộp tự đánh giá (%(entries)d kết quả "
                "tự chấm, %(evidence)d tài liệu kiểm chứng), %(reopened)d đơn vị được mở lại, "
                "%(team)d thành viên Tổ thẩm định, %(assignments)d phân công thẩm định, "
                "%(appraised)d kết quả thẩm định, %(requests)d yêu cầu giải trình."
            )
            % created
        )
        self.stdout.write(
            _(
                "Báo cáo CCHC định kỳ: %(report_periods)d kỳ báo cáo, %(reports_submitted)d "
                "báo cáo đã nộp."
            )
            % created
        )
        self.stdout.write(
            _("Kế hoạch CCHC: %(plans)d kế hoạch, %(tasks)d nhiệm vụ, %(updates)d báo cáo tiến độ.")
            % created
        )
        # Earlier years' published figures, so that units' trends start from real numbers.
        call_command("load_history", folder / "published-results.yaml", stdout=self.stdout)
        self._print_accounts(password, password_file)

    def _print_accounts(self, password: str, password_file: Path) -> None:
        rows = [
            (
                user.username,
                user.full_name,
                user.get_role_display(),
                user.unit.name if user.unit else "—",
            )
            for user in accounts.demo_accounts()
        ]
        headers = (_("Tên đăng nhập"), _("Họ và tên"), _("Vai trò"), _("Đơn vị"))
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
        for row in [headers, tuple("-" * width for width in widths), *rows]:
            cells = zip(row, widths, strict=True)
            self.stdout.write("  ".join(str(cell).ljust(width) for cell, width in cells).rstrip())
        if settings.DEMO_MODE:
            self.stdout.write(
                _("Mật khẩu chung của các tài khoản minh họa: %(p)s") % {"p": password}
            )
        else:
            self.stdout.write(
                _("Mật khẩu chung được lưu trong tệp %(path)s.") % {"path": password_file}
            )
