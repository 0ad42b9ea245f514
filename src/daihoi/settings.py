"""Settings for daihoi, read strictly from the environment.

DATABASE_URL   database (default: SQLite at ``$DAIHOI_DATA_DIR/daihoi.sqlite3``)
SECRET_KEY     required unless DEBUG is true; when it is not in the environment, the first line
               of ``$DAIHOI_DATA_DIR/secret-key`` (the file ``make demo`` writes) is used
DEBUG          true/false (default false)
ALLOWED_HOSTS  comma-separated (default: 127.0.0.1,localhost)
HTTPS          true when served behind TLS: secure cookies, HSTS, redirect to https (default false)
DAIHOI_DATA_DIR  folder for the SQLite database and uploaded files (default: ./var)
DAIHOI_DEMO_TODAY  the demo clock: YYYY-MM-DD, the day the application's clock runs from
               (``daihoi.clock``; ``make demo`` sets the demo congress's day); every page says so.
               Unset (the default): the real clock
DAIHOI_UPLOAD_MAX_UNCOMPRESSED_BYTES  a DOCX/XLSX upload's content once unzipped (default 20 MB)
DAIHOI_UPLOAD_MAX_ZIP_ENTRIES         entries of a DOCX/XLSX upload (default 2000)
DAIHOI_UPLOAD_MAX_COMPRESSION_RATIO   compression ratio of one entry above 1 MB (default 100)
DOCUMENTS_IMPORT_MAX_BYTES    a draft's DOCX upload (default 10 MB)
DOCUMENTS_IMPORT_MAX_SECONDS  reading one draft in the worker (default 60 s)
DOCUMENTS_IMPORT_MAX_MEMORY   memory one draft's reading may add in the worker (default 512 MB)
ROSTER_IMPORT_MAX_*   the roster import's limits (below)
AUDIT_HMAC_KEY   key of the audit log's chain (default: the key file $DAIHOI_DATA_DIR/audit-key if
                 present, else derived from SECRET_KEY); never stored in the database
AUDIT_HEAD_FILE  append-only file of the audit chain's heads (default: beside the SQLite
                 database, or $DAIHOI_DATA_DIR/audit-head-<database name>.log on PostgreSQL)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from daihoi.env import env_bool, env_date, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("DAIHOI_DATA_DIR", "var") or "var").resolve()
#: The demo clock (``daihoi.clock``): the day the application's clock runs from, or None.
DAIHOI_DEMO_TODAY: dt.date | None = env_date("DAIHOI_DEMO_TODAY")

DEBUG = env_bool("DEBUG", False)
_secret = env_str("SECRET_KEY")
_secret_file = DATA_DIR / "secret-key"
if _secret is None and _secret_file.is_file():
    # ``make demo`` keeps its key there, so that ``daihoi ...`` in another terminal finds it.
    _lines = _secret_file.read_text(encoding="utf-8").splitlines()
    _secret = _lines[0].strip() if _lines else ""
    if not _secret:
        raise ImproperlyConfigured(
            f"{_secret_file} is empty. Write a key of 50+ random characters into it, "
            "or set SECRET_KEY in the environment."
        )
if _secret is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (50+ random characters), "
            f"write it into {_secret_file}, or set DEBUG=true for local development."
        )
    _secret = "django-insecure-development-only-key-never-use-in-production-0123456789"  # noqa: S105 - DEBUG only
SECRET_KEY: str = _secret

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "daihoi.core",
    "daihoi.audit",
    "daihoi.backup",
    "daihoi.roster",
    "daihoi.congress",
    "daihoi.documents",
    "daihoi.elections",
    "daihoi.personnel",
    "daihoi.delegates",
    "daihoi.scanning",
    "daihoi.reports",
    "daihoi.site",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "daihoi.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "daihoi.core.middleware.ConflictMiddleware",
]

ROOT_URLCONF = "daihoi.urls"
WSGI_APPLICATION = "daihoi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "daihoi.site.context_processors.navigation",
                "daihoi.site.context_processors.demo_clock",
                "daihoi.site.notification_context.notifications",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'daihoi.sqlite3'}"
_db_url = env_str("DATABASE_URL", _default_db) or _default_db
try:
    _db = dj_database_url.parse(_db_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL={_db_url!r} cannot be parsed: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] and _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        # Writers take the lock when they begin, so two concurrent writers queue instead of
        # failing with "database is locked" when one upgrades its read lock.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
elif _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")
DATABASES = {"default": _db}

# The audit log's chain is keyed (HMAC-SHA256) with a key kept outside the database: from the
# environment, else the key file `make demo` generates, else derived from SECRET_KEY (which must
# then never change: the log would no longer verify). See docs/backup.md.
_audit_key = env_str("AUDIT_HMAC_KEY")
AUDIT_HMAC_KEY_SOURCE = "env"
_audit_key_file = DATA_DIR / "audit-key"
if _audit_key is None and _audit_key_file.is_file():
    _audit_key = _audit_key_file.read_text(encoding="utf-8").strip() or None
    AUDIT_HMAC_KEY_SOURCE = "file"
if _audit_key is None:
    AUDIT_HMAC_KEY_SOURCE = "secret_key"
    import hashlib
    import hmac

    _audit_key = hmac.new(SECRET_KEY.encode(), b"daihoi.audit.chain", hashlib.sha256).hexdigest()
AUDIT_HMAC_KEY: str = _audit_key
# One line per committed audit entry, outside the database (None: not kept).
if _db["ENGINE"] == "django.db.backends.sqlite3" and _db["NAME"] not in ("", ":memory:"):
    _default_head = Path(f"{_db['NAME']}.audit-head")
else:
    _default_head = DATA_DIR / f"audit-head-{_db['NAME'] or 'memory'}.log"
AUDIT_HEAD_FILE: Path | None = Path(env_str("AUDIT_HEAD_FILE") or _default_head)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
#: Vietnamese numbers group thousands by three (daihoi/formats/vi/formats.py).
FORMAT_MODULE_PATH = ["daihoi.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Files served at the site's root (``/favicon.ico``, asked for by browsers and PDF viewers).
WHITENOISE_ROOT = PACKAGE_DIR / "public"
MEDIA_ROOT = DATA_DIR / "media"

# Background jobs (roster imports, drafts' DOCX) on Django's tasks framework, queued in the
# database and run by `daihoi db_worker` (started by `make demo`; see docs/roster-import.md
# for production).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Upload limits of the roster import, checked before a file is parsed.
ROSTER_IMPORT_MAX_BYTES = env_int("ROSTER_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
ROSTER_IMPORT_MAX_UNCOMPRESSED = env_int("ROSTER_IMPORT_MAX_UNCOMPRESSED", 400 * 1024 * 1024)
ROSTER_IMPORT_MAX_RATIO = env_int("ROSTER_IMPORT_MAX_RATIO", 200)
ROSTER_IMPORT_MAX_ENTRIES = env_int("ROSTER_IMPORT_MAX_ENTRIES", 1000)
ROSTER_IMPORT_MAX_ROWS = env_int("ROSTER_IMPORT_MAX_ROWS", 200_000)
ROSTER_IMPORT_MAX_CELLS = env_int("ROSTER_IMPORT_MAX_CELLS", 6_000_000)
# …and what one import job may take in the worker (seconds; address space growth in bytes).
ROSTER_IMPORT_MAX_SECONDS = env_int("ROSTER_IMPORT_MAX_SECONDS", 900)
ROSTER_IMPORT_MAX_MEMORY = env_int("ROSTER_IMPORT_MAX_MEMORY", 1536 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploads in a ZIP format (DOCX, XLSX) are checked against these before they are parsed
# (daihoi.core.zipguard): a "decompression bomb" is refused from its directory alone.
DAIHOI_UPLOAD_MAX_UNCOMPRESSED_BYTES = env_int("DAIHOI_UPLOAD_MAX_UNCOMPRESSED_BYTES",
                                               20 * 1024 * 1024)
DAIHOI_UPLOAD_MAX_ZIP_ENTRIES = env_int("DAIHOI_UPLOAD_MAX_ZIP_ENTRIES", 2000)
DAIHOI_UPLOAD_MAX_COMPRESSION_RATIO = env_int("DAIHOI_UPLOAD_MAX_COMPRESSION_RATIO", 100)
# A draft's DOCX (documents): its size at the upload, then what reading it may take in the
# worker (seconds; address space growth in bytes; see daihoi.core.jobs). 0: no limit.
DOCUMENTS_IMPORT_MAX_BYTES = env_int("DOCUMENTS_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
DOCUMENTS_IMPORT_MAX_SECONDS = env_int("DOCUMENTS_IMPORT_MAX_SECONDS", 60)
DOCUMENTS_IMPORT_MAX_MEMORY = env_int("DOCUMENTS_IMPORT_MAX_MEMORY", 512 * 1024 * 1024)

# Scanned ballots (daihoi.scanning, issue 15): the largest upload (all the files of one upload
# together, refused from its announced length before anything is stored), what reading one
# file may take in the worker (seconds; address space growth in bytes; see daihoi.core.jobs),
# the most pixels a page may have (checked before it is decoded), the resolution a PDF is read
# at, and the folder under which each round's scan folder lies (scan-to-folder: only there).
SCAN_MAX_UPLOAD_BYTES = env_int("SCAN_MAX_UPLOAD_BYTES", 1024 * 1024 * 1024)
SCAN_MAX_SECONDS = env_int("SCAN_MAX_SECONDS", 1800)
SCAN_MAX_MEMORY = env_int("SCAN_MAX_MEMORY", 1536 * 1024 * 1024)
SCAN_MAX_PIXELS = env_int("SCAN_MAX_PIXELS", 70_000_000)
SCAN_PDF_DPI = env_int("SCAN_PDF_DPI", 200)
SCAN_INBOX = Path(env_str("SCAN_INBOX") or DATA_DIR / "scan-inbox")

HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The entry desk's lines carry no response size (secrecy of the count: daihoi.accesslog);
    # a 403 or 404 is one line ("Forbidden (Permission denied): /path"), without a traceback.
    "filters": {"desk_safe": {"()": "daihoi.accesslog.DeskSafeFilter"},
                "client_errors_one_line": {"()": "daihoi.core.logs.ClientErrorsOneLine"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter",
                          "format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                          "filters": ["desk_safe"]},
    },
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.request": {"filters": ["client_errors_one_line"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# ---------------------------------------------------------------------------------------------
# Hardening of logins, sessions, database connections and headers (issue 11, points 5, 8, 11).
# Kept in one block; docs/security.md explains each choice.
# ---------------------------------------------------------------------------------------------
# Stale connections are checked before reuse, so a PostgreSQL restart costs no request a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Django's password validators, with the minimum length's message in Vietnamese.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "daihoi.core.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes: repeated failed logins lock the (username, address) pair and the address.
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out attempt before the next one
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("LOGIN_LOCKOUT", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)  # the Nth failure locks
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True  # count consecutive failures, not a whole career's
AXES_LOCKOUT_CALLABLE = "daihoi.core.views.locked_out"  # a Vietnamese page, status 429
AXES_VERBOSE = False
# Behind a reverse proxy, AXES_IPWARE_* would name the trusted proxy; here REMOTE_ADDR is used.

# Idle time after which a session on a shared desk computer (the counting desks, the check-in
# desks) ends; other users keep SESSION_COOKIE_AGE. See daihoi.core.middleware.DeskIdleMiddleware.
DESK_SESSION_IDLE_SECONDS = env_int("DESK_SESSION_IDLE_MINUTES", 15) * 60

# Content-Security-Policy (django-csp): only our own scripts, styles and images; no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

MIDDLEWARE += [
    "csp.middleware.CSPMiddleware",
    "daihoi.core.middleware.DeskIdleMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]
