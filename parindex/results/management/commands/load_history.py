"""`manage.py load_history [path]`: the results the province published before the application,
as historical publications (safe to run again: a year already published is skipped)."""

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from parindex.results.history import HistoryError, load_history


class Command(BaseCommand):
    # argparse needs a str: a lazy help text makes --help fail.
    help = _(
        "Nạp kết quả Chỉ số CCHC các năm trước đã được tỉnh công bố (published-results.yaml) "
        "thành các lần công bố lịch sử. Năm đã có lần công bố được bỏ qua."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path",
            type=Path,
            help=_("Tệp kết quả đã công bố (định dạng parindex.published-results/1)."),
        )

    def handle(self, *args, path: Path, **options) -> None:
        try:
            counts = load_history(path)
        except HistoryError as error:
            raise CommandError(str(error)) from None
        except (OSError, yaml.YAMLError) as error:
            raise CommandError(
                _("Không đọc được tệp %(path)s: %(error)s") % {"path": path, "error": error}
            ) from None
        self.stdout.write(
            _(
                "Đã nạp %(publications)d năm (%(levels)d khối cấp đơn vị, %(results)d kết quả "
                "đơn vị). Bỏ qua %(years_present)d năm đã có lần công bố và %(units_missing)d "
                "kết quả của đơn vị không có trong danh mục."
            )
            % counts
        )
