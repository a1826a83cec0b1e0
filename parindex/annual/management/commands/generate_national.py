"""`manage.py generate_national`: a national-scale publication (national.py) and, with
--report, the time and peak memory to build its annual report (Word and PDF)."""

import resource
import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from parindex.annual import loading, national, pdf, word
from parindex.core.documents import LANGUAGE
from parindex.results.models import Publication


class Command(BaseCommand):
    help = "Sinh một lần công bố quy mô quốc gia (để đo) và đo thời gian, bộ nhớ tạo báo cáo năm."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--units", type=int, default=4000)
        parser.add_argument("--year", type=int, default=2031)
        parser.add_argument("--report", action="store_true", help="Đo thời gian tạo báo cáo.")
        parser.add_argument("--no-pdf", action="store_true", help="Chỉ tạo tệp Word.")
        parser.add_argument(
            "--trace-memory",
            action="store_true",
            help="Đo bộ nhớ đỉnh của Python (tracemalloc; chậm hơn nhiều lần).",
        )

    def handle(self, *args, units: int, year: int, report: bool, no_pdf: bool, **options):
        self.trace = options["trace_memory"]
        if Publication.objects.filter(year__in=(year - 1, year)).exists():
            raise CommandError(f"Năm {year - 1} hoặc {year} đã có lần công bố.")
        started = time.perf_counter()
        publication = national.generate(units, year)
        self.stdout.write(f"Sinh {units} đơn vị, 2 năm: {time.perf_counter() - started:.1f} s")
        if report:
            self._measure(publication, no_pdf)

    def _measure(self, publication: Publication, no_pdf: bool) -> None:
        if self.trace:
            tracemalloc.start()
        with translation.override(LANGUAGE):
            started = time.perf_counter()
            content = loading.annual_report(publication)
            read = time.perf_counter()
            docx = word.report_docx(content)
            written = time.perf_counter()
            document = b"" if no_pdf else pdf.report_pdf(content)
            done = time.perf_counter()
        peak = tracemalloc.get_traced_memory()[1] if self.trace else 0
        tracemalloc.stop()
        self.stdout.write(
            f"Đọc và phân tích: {read - started:.1f} s; Word: {written - read:.1f} s "
            f"({len(docx) / 1e6:.1f} MB); PDF: {done - written:.1f} s "
            f"({len(document) / 1e6:.1f} MB); tổng: {done - started:.1f} s"
        )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        traced = f"bộ nhớ đỉnh của Python (tracemalloc): {peak / 1e6:.0f} MB; " if peak else ""
        self.stdout.write(f"{traced}RSS tối đa của tiến trình: {rss:.0f} MB")
