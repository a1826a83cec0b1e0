"""Scorecard page benchmark: requests per second of a unit's 60-item scorecard under gunicorn,
against a trivial Django view (`/healthz`) measured in the same run.

Run from the repository root: `.venv/bin/python benchmarks/bench_scorecard.py` (`make bench`).

1. Builds a throw-away production-like installation in a temporary directory: DEBUG off, a generated
   SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, MEDIA_ROOT and STATIC_ROOT in the directory, a fresh SQLite
   database (or, with BENCH_DATABASE_URL=postgres://user@host:port/db, a fresh database created on
   that server and dropped afterwards), `migrate`, `collectstatic` (WhiteNoise's compressed
   manifest).
2. Fills it, with Django set up in a subprocess: a unit, an in-use criteria set of 60 leaves with
   every rule kind, a period open today, the unit's 60 entries saved through the scorecard (inputs,
   self points, totals), each linked to an evidence document with two file versions written to
   MEDIA_ROOT, and a logged-in unit officer (the session and CSRF cookies, as a browser holds them
   after its first page, go to the load generator).
   With a Redis server (BENCH_REDIS_URL, default redis://127.0.0.1:6379/0 when it answers; "none"
   to go without), the installation uses it as production does (REDIS_URL: sessions; pages stay
   in each process), under a key prefix of its own whose keys are deleted at the end.
3. Serves it with gunicorn (sync workers on a free port) and measures, with client threads sending
   that cookie, GET /healthz (the floor: the whole stack minus the work of a page) and the
   scorecard GET /assessments/<pk>/ (every response must be 200 and name the unit, so a login
   redirect cannot pass for speed): a warm-up, then best of N rounds.
4. Prints both throughputs and the ratio scorecard / trivial. Target: ≥ 20 %. Exits non-zero only on
   errors, not when the target is missed. Cleans up (gunicorn, temporary directory, PostgreSQL
   database) whatever happens, unless --keep.

--profile adds an in-process profile of the scorecard request (queries, phases, cProfile).
"""

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import platform
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from importlib.metadata import version as package_version
from pathlib import Path
from urllib.parse import urlsplit

# Run as a script, so the repository root goes on the path before anything of the project.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parindex.scoring import EXTRA_KINDS, RuleKind  # noqa: E402 (the pure engine, once on the path)

TARGET = 20  # the scorecard's throughput, in % of the trivial view's
HOST = "127.0.0.1"
DATA_MARK = "BENCH-DATA "
# What the settings read from the environment: none of the caller's values may reach the
# installation (a developer's DEBUG=1 or DATABASE_URL would falsify or endanger the run).
SETTINGS_VARIABLES = (
    "DEBUG",
    "TESTING",
    "DEMO_MODE",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DATABASE_URL_FILE",
    "REDIS_URL",
    "REDIS_URL_FILE",
    "CACHE_KEY_PREFIX",
    "CONN_MAX_AGE",
    "MEDIA_ROOT",
    "BEHIND_PROXY",
    "SECURE_COOKIES",
    "SSL_REDIRECT",
    "HSTS_SECONDS",
    "PROXY_COUNT",
    "NO_MAIL",
    "SESSION_IDLE_MINUTES",
    "SESSION_MAX_HOURS",
    "AXES_ENABLED",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PARINDEX_REFERENCE_DIR",
)


class BenchError(Exception):
    """The benchmark could not run (as opposed to: it ran and the page is slow)."""


# --- The data: one unit's 60-item scorecard -------------------------------------------------

