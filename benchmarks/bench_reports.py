"""Periodic reports benchmark: requests per second of a period's aggregate page (60 units × 80
indicators, the fourth of 4 periods) under gunicorn, against the signed-in home page of the same
user measured in the same run; and the time of the Excel annex and the Word draft.

Run from the repository root: `.venv/bin/python benchmarks/bench_reports.py` (`make bench`).

1. Builds the same throw-away production-like installation as bench_scorecard.py (whose helpers
   it uses): DEBUG off, a fresh SQLite database (or one on BENCH_DATABASE_URL's server), migrate,
   collectstatic, Redis as in production when one answers (BENCH_REDIS_URL).
2. Fills it in a subprocess: 30 departments and 30 communes; a template of 8 sections × 10
   indicators (numbers, percentages, yes/no, text, 2 × 2 tables); the 4 periods of the year
   opened, every unit's sections typed (stored as a unit's save stores them) and its report
   submitted through `workflow.submit_report` (every value read and checked).
3. Serves it with gunicorn and measures, signed in as the administrator, GET / and the aggregate
   page of the year's period (every response must be 200 and name the last commune): a warm-up,
   then the best of N rounds, the two pages in turn.
4. Prints the throughputs and the ratio. Target: aggregates ≥ 25 % of the home page. Then the
   time of the Excel annex and of the Word draft of that period, in-process, best of 3.
   Exits non-zero only on errors, not when the target is missed. Cleans up whatever happens.
"""

import argparse
import contextlib
import json
import random
import signal
import sys
import time

from bench_public import COMMUNES, DEPARTMENTS
from bench_scorecard import (
    DATA_MARK,
    HOST,
    BenchError,
    check_page,
    get,
    installation,
    options,
    run,
    throughput,
)

TARGET = 25  # the aggregate page's throughput, in % of the signed-in home page's
YEAR = 2025
SECTIONS, PER_SECTION = 8, 10
KINDS = ("number", "percentage", "yes_no", "number", "table", "number", "percentage", "text")


def document() -> dict:
    sections = []
    for s in range(1, SECTIONS + 1):
        indicators = []
        for i in range(1, PER_SECTION + 1):
            kind = KINDS[(s + i) % len(KINDS)]
            node = {
                "code": f"S{s}.{i}",
                "title": f"Chỉ tiêu {s}.{i}",
                "type": kind,
                "unit": "hồ sơ",
            }
            if kind == "table":
                node["rows"] = [
                    {"code": "nhan", "title": "Tiếp nhận"},
                    {"code": "tre", "title": "Quá hạn"},
                ]
                node["columns"] = [
                    {"code": "tt", "title": "Trực tiếp"},
                    {"code": "tt2", "title": "Trực tuyến"},
                ]
            indicators.append(node)
        sections.append(
            {
                "code": f"S{s}",
                "title": f"Lĩnh vực {s}",
                "prompt": "Kết quả",
                "indicators": indicators,
            }
        )
    return {
        "format": "parindex.report-template/1",
        "code": "bench",
        "title": "Báo cáo CCHC (benchmark)",
        "year": YEAR,
        "kinds": ["q1", "h1", "q3", "year"],
        "levels": ["department", "commune"],
        "sections": sections,
    }


def typed(indicator, rng: random.Random) -> dict[str, str]:
    if indicator.type == "percentage":
        total = rng.randint(10, 500)
        return {
            f"{indicator.code}/n": str(rng.randint(0, total)),
            f"{indicator.code}/d": str(total),
        }
    if indicator.type == "yes_no":
        return {indicator.code: rng.choice(["yes", "no"])}
    if indicator.type == "text":
        return {indicator.code: "Đã thực hiện theo kế hoạch."}
    return {key: str(rng.randint(0, 2000)) for key in indicator.input_keys()}


