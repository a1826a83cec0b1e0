"""Settings of PAR Index: one file, every deployment-specific value read from the environment.

Environment variables (all optional for local use). A yes/no variable takes 1, true, yes or on
for yes and 0, false, no, off or nothing for no (any case); any other value refuses to start.
Every secret (marked *) can instead be given as <NAME>_FILE, the path of a file holding it
(a mounted secret); giving both, or a file that is missing or empty, refuses to start.
  DEBUG                 yes/no: debug mode (off unless asked)
  SECRET_KEY *          the secret key (required to serve unless DEBUG)
  ALLOWED_HOSTS         comma-separated host names (debug default: localhost,127.0.0.1)
  CSRF_TRUSTED_ORIGINS  comma-separated origins behind a TLS proxy
  BEHIND_PROXY          yes/no: trust X-Forwarded-Proto from the proxy (off)
  PROXY_COUNT           proxies in front of the server, whose X-Forwarded-For gives the client's
                        address to the login limits (default 1 with BEHIND_PROXY, else 0)
  SECURE_COOKIES        yes/no: session and CSRF cookies only over HTTPS (on unless DEBUG)
  DATABASE_URL *        e.g. postgres://user@127.0.0.1:5432/parindex (default: SQLite db.sqlite3)
  CONN_MAX_AGE          seconds a database connection is kept (default 60)
  MEDIA_ROOT            where evidence files go with the file-system storage (default: ./media)
  EVIDENCE_MAX_BYTES, CRITERIA_UPLOAD_MAX_BYTES
                        largest evidence file (default 20 MB) and criteria file (default 5 MB)
  EMAIL_*               EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD *,
                        EMAIL_USE_TLS (yes/no, on), EMAIL_TIMEOUT (seconds, default 10),
                        DEFAULT_FROM_EMAIL; without EMAIL_HOST mail is written to the console
  NO_MAIL               yes/no: no mail server on purpose, nothing is sent (off)
  SSL_REDIRECT          yes/no: redirect plain HTTP to HTTPS (on unless DEBUG)
  HSTS_SECONDS          Strict-Transport-Security max-age (default a year, 0 with DEBUG);
                        HSTS_INCLUDE_SUBDOMAINS (yes/no, on), HSTS_PRELOAD (yes/no, off)
  SESSION_IDLE_MINUTES  a signed-in session ends after this long without a request (default 30)
  SESSION_MAX_HOURS     and this long after signing in, whatever (default 12)
  REDIS_URL *           a cache shared by the server processes (sessions are then read from it)
  CACHE_KEY_PREFIX      this installation's prefix in that cache (default: parindex)
  LOG_LEVEL             the root log level (default: INFO)
  PROVINCE_NAME         the province, as written on signed documents (default: Điện Biên)
  DOCUMENT_AUTHORITY    the body above the issuer on the province's documents, and above a
                        department on its own (default: UBND tỉnh <PROVINCE_NAME>)
  DOCUMENT_ISSUER       who issues the published results (default: Sở Nội vụ)
  DOCUMENT_SIGNER_POSITION, DOCUMENT_SIGNER_NAME
                        who signs them for the issuer (default: Giám đốc, name left blank)
  DOCUMENT_DECISION_BY  who issues the decision approving the results, the publish form's
                        default (default: Chủ tịch UBND tỉnh <PROVINCE_NAME>)
  PDF_SIGNING_PKCS12, PDF_SIGNING_PASSWORD *
                        the province's certificate and key (a PKCS#12 file) and its password:
                        the published PDFs are then signed (PAdES); unset, nothing is signed
  DEMO_MODE             yes/no: a demonstration installation (shown in the page header)
  SECOND_FACTOR_GRACE_DAYS, SECOND_FACTOR_SINCE
                        days an admin, appraisal lead or appraiser may sign in without a second
                        factor after the account was created (default 14), counted for older
                        accounts from SECOND_FACTOR_SINCE (YYYY-MM-DD, default 2026-12-07)
  TESTING               yes/no: test settings (also on whenever pytest runs); AXES_ENABLED
                        (yes/no, off) turns the login limits on in tests
docs/operations.md explains each one.
"""

import os
import sys
from datetime import date
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