AREAS = (
    ("CDDH", "Công tác chỉ đạo, điều hành cải cách hành chính"),
    ("THCHE", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật"),
    ("TTHC", "Cải cách thủ tục hành chính"),
    ("TCBM", "Cải cách tổ chức bộ máy hành chính nhà nước"),
    ("CONGVU", "Cải cách chế độ công vụ"),
    ("TAICHINH", "Cải cách tài chính công"),
    ("CPS", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số"),
    ("TACDONG", "Tác động của cải cách hành chính đến người dân, tổ chức"),
)
KINDS = ("levels", "ratio_bands", "ratio_proportional", "deduction", "manual")
RULES = {
    "levels": {
        "kind": "levels",
        "levels": [
            {"label": "Hoàn thành đúng thời hạn, đủ nội dung", "points": 1},
            {"label": "Hoàn thành nhưng chậm hoặc thiếu nội dung", "points": 0.5},
            {"label": "Không hoàn thành", "points": 0},
        ],
    },
    "ratio_bands": {
        "kind": "ratio_bands",
        "numerator": "Số nhiệm vụ đã hoàn thành",
        "denominator": "Số nhiệm vụ được giao",
        "zero_denominator": "not_applicable",
        "bands": [{"min": 100, "points": 1}, {"min": 80, "points": 0.5}, {"min": 0, "points": 0}],
    },
    "ratio_proportional": {
        "kind": "ratio_proportional",
        "numerator": "Số hồ sơ giải quyết đúng hạn",
        "denominator": "Số hồ sơ đã giải quyết",
        "zero_denominator": "full_points",
    },
    "deduction": {"kind": "deduction", "per_item": 0.25, "item_label": "Số trường hợp vi phạm"},
    "manual": {"kind": "manual", "step": 0.25},
    "bonus": {"kind": "bonus", "cap": 1, "step": 0.25},
    "penalty": {"kind": "penalty", "cap": 1, "step": 0.25},
}
TITLES = {
    "levels": "Mức độ hoàn thành kế hoạch, nhiệm vụ {code} trong năm",
    "ratio_bands": "Tỷ lệ nhiệm vụ {code} được giao hoàn thành đúng hạn",
    "ratio_proportional": "Tỷ lệ hồ sơ thuộc nội dung {code} được giải quyết đúng hạn",
    "deduction": "Số trường hợp vi phạm quy định tại nội dung {code}",
    "manual": "Chất lượng báo cáo, tham mưu về nội dung {code}",
    "bonus": "Sáng kiến, giải pháp mới trong cải cách hành chính ({code})",
    "penalty": "Cơ quan có cán bộ bị xử lý kỷ luật ({code})",
}


def leaf(code: str, kind: str, n: int) -> dict:
    return {
        "code": code,
        "title": TITLES[kind].format(code=code),
        "max_points": 0 if kind in EXTRA_KINDS else 1,
        "method": "self",
        "evidence": ("required", "required", "optional", "none")[n % 4],
        "evidence_hint": "Quyết định, kế hoạch, báo cáo của đơn vị; văn bản chứng minh kết quả.",
        "guidance": "Chấm theo kết quả thực hiện đến ngày 15/12 của năm đánh giá; "
        "đối chiếu với tài liệu kiểm chứng đã tải lên.",
        "not_applicable_allowed": kind not in EXTRA_KINDS and n % 3 == 0,
        "rule": RULES[kind],
    }


def parent(code: str, title: str, children: list[dict], field: str | None = None) -> dict:
    node = {
        "code": code,
        "title": title,
        "max_points": sum(child["max_points"] for child in children),
        "children": children,
    }
    return node | ({"field": field} if field else {})


def criteria_document(year: int) -> dict:
    """Like the reference sets: 8 areas (one per PAR field) of 2 criteria with 4 + 3 items, rule
    kinds in turn, and an area of 2 bonus and 2 penalty items: 60 leaves, all self-scored."""
    counter = iter(range(1000))
    areas = [
        parent(
            str(area),
            title,
            [
                parent(
                    f"{area}.{c}",
                    f"Tiêu chí {area}.{c} thuộc lĩnh vực {title.lower()}",
                    [
                        leaf(f"{area}.{c}.{i}", KINDS[(area + c + i) % 5], next(counter))
                        for i in range(1, size + 1)
                    ],
                )
                for c, size in ((1, 4), (2, 3))
            ],
            field,
        )
        for area, (field, title) in enumerate(AREAS, start=1)
    ]
    extras = ("bonus", "bonus", "penalty", "penalty")
    areas.append(
        parent(
            "9",
            "Điểm thưởng, điểm trừ",
            [leaf(f"9.{n}", kind, next(counter)) for n, kind in enumerate(extras, start=1)],
        )
    )
    return {
        "format": "parindex.criteria/1",
        "title": f"Bộ tiêu chí đo hiệu năng cấp sở năm {year}",
        "level": "department",
        "year": year,
        "max_points": sum(area["max_points"] for area in areas),
        "not_applicable": "exclude",
        "classification": [
            {"label": "Tốt", "min": 90},
            {"label": "Khá", "min": 80},
            {"label": "Trung bình", "min": 70},
            {"label": "Yếu", "min": 0},
        ],
        "nodes": areas,
    }


def answer(node, rng: random.Random) -> dict:
    """What a unit officer would type for `node` (the scorecard form's cleaned data)."""
    kind = node.rule.kind
    data = {"explanation": "Đơn vị đã thực hiện theo kế hoạch." if rng.random() < 0.3 else ""}
    if node.not_applicable_allowed and rng.random() < 0.15:
        return data | {"not_applicable": True, "not_applicable_reason": "Không phát sinh"}
    if kind == RuleKind.LEVELS:
        return data | {"level": rng.choice(node.rule.levels).label}
    if kind in (RuleKind.RATIO_BANDS, RuleKind.RATIO_PROPORTIONAL):
        denominator = rng.randint(1, 40)
        return data | {
            "numerator": Decimal(rng.randint(denominator // 2, denominator)),
            "denominator": Decimal(denominator),
        }
    if kind == RuleKind.DEDUCTION:
        return data | {"count": rng.randint(0, 3)}
    return data | {"points": Decimal(rng.randint(0, 4)) / 4}


def evidence_bytes(n: int, version: int) -> bytes:
    """A small PDF-like file, different for every document and version."""
    text = f"Quyết định số {n}/QĐ-STP, phiên bản {version}\n".encode()
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + text * 40 + b"%%EOF\n"


def make_data() -> dict:
    """Fill the installation (Django set up from the environment); returns what the load
    generator needs. Runs in a subprocess of the benchmark."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.test import Client

    from parindex.accounts.models import Role, User
    from parindex.assessments import deadlines
    from parindex.assessments.models import (
        AssessmentPeriod,
        EntryEvidence,
        Evidence,
        EvidenceFile,
        UnitAssessment,
    )
    from parindex.assessments.scorecard import save_entry
    from parindex.catalog.editing import put_in_use
    from parindex.catalog.interchange import save_criteria_set
    from parindex.catalog.models import Criterion, Field, Unit, UnitLevel
    from parindex.scoring import parse_criteria

    today = deadlines.today()
    with transaction.atomic():
        admin = User.objects.create_user(
            "bench.quantri", full_name="Nguyễn Văn Quản", role=Role.ADMIN
        )
        level = UnitLevel.objects.create(code="department", name="Sở, ban, ngành", order=1)
        unit = Unit.objects.create(
            code="so-tu-phap", name="Sở Tư pháp", level=level, kind=Unit.Kind.DEPARTMENT
        )
        officer = User.objects.create_user(
            "stp.canbo", full_name="Lò Thị Hoa", role=Role.UNIT_OFFICER, unit=unit
        )
        for order, (code, name) in enumerate(AREAS, start=1):
            Field.objects.create(code=code, name=name, order=order)
        spec = parse_criteria(criteria_document(today.year))
        criteria_set = save_criteria_set(spec, by=admin)
        problems = put_in_use(criteria_set, by=admin)
        if problems:
            raise BenchError(f"the criteria set cannot be put in use: {problems}")
        period = AssessmentPeriod.objects.create(
            year=today.year,
            title=f"Đánh giá Chỉ số CCHC năm {today.year}",
            self_assessment_opens=today.replace(day=1),
            self_assessment_closes=today + timedelta(days=30),
            appraisal_closes=today + timedelta(days=40),
            explanation_closes=today + timedelta(days=45),
            final_appraisal_closes=today + timedelta(days=50),
        )
        period.criteria_sets.add(criteria_set)
        assessment = UnitAssessment.objects.create(
            period=period, unit=unit, criteria_set=criteria_set
        )
    ids = dict(Criterion.objects.filter(criteria_set=criteria_set).values_list("code", "pk"))
    rng = random.Random(2025)
    files = 0
    for n, node in enumerate(spec.leaves(), start=1):
        entry = save_entry(assessment, ids[node.code], answer(node, rng), version=0, by=officer)
        evidence = Evidence.objects.create(
            unit=unit,
            title=f"Quyết định số {n}/QĐ-STP về thực hiện nội dung {node.code}",
            reference_number=f"{n}/QĐ-STP",
            issued_on=today.replace(day=1),
            issuer="Sở Tư pháp",
            summary=f"Tài liệu kiểm chứng cho tiêu chí {node.code}.",
            created_by=officer,
        )
        for version in (1, 2):
            content = evidence_bytes(n, version)
            evidence_file = EvidenceFile(
                evidence=evidence,
                version=version,
                original_name=f"Quyết định {n} (bản {version}).pdf",
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_by=officer,
            )
            evidence_file.file.save(f"qd-{n}-v{version}.pdf", ContentFile(content), save=True)
            files += 1
        EntryEvidence.objects.create(entry=entry, evidence=evidence, linked_by=officer)
    assessment.refresh_from_db()
    if assessment.entered_count != len(spec.leaves()):
        raise BenchError(f"{assessment.entered_count} items entered, not {len(spec.leaves())}")
    client = Client()
    client.force_login(officer, backend="parindex.accounts.backends.ModelBackendWithUnit")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    # A browser sends back the CSRF cookie it was given with the first page; without it every
    # response would make and set a new one.
    first_page = client.get(assessment.get_absolute_url(), SERVER_NAME=HOST)
    csrf = first_page.cookies[settings.CSRF_COOKIE_NAME].value
    return {
        "pk": assessment.pk,
        "unit": unit.name,
        "officer": officer.username,
        "items": assessment.entered_count,
        "files": files,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
    }


def profile(pk: int, username: str, cookie: str, runs: int) -> None:
    """Where a scorecard request spends its time: the same request as the load generator's, through
    Django's WSGI handler in this process (same settings, database and session)."""
    import cProfile
    import io
    import pstats
    from wsgiref.util import setup_testing_defaults

    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from parindex.accounts.models import User
    from parindex.assessments import access, scorecard
    from parindex.assessments.models import UnitAssessment

    handler = WSGIHandler()
    scorecard_path = f"/assessments/{pk}/"

    def get(path: str = scorecard_path) -> None:
        environ = {"PATH_INFO": path, "HTTP_HOST": HOST, "HTTP_COOKIE": cookie}
        setup_testing_defaults(environ)
        status = []
        response = handler(environ, lambda line, headers, exc_info=None: status.append(line))
        b"".join(response)
        response.close()  # request_finished, as under gunicorn
        if not status[0].startswith("200"):
            raise BenchError(f"in-process GET {path}: {status[0]}")

    def median_ms(function: Callable[[], object]) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000

    def cold() -> None:
        # What a change by the unit does: the page's key moves, the tree is rendered again.
        UnitAssessment.objects.filter(pk=pk).update(last_activity_at=timezone.now())
        get()

    for _ in range(3):
        get()
    with CaptureQueriesContext(connection) as queries:
        get()
    captured = list(queries.captured_queries)
    assessment = access.get_assessment(User.objects.get(username=username), pk)
    request_ms = median_ms(get)
    cold_ms = median_ms(cold)
    load_ms = median_ms(lambda: scorecard.load(assessment))
    trivial_ms = median_ms(lambda: get("/healthz"))
    print(
        f"in-process, median of {runs}: scorecard {request_ms:.1f} ms with the page from the "
        f"cache ({len(captured)} queries), {cold_ms:.1f} ms after a change by the unit (of which "
        f"scorecard.load() {load_ms:.1f} ms); /healthz {trivial_ms:.2f} ms"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        get()
    profiler.disable()
    for order, count in (("cumulative", 40), ("tottime", 20)):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(count)
        print(f"--- cProfile of {runs} requests, by {order} (times inflated by the profiler) ---")
        print("\n".join(out.getvalue().strip().splitlines()[3:]))


# --- The installation, the server and the load generator -----------------------------------


def run(command: list[str], env: dict[str, str], what: str) -> str:
    """Run `command` from the repository root; its stdout, or BenchError with its output."""
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()
        raise BenchError(f"{what} failed ({result.returncode}):\n" + "\n".join(output[-30:]))
    return result.stdout


@contextlib.contextmanager
def database(url: str | None, folder: Path, keep: bool) -> Iterator[str]:
    """A fresh database: SQLite in `folder`, or a new database on BENCH_DATABASE_URL's
    PostgreSQL server, dropped on exit unless `keep`."""
    if not url:
        yield f"sqlite:///{folder / 'db.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    name = f"parindex_bench_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(url, autocommit=True) as server:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        raise BenchError(f"cannot create a database with BENCH_DATABASE_URL: {error}") from None
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        if keep:
            print(f"database {name} kept")
        else:
            with psycopg.connect(url, autocommit=True) as server:
                drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                server.execute(drop.format(sql.Identifier(name)))


@contextlib.contextmanager
def shared_cache(url: str | None) -> Iterator[dict[str, str]]:
    """The settings of a Redis cache as in production (REDIS_URL), under a key prefix of this run
    whose keys are deleted at the end; none ({}) when `url` is "none" or no Redis answers."""
    url = url or f"redis://{HOST}:6379/0"
    if url == "none":
        yield {}
        return
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError:
        yield {}
        return
    prefix = f"parindex-bench-{secrets.token_hex(4)}"
    try:
        yield {"REDIS_URL": url, "CACHE_KEY_PREFIX": prefix}
    finally:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        client.close()


def environment(folder: Path, database_url: str) -> dict[str, str]:
    """Production settings (config/settings.py) with everything in `folder`. The only change to the
    settings module is STATIC_ROOT, which settings.py does not read from the environment."""
    (folder / "bench_settings.py").write_text(
        "from config.settings import *  # noqa: F403\n\n"
        f"STATIC_ROOT = {str(folder / 'static')!r}\n",
        encoding="utf-8",
    )
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env = {key: value for key, value in env.items() if not key.startswith("EMAIL_")}
    return env | {
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "DEBUG": "0",
        # Served over plain HTTP on the loopback, as gunicorn behind the TLS proxy is: production
        # would redirect to HTTPS, which the proxy terminates.
        "SSL_REDIRECT": "0",
        "NO_MAIL": "1",
    }


def get(port: int, path: str, headers: dict[str, str], timeout: float = 30) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@contextlib.contextmanager
def gunicorn(env: dict[str, str], folder: Path, workers: int) -> Iterator[int]:
    """gunicorn serving config.wsgi on a free port (a socket bound here and handed over, so no
    other program can take the port in between); yields the port, stops gunicorn on exit."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((HOST, 0))
    listener.listen(1024)
    port = listener.getsockname()[1]
    log_path = folder / "gunicorn.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind=fd://{listener.fileno()}",
        f"--workers={workers}",
        "--worker-class=sync",
        f"--chdir={ROOT}",
        "--error-logfile=-",
        "--no-control-socket",  # no socket in ~/.gunicorn, shared by every gunicorn of the user
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=(listener.fileno(),),
            start_new_session=True,  # Ctrl+C reaches the benchmark only, which stops gunicorn
        )
    listener.close()
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise BenchError(f"gunicorn exited; its log ends with:\n{tail(log_path)}")
            with contextlib.suppress(OSError):
                if get(port, "/healthz", {}, timeout=5)[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise BenchError("gunicorn did not answer /healthz within 60 s")
            time.sleep(0.2)
        try:
            yield port
        except BenchError as error:
            raise BenchError(f"{error}\ngunicorn's log ends with:\n{tail(log_path)}") from None
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


Check = Callable[[int, bytes], str | None]


def throughput(
    port: int, path: str, headers: dict[str, str], check: Check, seconds: float, threads: int
) -> tuple[float, int]:
    """Requests per second of `threads` clients sending GET `path` back to back for `seconds`
    (keep-alive whenever the server keeps the connection), and the size of a response."""
    start_line = threading.Barrier(threads + 1)
    deadline = [0.0]
    done = [0] * threads
    finished = [0.0] * threads
    errors: list[str] = []
    size = [0]

    def client(n: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            start_line.wait()
            while time.perf_counter() < deadline[0]:
                for attempt in (1, 2):
                    try:
                        connection.request("GET", path, headers=headers)
                        response = connection.getresponse()
                        status, body = response.status, response.read()
                        break
                    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                        # The server closed a kept-alive connection; once on a new one.
                        connection.close()
                        if attempt == 2:
                            raise
                problem = check(status, body)
                if problem:
                    errors.append(f"GET {path}: {problem}")
                    return
                size[0] = len(body)
                done[n] += 1
        except Exception as error:
            errors.append(f"GET {path}: {type(error).__name__}: {error}")
        finally:
            finished[n] = time.perf_counter()
            connection.close()

    workers = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(threads)]
    for worker in workers:
        worker.start()
    deadline[0] = time.perf_counter() + seconds
    start_line.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    if errors:
        raise BenchError(errors[0])
    return sum(done) / (max(finished) - started), size[0]


def best_throughput(
    port: int, path: str, headers: dict[str, str], check: Check, args: argparse.Namespace
) -> tuple[float, int]:
    throughput(port, path, headers, check, args.warmup, args.threads)
    rounds = [
        throughput(port, path, headers, check, args.seconds, args.threads)
        for _ in range(args.rounds)
    ]
    return max(rounds)


def check_ok(status: int, body: bytes) -> str | None:
    if status != 200 or body != b"ok":
        return f"expected 200 ok, got {status} {body[:80]!r}"
    return None


def check_page(marker: str) -> Check:
    wanted = marker.encode()

    def check(status: int, body: bytes) -> str | None:
        if status != 200:
            return f"expected 200, got {status} (a login redirect or an error)"
        if wanted not in body:
            return f"the page does not name {marker!r}"
        return None

    return check


def installation(
    args: argparse.Namespace, cleanup: contextlib.ExitStack, script: str, cache_note: str
) -> tuple[dict, int, dict[str, str]]:
    """Print the run's header, build the throw-away installation (database, cache, migrate,
    collectstatic, then `script --make-data`) and serve it with gunicorn, all undone by
    `cleanup`; returns the data the script reported, gunicorn's port and the environment."""
    server_url = os.environ.get("BENCH_DATABASE_URL")
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPU, "
        f"{'PostgreSQL' if server_url else 'SQLite'}, gunicorn {package_version('gunicorn')} "
        f"({args.workers} sync workers), {args.threads} client threads, "
        f"best of {args.rounds} rounds of {args.seconds:g} s",
        flush=True,
    )
    folder = Path(tempfile.mkdtemp(prefix="parindex-bench-"))
    if args.keep:
        cleanup.callback(print, f"installation kept in {folder} (gunicorn.log, db, media)")
    else:
        cleanup.callback(shutil.rmtree, folder, ignore_errors=True)
    database_url = cleanup.enter_context(database(server_url, folder, args.keep))
    cache_settings = cleanup.enter_context(shared_cache(os.environ.get("BENCH_REDIS_URL")))
    print(f"cache: {cache_note if cache_settings else 'per process'}", flush=True)
    env = environment(folder, database_url) | cache_settings
    python = [sys.executable, str(ROOT / "manage.py")]
    run([*python, "migrate", "--no-input"], env, "migrate")
    run([*python, "collectstatic", "--no-input"], env, "collectstatic")
    output = run([sys.executable, script, "--make-data"], env, "creating the data")
    data = json.loads(output.split(DATA_MARK, 1)[1])
    return data, cleanup.enter_context(gunicorn(env, folder, args.workers)), env


def benchmark(args: argparse.Namespace) -> None:
    with contextlib.ExitStack() as cleanup:
        data, port, env = installation(args, cleanup, __file__, "Redis, sessions read from it")

        headers = {"Cookie": data["cookie"]}
        page = f"/assessments/{data['pk']}/"
        # One request first: a clear message if the page does not work at all.
        problem = check_page(data["unit"])(*get(port, page, headers))
        if problem:
            raise BenchError(f"GET {page}: {problem}")
        trivial, trivial_size = best_throughput(port, "/healthz", headers, check_ok, args)
        print(f"trivial    GET /healthz ({trivial_size} B): {trivial:.1f} req/s", flush=True)
        card, card_size = best_throughput(port, page, headers, check_page(data["unit"]), args)
        ratio = 100 * card / trivial
        verdict = "ok" if ratio >= TARGET else "NOT OK"
        print(
            f"scorecard  GET {page} ({data['items']} items, {data['files']} files, "
            f"{card_size / 1024:.0f} KB): {card:.1f} req/s ({1000 * args.threads / card:.0f} ms "
            f"mean latency), ratio {ratio:.1f} % of trivial (target ≥ {TARGET} %: {verdict})"
        )
        # Context, not a target: any page for a signed-in user (session, user, the layout).
        floor, floor_size = best_throughput(port, "/", headers, check_page(data["unit"]), args)
        print(
            f"reference  GET / (home page of the same signed-in user, {floor_size / 1024:.0f} "
            f"KB): {floor:.1f} req/s, ratio {100 * floor / trivial:.1f} % of trivial; the "
            f"scorecard is {100 * card / floor:.0f} % of it"
        )
        if args.profile:
            output = run(
                [sys.executable, __file__, "--profile-view", str(data["pk"]), data["officer"]],
                env | {"BENCH_SESSION_COOKIE": data["cookie"]},
                "profiling",
            )
            print(output.rstrip())


def options(description: str) -> argparse.ArgumentParser:
    """The options every page benchmark takes (bench_public.py too); `--profile-view` is added
    by each, with what its in-process profile needs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=float, default=5, help="length of a round (5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, the best counts (3)")
    parser.add_argument("--warmup", type=float, default=2, help="warm-up seconds (2)")
    parser.add_argument("--threads", type=int, default=4, help="client threads (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--profile", action="store_true", help="profile the view in-process")
    parser.add_argument("--keep", action="store_true", help="keep the temporary installation")
    # Internal: the step that runs inside the installation, with Django set up.
    parser.add_argument("--make-data", action="store_true", help=argparse.SUPPRESS)
    return parser


def main() -> None:
    parser = options(__doc__.split("\n\n")[0])
    parser.add_argument("--profile-view", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    try:
        if args.make_data:
            print(DATA_MARK + json.dumps(make_data()))
        elif args.profile_view:
            pk, username = args.profile_view
            profile(int(pk), username, os.environ["BENCH_SESSION_COOKIE"], runs=20)
        else:
            # A kill (SIGTERM) cleans up like Ctrl+C does.
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
            benchmark(args)
    except BenchError as error:
        print(f"bench_scorecard: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
