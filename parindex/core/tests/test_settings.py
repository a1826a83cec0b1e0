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
