"""Plans dashboard benchmark: requests per second of the admin's dashboard of a year's PAR plans
under gunicorn, against the signed-in home page measured in the same run.

Run from the repository root: `.venv/bin/python benchmarks/bench_plans.py` (`make bench`);
`--national` for the national scale.

1. Builds the same throw-away production-like installation as bench_scorecard.py (whose helpers
   it uses).
2. Fills it with `manage.py generate_plans`: at province scale 45 units × 60 tasks × 4 progress
   updates; with --national 4,000 units × 60 tasks × 1 update (240,000 tasks).
3. Serves it with gunicorn and measures, as the signed-in admin, GET / (the home page) and the
   dashboard GET /plans/<year>/dashboard/ (every response must be 200 and name the first unit,
   the unit table being paged), taken in turn in each round: a warm-up, then best of N rounds.
4. Prints the throughputs and the dashboard's ratio to the home page. Target at province scale:
   ≥ 30 %. Exits non-zero only on errors. Cleans up whatever happens.

The dashboard is served from the page cache while the year's plans do not change (the common
case: Sở Nội vụ reading); --profile adds, in-process, the dashboard rendered again (after a
change) and from the cache, with their queries.
"""

import argparse
import contextlib
import json
import os
import signal
import statistics
import sys
import time

from bench_public import interleaved
from bench_scorecard import (
    DATA_MARK,
    HOST,
    BenchError,
    check_page,
    get,
    installation,
    options,
    run,
)

TARGET = 30  # the dashboard's throughput, in % of the home page's
YEAR = 2025
SCALES = {"province": (45, 60, 4), "national": (4000, 60, 1)}


def make_data(scale: str) -> dict:
    """Fill the installation (Django set up from the environment) and log the admin in; returns
    what the load generator needs. Runs in a subprocess of the benchmark."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from parindex.accounts.models import Role, User
    from parindex.catalog.models import Unit

    units, tasks, updates = SCALES[scale]
    admin = User.objects.create_user("quantri", role=Role.ADMIN, full_name="Quản trị")
    started = time.perf_counter()
    call_command(
        "generate_plans", year=YEAR, units=units, tasks=tasks, updates=updates, stdout=sys.stderr
    )
    generated = time.perf_counter() - started
    client = Client()
    client.force_login(admin, backend="parindex.accounts.backends.ModelBackendWithUnit")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    first = Unit.objects.filter(code__startswith="bench-").order_by("name").first()
    return {
        "year": YEAR,
        "units": units,
        "tasks": units * tasks + tasks,
        "updates": units * tasks * updates,
        "generated": generated,
        "first": first.name if first else "",
        # Only GETs are measured: no CSRF cookie (the admin's home page may not set one).
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session}",
    }


def profile(year: int, cookie: str, runs: int) -> None:
    """The dashboard in this process: rendered again (the cache emptied, as after a change) and
    from the cache, with the queries of each, against the home page."""
    from wsgiref.util import setup_testing_defaults

    import django

    django.setup()
    from django.core.cache import caches
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    handler = WSGIHandler()
    dashboard = f"/plans/{year}/dashboard/"

    def request(path: str = dashboard) -> None:
        environ = {"PATH_INFO": path, "HTTP_HOST": HOST, "HTTP_COOKIE": cookie}
        setup_testing_defaults(environ)
        status = []
        response = handler(environ, lambda line, headers, exc_info=None: status.append(line))
        b"".join(response)
        response.close()
        if not status[0].startswith("200"):
            raise BenchError(f"in-process GET {path}: {status[0]}")

    def cold() -> None:
        caches["pages"].clear()
        request()

    def median_ms(function, times: int = runs) -> float:
        measured = []
        for _ in range(times):
            started = time.perf_counter()
            function()
            measured.append(time.perf_counter() - started)
        return statistics.median(measured) * 1000

    def queries(function) -> int:
        with CaptureQueriesContext(connection) as captured:
            function()
        return len(captured)

    request()
    print(
        f"in-process, median of {runs}: dashboard {median_ms(request):.2f} ms from the cache "
        f"({queries(request)} queries), {median_ms(cold, max(3, runs // 10)):.1f} ms rendered "
        f"again ({queries(cold)} queries); home page {median_ms(lambda: request('/')):.2f} ms"
    )


def benchmark(args: argparse.Namespace) -> None:
    scale = "national" if args.national else "province"
    # Read by the data step, which runs in the installation's environment.
    os.environ["BENCH_PLANS_SCALE"] = scale
    with contextlib.ExitStack() as cleanup:
        data, port, env = installation(args, cleanup, __file__, f"Redis ({scale} scale)")
        print(
            f"data: {data['units']} units, {data['tasks']} tasks, {data['updates']} updates "
            f"(generated in {data['generated']:.1f} s)",
            flush=True,
        )
        headers = {"Cookie": data["cookie"]}
        dashboard = f"/plans/{data['year']}/dashboard/"
        check = check_page(data["first"])
        for path in ("/", dashboard):
            problem = check_page("")(*get(port, path, headers, timeout=600))
            if problem:
                raise BenchError(f"GET {path}: {problem}")
        # The page lists the units in Vietnamese order, a page at a time; the first is in it.
        pages = {"home": ("/", check_page("Quản trị")), "dashboard": (dashboard, check)}
        best = interleaved(port, pages, args, headers)
        home, home_size = best["home"]
        speed, size = best["dashboard"]
        ratio = 100 * speed / home
        verdict = f"target ≥ {TARGET} %: {'ok' if ratio >= TARGET else 'NOT OK'}"
        print(f"home       GET / ({home_size / 1024:.0f} KB): {home:.1f} req/s", flush=True)
        print(
            f"dashboard  GET {dashboard} ({size / 1024:.0f} KB): {speed:.1f} req/s "
            f"({1000 * args.threads / speed:.1f} ms mean latency), ratio {ratio:.1f} % of the "
            f"home page ({verdict if scale == 'province' else 'no target at national scale'})",
            flush=True,
        )
        if args.profile:
            output = run(
                [sys.executable, __file__, "--profile-view", str(data["year"])],
                env | {"BENCH_SESSION_COOKIE": data["cookie"]},
                "profiling",
            )
            print(output.rstrip())


def main() -> None:
    parser = options(__doc__.split("\n\n")[0])
    parser.add_argument("--national", action="store_true", help="4,000 units × 60 tasks")
    parser.add_argument("--profile-view", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    try:
        if args.make_data:
            print(
                DATA_MARK + json.dumps(make_data(os.environ.get("BENCH_PLANS_SCALE", "province")))
            )
        elif args.profile_view:
            profile(args.profile_view, os.environ["BENCH_SESSION_COOKIE"], runs=50)
        else:
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
            benchmark(args)
    except BenchError as error:
        print(f"bench_plans: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
