"""Public ranking benchmark: requests per second of a year's public ranking page (no login) under
gunicorn, against a trivial Django view (`/healthz`) measured in the same run.

Run from the repository root: `.venv/bin/python benchmarks/bench_public.py` (`make bench`).

1. Builds the same throw-away production-like installation as bench_scorecard.py (whose helpers
   it uses): DEBUG off, a generated SECRET_KEY, a fresh SQLite database (or a database created
   on BENCH_DATABASE_URL's PostgreSQL server and dropped afterwards), `migrate`,
   `collectstatic`, Redis as in production when one answers (BENCH_REDIS_URL).
2. Fills it, with Django set up in a subprocess: 30 departments and 45 communes, each level with
   a 60-item criteria set; every unit's self and appraised points computed by the scoring engine
   from random answers, ranked and classified, and written as the publication does (a level's
   area averages, every unit's criteria nodes); the year published twice (version 2 with a
   reason), and two earlier years imported as historical publications (index and rank only).
3. Serves it with gunicorn and measures, as an anonymous visitor, GET /healthz and the ranking
   GET /ket-qua/<year>/ (every response must be 200, show version 2 and name the last commune),
   then a unit's page: a warm-up, then best of N rounds.
4. Prints the throughputs and the ratios to the trivial view. Target: ranking ≥ 70 %. Exits
   non-zero only on errors, not when the target is missed. Cleans up whatever happens.

--profile adds an in-process measurement: the ranking from the process's cache and rendered
again (that cache emptied), the queries of each, and /healthz.
"""

import argparse
import contextlib
import json
import random
import signal
import statistics
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal

from bench_scorecard import (
    DATA_MARK,
    HOST,
    BenchError,
    answer,
    check_ok,
    check_page,
    criteria_document,
    get,
    installation,
    options,
    run,
    throughput,
)

TARGET = 70  # the ranking's throughput, in % of the trivial view's
YEAR = 2025

DEPARTMENTS = (
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh",
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Ban Quản lý các khu kinh tế",
    "Ban Quản lý dự án đầu tư xây dựng tỉnh",
    "Ban Quản lý Di tích quốc gia đặc biệt",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Trường Cao đẳng Điện Biên",
    "Trường Cao đẳng Y tế Điện Biên",
    "Trung tâm Phục vụ hành chính công tỉnh",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Thuế tỉnh",
    "Kho bạc Nhà nước khu vực",
    "Bảo hiểm xã hội tỉnh",
    "Chi cục Hải quan khu vực",
    "Ngân hàng Nhà nước chi nhánh tỉnh",
    "Chi cục Thống kê tỉnh",
)
COMMUNES = (
    "Phường Điện Biên Phủ",
    "Phường Mường Thanh",
    "Phường Mường Lay",
    "Xã Mường Phăng",
    "Xã Thanh Nưa",
    "Xã Thanh An",
    "Xã Thanh Yên",
    "Xã Sam Mứn",
    "Xã Núa Ngam",
    "Xã Mường Nhà",
    "Xã Na Son",
    "Xã Xa Dung",
    "Xã Pu Nhi",
    "Xã Mường Luân",
    "Xã Tìa Dình",
    "Xã Phình Giàng",
    "Xã Mường Chà",
    "Xã Na Sang",
    "Xã Mường Tùng",
    "Xã Pa Ham",
    "Xã Nậm Nèn",
    "Xã Mường Pồn",
    "Xã Quảng Lâm",
    "Xã Na Cô Sa",
    "Xã Mường Toong",
    "Xã Nậm Kè",
    "Xã Mường Nhé",
    "Xã Chung Chải",
    "Xã Sín Thầu",
    "Xã Mường Chà Cũ",
    "Xã Tủa Chùa",
    "Xã Sín Chải",
    "Xã Sính Phình",
    "Xã Tủa Thàng",
    "Xã Sáng Nhè",
    "Xã Tuần Giáo",
    "Xã Quài Tở",
    "Xã Mường Mùn",
    "Xã Pú Nhung",
    "Xã Chiềng Sinh",
    "Xã Mường Ảng",
    "Xã Nà Tấu",
    "Xã Búng Lao",
    "Xã Mường Lạn",
    "Xã Nà Hỳ",
)


# --- The data: a published year as publishing.publish writes it ------------------------------


