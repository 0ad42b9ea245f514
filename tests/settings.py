"""Settings for the test suite: the application's settings with a test secret key."""

import atexit
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)

from daihoi.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# The audit head file is kept by the tests that are about it (tests/audit), each in its own folder;
# the test database is not the one the settings name.
AUDIT_HEAD_FILE = None
WHITENOISE_USE_FINDERS = True

# The files the tests write (uploads, the scanned pages kept for the board head, the demo's
# scan folder): in a folder of this process, removed at its end, never in the working tree.
_FILES = Path(tempfile.mkdtemp(prefix="daihoi-test-files-"))
atexit.register(shutil.rmtree, _FILES, ignore_errors=True)
MEDIA_ROOT = _FILES / "media"
SCAN_INBOX = _FILES / "scan-inbox"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: concurrency tests need SQLite's real locking (WAL and
    # the busy timeout), as in production.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"daihoi-test-{os.getpid()}.sqlite3")  # noqa: PTH118
    }

# django-axes needs the request in authenticate(), which the test client's login() does not
# pass; the lock-out is switched on by the tests of it (tests/core/test_logins.py).
AXES_ENABLED = False

# Background tasks run at once, in the request that enqueues them (after its commit); one test
# runs the real database backend and its worker (tests/roster/test_import_jobs.py).
# Django 5.2 (Python 3.11) has no django.tasks: its immediate backend is the backport's there.
_TASKS = "django.tasks" if importlib.util.find_spec("django.tasks") else "django_tasks"
TASKS = {
    "default": {"BACKEND": f"{_TASKS}.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
