"""`manage.py sweep_evidence_files [--grace-hours N] [--dry-run]`: delete the evidence files
that no row names (left by a killed server or a failed upload), once older than the grace
period."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments import orphans
from parindex.core.numbers import format_size


class Command(BaseCommand):
    # argparse needs a str: a lazy help text makes --help fail.
    help = _(
        "Xoá các tệp tài liệu kiểm chứng trong kho lưu trữ không thuộc phiên bản tệp nào "
        "(do máy chủ dừng đột ngột khi đang tải lên), sau thời gian chờ."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=24,
            help=_("Chỉ xoá tệp cũ hơn số giờ này (mặc định 24): tệp đang tải lên chưa có bản ghi"),
        )
        parser.add_argument("--dry-run", action="store_true", help=_("Chỉ liệt kê, không xoá."))

    def handle(self, *args, grace_hours: float, dry_run: bool, **options) -> None:
        found = orphans.orphans(grace=timedelta(hours=grace_hours))
        for orphan in found:
            modified_at = timezone.localtime(orphan.modified_at)
            self.stdout.write(
                f"{orphan.name}\t{format_size(orphan.size)}\t{modified_at:%d/%m/%Y %H:%M}"
            )
        if dry_run:
            self.stdout.write(
                _("%(n)d tệp không thuộc bản ghi nào (chưa xoá).") % {"n": len(found)}
            )
            return
        orphans.sweep(found)
        self.stdout.write(_("Đã xoá %(n)d tệp không thuộc bản ghi nào.") % {"n": len(found)})
