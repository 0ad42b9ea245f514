"""The ballot reader is pure: no Django in ``daihoi.ballotread``, and of the outside world
only OpenCV, numpy, zxing-cpp, pypdfium2 and Pillow (which reads a scanned file's pages one at a
time, after their size; STYLE habit 2; .importlinter)."""

from __future__ import annotations

from pathlib import Path

import daihoi.ballotread
from tests.purity import django_modules_after_running, foreign_imports

PACKAGE = Path(daihoi.ballotread.__file__).resolve().parent
ALLOWED = ("daihoi.ballotread", "cv2", "numpy", "zxingcpp", "pypdfium2", "PIL")


def test_it_imports_only_the_standard_library_its_readers_and_itself() -> None:
    assert len(list(PACKAGE.rglob("*.py"))) >= 5
    assert foreign_imports(PACKAGE, ALLOWED) == {}


def test_it_leaves_django_out_of_sys_modules_when_imported() -> None:
    loaded = django_modules_after_running(
        "import daihoi.ballotread.reader, daihoi.ballotread.cli, daihoi.ballotread.raster",
        PACKAGE.parents[1])
    assert loaded == "[]"


def test_daihoi_scan_starts_without_django() -> None:
    loaded = django_modules_after_running(
        "from daihoi.cli import main\n"
        "try:\n    main(['scan', '--help'])\nexcept SystemExit:\n    pass",
        PACKAGE.parents[1])
    assert loaded.splitlines()[-1] == "[]"