def make_data() -> dict:
    """Fill the installation (Django set up from the environment); returns what the load
    generator needs. Runs in a subprocess of the benchmark."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction
    from django.test import Client

    from parindex.accounts.models import Role, User
    from parindex.catalog.models import Unit, UnitLevel
    from parindex.reports import periods, workflow
    from parindex.reports.models import ReportSection
    from parindex.reports.spec import Kind, parse_template
    from parindex.reports.template_store import save_template

    rng = random.Random(2025)
    with transaction.atomic():
        units = []
        for order, (code, name, names) in enumerate(
            (
                ("department", "Sở, ban, ngành", DEPARTMENTS),
                ("commune", "UBND xã, phường", COMMUNES[:30]),
            ),
            start=1,
        ):
            level = UnitLevel.objects.create(code=code, name=name, order=order)
            units += [
                Unit.objects.create(code=f"{code}-{n}", name=unit_name, level=level)
                for n, unit_name in enumerate(names, start=1)
            ]
        heads = {
            u.pk: User.objects.create(username=f"head{u.pk}", role=Role.UNIT_HEAD, unit=u)
            for u in units
        }
        admin = User.objects.create(username="bench-admin", role=Role.ADMIN)
        template = save_template(parse_template(document()), by=admin)
        spec = template.spec
        for kind in (Kind.Q1, Kind.HALF_YEAR, Kind.Q3, Kind.YEAR):
            period = periods.create_period(template, kind=kind, year=YEAR, units=units, by=admin)
            periods.open_period(period, by=admin)
            reports = list(period.reports.select_related("period__template", "unit"))
            ReportSection.objects.bulk_create(
                ReportSection(
                    report=report,
                    code=section.code,
                    narrative=f"{report.unit.name}: kết quả {section.title.lower()}.",
                    values={k: v for i in section.indicators for k, v in typed(i, rng).items()},
                    version=1,
                )
                for report in reports
                for section in spec.sections
            )
            for report in reports:
                workflow.submit_report(report, by=heads[report.unit_id])
    client = Client()
    client.force_login(admin)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = client.get("/", SERVER_NAME=HOST).cookies[settings.CSRF_COOKIE_NAME].value
    return {
        "period": period.pk,
        "units": len(units),
        "indicators": sum(1 for _ in spec.indicators()),
        "last": units[-1].name,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
    }


def export_times(pk: int) -> None:
    """The annex and the draft of period `pk`, in-process, best of 3 (Django set up)."""
    import django

    django.setup()
    from parindex.reports import exports, word
    from parindex.reports.models import ReportingPeriod

    for name, make in (("Excel annex", exports.annex), ("Word draft ", word.draft)):
        best, size = float("inf"), 0
        for _ in range(3):
            period = ReportingPeriod.objects.select_related("template").get(pk=pk)
            start = time.perf_counter()
            size = len(make(period))
            best = min(best, time.perf_counter() - start)
        print(f"{name} ({size / 1024:.0f} KB): {best:.2f} s", flush=True)


def benchmark(args: argparse.Namespace) -> None:
    with contextlib.ExitStack() as cleanup:
        data, port, env = installation(args, cleanup, __file__, "Redis, sessions read from it")
        headers = {"Cookie": data["cookie"]}
        page = f"/reports/periods/{data['period']}/aggregates/"
        check = check_page(data["last"])
        problem = check(*get(port, page, headers))
        if problem:
            raise BenchError(f"GET {page}: {problem}")
        pages = {"home": ("/", check_page("bench-admin")), "aggregates": (page, check)}
        best = interleaved(port, pages, headers, args)
        home, home_size = best["home"]
        speed, size = best["aggregates"]
        ratio = 100 * speed / home
        print(f"home        GET / ({home_size / 1024:.0f} KB): {home:.1f} req/s", flush=True)
        print(
            f"aggregates  GET {page} ({data['units']} units × {data['indicators']} indicators, 4 "
            f"periods, {size / 1024:.0f} KB): {speed:.1f} req/s "
            f"({1000 * args.threads / speed:.0f} ms mean latency), ratio {ratio:.1f} % of the home "
            f"page (target ≥ {TARGET} %: {'ok' if ratio >= TARGET else 'NOT OK'})",
            flush=True,
        )
        print(
            run(
                [sys.executable, __file__, "--export-times", str(data["period"])], env, "exports"
            ).rstrip()
        )


def interleaved(port: int, pages: dict, headers: dict, args: argparse.Namespace) -> dict:
    """bench_public's rounds taking the pages in turn, signed in (that one sends no cookie)."""
    for path, check in pages.values():
        throughput(port, path, headers, check, args.warmup, args.threads)
    best = dict.fromkeys(pages, (0.0, 0))
    for _ in range(args.rounds):
        for name, (path, check) in pages.items():
            best[name] = max(
                best[name], throughput(port, path, headers, check, args.seconds, args.threads)
            )
    return best


def main() -> None:
    parser = options(__doc__.split("\n\n")[0])
    parser.add_argument("--export-times", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    try:
        if args.make_data:
            print(DATA_MARK + json.dumps(make_data()))
        elif args.export_times:
            export_times(args.export_times)
        else:
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
            benchmark(args)
    except BenchError as error:
        print(f"bench_reports: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