YES = ("1", "true", "yes", "on")
NO = ("0", "false", "no", "off", "")


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable; a value that is neither (DEBUG=ture) refuses to start."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in YES + NO:
        raise ImproperlyConfigured(
            f"{name}={value!r} is neither yes nor no: use one of {', '.join(YES)} to turn it on, "
            f"or one of {', '.join(NO[:-1])} (or nothing) to turn it off"
        )
    return word in YES


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def env_date(name: str, default: str) -> date:
    value = os.environ.get(name, "").strip() or default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a date (YYYY-MM-DD)") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """A secret given as NAME, or as NAME_FILE, the path of a file holding it (surrounding
    whitespace and the final newline ignored). Both at once, or a file that cannot be read or
    is empty, refuse to start: a secret silently falling back to its default is worse."""
    value, path = os.environ.get(name, ""), os.environ.get(f"{name}_FILE", "")
    if value and path:
        raise ImproperlyConfigured(f"{name} and {name}_FILE are both set: give one of them")
    if not path:
        return value or default
    try:
        value = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise ImproperlyConfigured(f"{name}_FILE: cannot read {path!r} ({error})") from None
    if not value:
        raise ImproperlyConfigured(f"{name}_FILE: {path!r} is empty")
    return value


def read_secret_key() -> str:
    if secret := env_secret("SECRET_KEY"):
        return secret
    if DEBUG or TESTING:
        return "insecure-development-key-never-use-in-production"
    # Left empty, Django refuses to start serving ("The SECRET_KEY setting must not be empty")
    # while commands that sign nothing (makemigrations --check, migrate, check) still run.
    return ""


# pytest imports the settings before any conftest can set TESTING.
TESTING = env_bool("TESTING") or "pytest" in sys.modules
DEBUG = env_bool("DEBUG")
DEMO_MODE = env_bool("DEMO_MODE")
SECRET_KEY = read_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    # The second factor (accounts/second_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "parindex.core",
    "parindex.accounts",
    "parindex.catalog",
    "parindex.scoring",
    "parindex.assessments",
    "parindex.appraisal",
    "parindex.results",
    # Periodic PAR reports (issue 16).
    "parindex.reports",
    # PAR plans and their progress (issue 15): reads catalog and the evidence library.
    "parindex.plans",
    "parindex.annual",
    # What waits for each person: reads every app below it.
    "parindex.todo",
    # The admin's audit log: names the objects of every app below it.
    "parindex.auditlog",
    # The demonstration data: on top of everything, imported by nothing.
    "parindex.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "parindex.core.security.SecurityHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "parindex.core.security.SessionLimitsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "parindex.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "parindex.core.http.OddInputMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "parindex" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parindex.accounts.context_processors.menu",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_secret("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not TESTING:
    # Two people saving at once wait for each other instead of one getting "database is locked":
    # writers take the lock when their transaction begins (a reader upgrading to a writer cannot
    # wait), wait up to 20 s for it, and readers do not block writers (WAL). Not in the tests:
    # their database is in memory with a shared cache, where locks are refused at once instead
    # of waited for, and taking the write lock early only made browser journeys collide.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "parindex.accounts.backends.ModelBackendWithUnit",
]
# --- Second factor (django-otp; accounts/second_factor.py) -------------------------------------
# Required for these roles, optional for the others. An account may sign in without it until
# SECOND_FACTOR_GRACE_DAYS after it was created, or after SECOND_FACTOR_SINCE (the day the
# requirement began) for older accounts.
SECOND_FACTOR_ROLES = ("admin", "appraisal_lead", "appraiser")
SECOND_FACTOR_GRACE_DAYS = env_int("SECOND_FACTOR_GRACE_DAYS", 14)
SECOND_FACTOR_SINCE = env_date("SECOND_FACTOR_SINCE", "2026-12-07")
OTP_TOTP_ISSUER = "Chỉ số CCHC"
# --- end of second factor ------------------------------------------------------------------------
# --- Password rules (accounts/passwords.py: Django's, in Vietnamese, and the place's words) ------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "parindex.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "parindex.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "parindex.accounts.passwords.ContextWordsValidator"},
    {"NAME": "parindex.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "parindex.accounts.passwords.NumericPasswordValidator"},
]
# --- end of password rules -----------------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A set-password link handed to a new user stays valid for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# --- Login limits (django-axes) -------------------------------------------------------------
# A user name and an address are each locked on their own after five failures: locking the pair
# let anyone behind the same proxy address lock a real user out, and let one address try every
# user name. A user locked out by a stranger gets back in with a set-password link.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The client's address: behind PROXY_COUNT proxies, the one the outermost proxy saw, read from
# X-Forwarded-For counted from the right (whatever the client wrote to its left is ignored).
# ipware counts only the proxies named in that header, i.e. all but the one Django talks to.
PROXY_COUNT = env_int("PROXY_COUNT", 1 if env_bool("BEHIND_PROXY") else 0)
if PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
# A header with more addresses than proxies is someone's forgery in front of ours: still use the
# position our proxies wrote, not the fallback REMOTE_ADDR (the proxy, shared by everyone).
IPWARE_STRICT = False
# --- end of login limits ---------------------------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "parindex" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["parindex.core.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "parindex" / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media-not-served/"  # evidence is served only through views that check access
STORAGES = {
    # Whole files or none (a server killed while writing leaves no half file under a real name).
    "default": {"BACKEND": "parindex.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

_email_host = os.environ.get("EMAIL_HOST", "")
# Django 6.1 mailers; without a mail server, messages go to the console.
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": env_secret("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                # A mail server that stops answering must not hold a web worker.
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            },
        }
        if _email_host
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
# --- Mail on purpose ---------------------------------------------------------------------------
# A server without EMAIL_HOST would write its mail to the console unseen; `check --deploy` refuses
# that unless NO_MAIL says this installation sends none on purpose (the admin hands every
# set-password link over).
NO_MAIL = env_bool("NO_MAIL")
if NO_MAIL and _email_host:
    raise ImproperlyConfigured("NO_MAIL and EMAIL_HOST are both set: give one of them")
SILENCED_SYSTEM_CHECKS: list[str] = []
if NO_MAIL:
    MAILERS["default"] = {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    SILENCED_SYSTEM_CHECKS.append("mail.E001")
# --- end of mail on purpose --------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "parindex@localhost")
# Emails are sent only when a real mail server is configured; otherwise the admin hands links over.
EMAIL_CONFIGURED = bool(_email_host)

# No inline script or style anywhere, so the policy can stay strict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# --- Deployment security (`check --deploy --fail-level WARNING` is clean in production) ---------
# No page is shown in a frame; the one exception, the evidence the appraisal sheet shows beside
# the answers, says so itself (appraisal/views/evidence.py).
X_FRAME_OPTIONS = "DENY"
# HTTPS only: the proxy terminates TLS (BEHIND_PROXY), the application redirects what came in
# plain and tells browsers to keep to HTTPS. The health check answers the local monitor as is.
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0 if DEBUG or TESTING else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading binds the province's whole domain, not just this application: its owner decides.
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
# A signed-in session ends after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS
# after signing in, whichever comes first (core/security.py); the cookie lives no longer.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_MAX_LIFETIME = env_int("SESSION_MAX_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_MAX_LIFETIME
# --- end of deployment security ------------------------------------------------------------------
# Pages and page fragments are cached in each process's memory (core/page_cache.py): their keys
# name everything they show, so processes never disagree, and reading them needs no trip to a
# server.
# REDIS_URL: a cache shared by every server process. Sessions are then read from it (written
# through to the database), saving a query on every page; a per-process cache could still accept
# a session that another process has ended, so without Redis they stay in the database.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
    # Whole pages, compressed (about 15 KB each): apart, so that readers' pages never push out
    # the fragments and PDFs.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# Tests clear the caches: never a developer's Redis.
REDIS_URL = "" if TESTING else env_secret("REDIS_URL")
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "parindex"),
    }
    # cached_db, going on with the database alone while Redis is down.
    SESSION_ENGINE = "parindex.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None

# Uploaded criteria files (YAML, Excel) are small; refuse anything larger before parsing it.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
CRITERIA_UPLOAD_MAX_BYTES = env_int("CRITERIA_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)

# Argon2 first; a password hashed with another of these is rehashed with Argon2 when its owner
# next logs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    AXES_ENABLED = env_bool("AXES_ENABLED", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint tells at INFO level about every step of every PDF.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
# The province using the application: the place line of the documents it signs.
PROVINCE_NAME = os.environ.get("PROVINCE_NAME", "Điện Biên")
# The documents' issuing body and signer (Decree 30/2020), written in ordinary case: the documents
# put them in capitals where the form wants capitals.
DOCUMENT_AUTHORITY = os.environ.get("DOCUMENT_AUTHORITY", f"UBND tỉnh {PROVINCE_NAME}")
DOCUMENT_ISSUER = os.environ.get("DOCUMENT_ISSUER", "Sở Nội vụ")
DOCUMENT_SIGNER_POSITION = os.environ.get("DOCUMENT_SIGNER_POSITION", "Giám đốc")
DOCUMENT_SIGNER_NAME = os.environ.get("DOCUMENT_SIGNER_NAME", "")
DOCUMENT_DECISION_BY = os.environ.get("DOCUMENT_DECISION_BY", f"Chủ tịch UBND tỉnh {PROVINCE_NAME}")
PDF_SIGNING_PKCS12 = os.environ.get("PDF_SIGNING_PKCS12", "")
PDF_SIGNING_PASSWORD = env_secret("PDF_SIGNING_PASSWORD")
AXES_VERBOSE = False

# Background work (the published documents) goes to a queue in the database, run by
# `manage.py db_worker`; tests run each task at once, in the test's thread.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