def engine_entry(node, rng: random.Random):
    """The engine's entry for what a unit (or the team) would type for `node`."""
    from parindex.scoring import Entry

    data = answer(node, rng)
    return Entry(
        level=data.get("level"),
        numerator=data.get("numerator"),
        denominator=data.get("denominator"),
        count=data.get("count"),
        points=data.get("points"),
        not_applicable=data.get("not_applicable", False),
        reason=data.get("not_applicable_reason", ""),
    )


def level_block(level, units, rng: random.Random):
    """The level's rows as publishing.compute gives them: self points from one set of answers,
    appraised points from the team's (most items confirmed, some changed), ranked, classified."""
    from types import SimpleNamespace

    from parindex.results.publishing import LevelBlock, UnitRow
    from parindex.scoring import evaluate, parse_criteria

    document = criteria_document(YEAR) | {"level": level.code}
    spec = parse_criteria(document)
    block = LevelBlock(level)
    for unit in units:
        own = {leaf.code: engine_entry(leaf, rng) for leaf in spec.leaves()}
        appraised = {
            code: engine_entry(leaf, rng) if rng.random() < 0.3 else entry
            for (code, entry), leaf in zip(own.items(), spec.leaves(), strict=True)
        }
        final = evaluate(spec, appraised)
        block.rows.append(
            UnitRow(
                # The rows read only the unit of an assessment.
                assessment=SimpleNamespace(unit=unit),
                spec=spec,
                self_result=evaluate(spec, own),
                round1_result=final,
                final_result=final,
                survey_points=Decimal(0),
                comments={},
                submitted=True,
                appraisal_complete=True,
                finalized=True,
            )
        )
    block.rank()
    return block


def write_publication(blocks, *, version: int, reason: str = ""):
    """What publishing.publish writes for `blocks`."""
    from django.utils import timezone

    from parindex.results.models import Publication
    from parindex.results.publishing import freeze

    publication = Publication.objects.create(
        year=YEAR,
        version=version,
        title=f"Chỉ số cải cách hành chính năm {YEAR}",
        published_at=timezone.now(),
        reason=reason,
    )
    freeze(publication, blocks)
    return publication


def write_history(year: int, blocks, rng: random.Random) -> None:
    """An earlier year as a historical import has it: index and rank of each unit."""
    from parindex.results.models import Publication, PublishedLevel, PublishedResult
    from parindex.scoring import rank

    publication = Publication.objects.create(
        year=year,
        version=1,
        title=f"Chỉ số cải cách hành chính năm {year}",
        published_at=datetime(year + 1, 3, 20, 2, tzinfo=UTC),
        decision=f"Quyết định số {100 + year % 100}/QĐ-UBND",
        source="Báo cáo kết quả Chỉ số CCHC của UBND tỉnh",
        historical=True,
    )
    for block in blocks:
        indices = {row.unit.pk: Decimal(rng.randint(6000, 9500)) / 100 for row in block.rows}
        ranks = rank(indices)
        PublishedLevel.objects.create(
            publication=publication,
            level=block.level,
            level_name=block.level.name,
            units_ranked=len(indices),
        )
        PublishedResult.objects.bulk_create(
            PublishedResult(
                publication=publication,
                unit=row.unit,
                level=block.level,
                unit_name=row.unit.name,
                index=indices[row.unit.pk],
                rank=ranks[row.unit.pk],
            )
            for row in block.rows
        )


def make_data() -> dict:
    """Fill the installation (Django set up from the environment); returns what the load
    generator needs. Runs in a subprocess of the benchmark."""
    import django

    django.setup()
    from django.db import transaction

    from parindex.catalog.models import Unit, UnitLevel

    rng = random.Random(2025)
    with transaction.atomic():
        blocks = []
        for order, (code, name, names, kind) in enumerate(
            (
                ("department", "Sở, ban, ngành", DEPARTMENTS, Unit.Kind.DEPARTMENT),
                ("commune", "UBND xã, phường", COMMUNES, Unit.Kind.COMMUNE),
            ),
            start=1,
        ):
            level = UnitLevel.objects.create(code=code, name=name, order=order)
            units = [
                Unit.objects.create(code=f"{code}-{n}", name=unit_name, level=level, kind=kind)
                for n, unit_name in enumerate(names, start=1)
            ]
            blocks.append(level_block(level, units, rng))
        for year in (YEAR - 2, YEAR - 1):
            write_history(year, blocks, rng)
        write_publication(blocks, version=1)
        write_publication(blocks, version=2, reason="Đính chính điểm thẩm định của một đơn vị")
    last = blocks[-1].rows[-1]
    return {
        "year": YEAR,
        "units": sum(len(block.rows) for block in blocks),
        "last": last.unit.name,
        "unit_pk": last.unit.pk,
    }


