"""Settings read from the environment, checked in a fresh interpreter as a server would start."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SEND = """
import json, time, django
django.setup()
from django.conf import settings
from django.core.mail import send_mail
started = time.monotonic()
try:
    send_mail("Thử", "Nội dung", "parindex@localhost", ["canbo@example.org"])
    outcome = "sent"
except OSError as error:
    outcome = type(error).__name__
print(json.dumps({
    "timeout": settings.MAILERS["default"]["OPTIONS"]["timeout"],
    "outcome": outcome,
    "seconds": time.monotonic() - started,
}))
"""


def run(code: str, **environment: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("EMAIL_", "DJANGO_", "TESTING"))
    }
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"} | environment
    done = subprocess.run(  # noqa: S603 (our interpreter, our code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_a_mail_server_that_does_not_answer_fails_the_sending_instead_of_hanging():
    with socket.socket() as silent:  # accepts connections and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        found = run(
            SEND,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(port),
            EMAIL_USE_TLS="0",
            EMAIL_TIMEOUT="1",
        )
    # smtplib reports its read timing out as the server having gone away.
    assert found["outcome"] == "SMTPServerDisconnected"
    assert found["timeout"] == 1
    assert found["seconds"] < 10


def test_the_mail_timeout_is_ten_seconds_unless_set():
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.MAILERS['default']['OPTIONS']))"
    )
    assert run(code, EMAIL_HOST="mail.example.org")["timeout"] == 10


def test_behind_the_proxy_the_login_limits_read_the_client_from_its_header():
    code = (
        "import json; from config import settings as s; print(json.dumps(["
        "s.AXES_IPWARE_META_PRECEDENCE_ORDER, getattr(s, 'AXES_IPWARE_PROXY_COUNT', None)]))"
    )
    assert run(code) == [["REMOTE_ADDR"], None]
    # ipware counts the proxies named in the header: all but the one Django talks to.
    assert run(code, BEHIND_PROXY="1") == [["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"], 0]
    assert run(code, BEHIND_PROXY="1", PROXY_COUNT="2") == [
        ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
        1,
    ]


# The settings module alone, as every process imports it first (no app needs to load).
SHOW = """
import json
from config import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "secure_cookies": settings.SESSION_COOKIE_SECURE,
    "secret_key": settings.SECRET_KEY,
    "database": settings.DATABASES["default"]["NAME"],
    "mail_password": settings.MAILERS["default"].get("OPTIONS", {}).get("password"),
    "redis": settings.REDIS_URL,
}))
"""


def start(**environment: str) -> subprocess.CompletedProcess:
    """Settings read as a server starts them; the outcome, whether they start or not."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("EMAIL_", "DJANGO_", "TESTING", "DEBUG", "SECRET_KEY"))
        and not key.startswith(("DATABASE_URL", "REDIS_URL", "SECURE_COOKIES"))
    }
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings"} | environment
    return subprocess.run(  # noqa: S603 (our interpreter, our code)
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def started(**environment: str) -> dict:
    done = start(**environment)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def refusal(**environment: str) -> str:
    """The last line of what a server that refuses to start prints."""
    done = start(**environment)
    assert done.returncode == 1
    assert done.stdout == ""
    return done.stderr.strip().splitlines()[-1]


def test_a_yes_or_no_variable_takes_its_usual_spellings_in_any_case():
    spellings = {"TRUE": True, " yes ": True, "Off": False, "": False}
    found = {word: started(DEBUG=word)["debug"] for word in spellings}
    assert found == spellings
    # Unset, each keeps its default: secure cookies are on unless debugging.
    assert started()["secure_cookies"] is True
    assert started(DEBUG="1")["secure_cookies"] is False


def test_a_misspelt_yes_or_no_refuses_to_start_naming_the_variable_and_the_words():
    assert refusal(DEBUG="ture") == (
        "django.core.exceptions.ImproperlyConfigured: DEBUG='ture' is neither yes nor no: use "
        "one of 1, true, yes, on to turn it on, or one of 0, false, no, off (or nothing) to turn "
        "it off"
    )
    assert refusal(DEBUG="1", SECURE_COOKIES="si").startswith(
        "django.core.exceptions.ImproperlyConfigured: SECURE_COOKIES='si' is neither yes nor no"
    )


def test_a_number_that_is_not_one_refuses_to_start():
    assert refusal(DEBUG="1", CONN_MAX_AGE="1m") == (
        "django.core.exceptions.ImproperlyConfigured: CONN_MAX_AGE='1m' is not a whole number"
    )


def test_every_secret_can_be_read_from_a_file(tmp_path):
    files = {
        "SECRET_KEY": "khoa-bi-mat-trong-tep",
        "DATABASE_URL": "postgres://parindex:mat-khau@db.example.org:5432/chiso",
        "EMAIL_HOST_PASSWORD": "mat-khau-thu",
        "REDIS_URL": "redis://:mat-khau@cache.example.org:6379/0",
    }
    environment = {"EMAIL_HOST": "mail.example.org"}
    for name, secret in files.items():
        (tmp_path / name).write_text(f"{secret}\n", encoding="utf-8")  # as `echo` writes it
        environment[f"{name}_FILE"] = str(tmp_path / name)
    assert started(**environment) | {"debug": None, "secure_cookies": None} == {
        "debug": None,
        "secure_cookies": None,
        "secret_key": "khoa-bi-mat-trong-tep",
        "database": "chiso",
        "mail_password": "mat-khau-thu",
        "redis": "redis://:mat-khau@cache.example.org:6379/0",
    }


def test_a_secret_given_twice_or_from_a_missing_or_empty_file_refuses_to_start(tmp_path):
    (tmp_path / "empty").write_text("\n", encoding="utf-8")
    (tmp_path / "key").write_text("khoa", encoding="utf-8")
    prefix = "django.core.exceptions.ImproperlyConfigured: "
    assert refusal(SECRET_KEY="khoa", SECRET_KEY_FILE=str(tmp_path / "key")) == (
        f"{prefix}SECRET_KEY and SECRET_KEY_FILE are both set: give one of them"
    )
    assert refusal(REDIS_URL_FILE=str(tmp_path / "empty")) == (
        f"{prefix}REDIS_URL_FILE: '{tmp_path / 'empty'}' is empty"
    )
    assert refusal(DATABASE_URL_FILE=str(tmp_path / "missing")).startswith(
        f"{prefix}DATABASE_URL_FILE: cannot read '{tmp_path / 'missing'}' ("
    )