def profile(year: int, runs: int) -> None:
    """The ranking request in this process (same settings and database as gunicorn's): from the
    process's cache, rendered again, and /healthz; the queries of each."""
    from wsgiref.util import setup_testing_defaults

    import django

    django.setup()
    from django.core.cache import caches
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    handler = WSGIHandler()
    ranking = f"/ket-qua/{year}/"

    def request(path: str = ranking) -> None:
        environ = {"PATH_INFO": path, "HTTP_HOST": HOST}
        setup_testing_defaults(environ)
        status = []
        response = handler(environ, lambda line, headers, exc_info=None: status.append(line))
        b"".join(response)
        response.close()
        if not status[0].startswith("200"):
            raise BenchError(f"in-process GET {path}: {status[0]}")

    def cold() -> None:
        caches["fragments"].clear()
        request()

    def median_ms(function) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000

    def queries(function) -> int:
        with CaptureQueriesContext(connection) as captured:
            function()
        return len(captured)

    request()
    print(
        f"in-process, median of {runs}: ranking {median_ms(request):.2f} ms from the cache "
        f"({queries(request)} queries), {median_ms(cold):.1f} ms rendered again "
        f"({queries(cold)} queries); /healthz {median_ms(lambda: request('/healthz')):.2f} ms"
    )


# --- The run ----------------------------------------------------------------------------------


def interleaved(
    port: int, pages: dict, args: argparse.Namespace, headers: dict[str, str] | None = None
) -> dict:
    """The best throughput of each page over rounds that take the pages in turn, so that what
    else runs on the machine weighs on every page alike; `headers`: a signed-in user's cookies
    (bench_plans.py)."""
    headers = headers or {}
    for path, check in pages.values():
        throughput(port, path, headers, check, args.warmup, args.threads)
    best = dict.fromkeys(pages, (0.0, 0))
    for _ in range(args.rounds):
        for name, (path, check) in pages.items():
            measured = throughput(port, path, headers, check, args.seconds, args.threads)
            best[name] = max(best[name], measured)
    return best


def benchmark(args: argparse.Namespace) -> None:
    with contextlib.ExitStack() as cleanup:
        data, port, env = installation(args, cleanup, __file__, "Redis")

        ranking = f"/ket-qua/{data['year']}/"
        unit = f"/ket-qua/{data['year']}/don-vi/{data['unit_pk']}/"
        check_ranking = check_page(data["last"])
        # One request first: a clear message if the page does not work at all.
        for path, check in ((ranking, check_ranking), (unit, check_page(data["last"]))):
            problem = check(*get(port, path, {}))
            if problem:
                raise BenchError(f"GET {path}: {problem}")
        if "Phiên bản 2,".encode() not in get(port, ranking, {})[1]:
            raise BenchError(f"GET {ranking} does not show version 2")

        pages = {
            "trivial": ("/healthz", check_ok),
            "ranking": (ranking, check_ranking),
            "unit": (unit, check_page(data["last"])),
        }
        best = interleaved(port, pages, args)
        trivial, trivial_size = best["trivial"]
        print(f"trivial  GET /healthz ({trivial_size} B): {trivial:.1f} req/s", flush=True)
        for name in ("ranking", "unit"):
            path = pages[name][0]
            speed, size = best[name]
            ratio = 100 * speed / trivial
            verdict = f" (target ≥ {TARGET} %: {'ok' if ratio >= TARGET else 'NOT OK'})"
            print(
                f"{name:8} GET {path} ({data['units']} units, {size / 1024:.0f} KB): "
                f"{speed:.1f} req/s ({1000 * args.threads / speed:.1f} ms mean latency), "
                f"ratio {ratio:.1f} % of trivial{verdict if name == 'ranking' else ''}",
                flush=True,
            )
        if args.profile:
            output = run(
                [sys.executable, __file__, "--profile-view", str(data["year"])], env, "profiling"
            )
            print(output.rstrip())


def main() -> None:
    parser = options(__doc__.split("\n\n")[0])
    parser.add_argument("--profile-view", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    try:
        if args.make_data:
            print(DATA_MARK + json.dumps(make_data()))
        elif args.profile_view:
            profile(args.profile_view, runs=50)
        else:
            # A kill (SIGTERM) cleans up like Ctrl+C does.
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
            benchmark(args)
    except BenchError as error:
        print(f"bench_public: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
