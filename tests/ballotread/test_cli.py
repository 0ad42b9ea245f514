"""``daihoi scan``: the JSON it prints, rejections, duplicates, bad input with status 2."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from daihoi.ballotread.cli import main
from tests.ballotread import generate


@pytest.fixture
def scans(tmp_path: Path) -> tuple[Path, Path, dict[int, str]]:
    _, layout = generate.ballot(12)
    lay = tmp_path / "LAYOUT.json"
    lay.write_text(layout.to_json(), encoding="utf-8")
    sheet = generate.sheet(5, 12, dpi=200)
    cv2.imwrite(str(tmp_path / "a.png"), sheet.image)
    return lay, tmp_path / "a.png", sheet.truth


def test_it_prints_each_page_s_code_and_readings(
        scans: tuple[Path, Path, dict[int, str]], capsys: pytest.CaptureFixture[str]) -> None:
    lay, image, truth = scans
    assert main([str(image), "--layout", str(lay)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "daihoi-scan"
    assert doc["round_code"] == "DH-3-7-1"
    (page,) = doc["pages"]
    assert (page["status"], page["code"], page["page"]) == ("read", "DH-3-7-1", 1)
    assert {p["number"]: p["status"] for p in page["positions"]} == truth
    unsure = [p for p in page["positions"] if p["status"] == "unsure"]
    assert all(p["reason"] for p in unsure)
    assert doc["summary"] == {"pages": 1, "read": 1, "rejected": 0,
                              "unsure_positions": len(unsure)}


def test_the_same_image_twice_is_rejected_the_second_time(
        scans: tuple[Path, Path, dict[int, str]], capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    lay, image, _ = scans
    copy = tmp_path / "b.png"
    copy.write_bytes(image.read_bytes())
    assert main([str(image), str(copy), "--layout", str(lay), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "b.png trang ảnh 1: BỊ LOẠI (duplicate-image)" in out
    assert "2 trang: 1 đọc được, 1 bị loại" in out


def test_a_pdf_of_scans_is_read_page_by_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf, layout = generate.ballot(12)
    lay = tmp_path / "LAYOUT.json"
    lay.write_text(layout.to_json(), encoding="utf-8")
    (tmp_path / "ballot.pdf").write_bytes(pdf)
    assert main([str(tmp_path / "ballot.pdf"), "--layout", str(lay)]) == 0
    (page,) = json.loads(capsys.readouterr().out)["pages"]
    assert [p["status"] for p in page["positions"]] == ["kept"] * 12


@pytest.mark.parametrize("content", [b"not an image", b"%PDF-1.4 broken"])
def test_a_file_that_is_no_image_exits_2(
        scans: tuple[Path, Path, dict[int, str]], tmp_path: Path, content: bytes,
        capsys: pytest.CaptureFixture[str]) -> None:
    lay, _, _ = scans
    bad = tmp_path / "bad.tif"
    bad.write_bytes(content)
    assert main([str(bad), "--layout", str(lay)]) == 2
    assert "input error" in capsys.readouterr().err


def test_a_bad_layout_or_a_missing_file_exits_2(
        scans: tuple[Path, Path, dict[int, str]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    _, image, _ = scans
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main([str(image), "--layout", str(bad)]) == 2
    assert main([str(tmp_path / "none.png"), "--layout", str(bad)]) == 2
    assert main([]) == 2


def test_a_multi_page_tiff_in_black_and_white_is_read_page_by_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An office scanner's TIFF: two pages, thresholded to black and white."""
    _, layout = generate.ballot(12)
    lay = tmp_path / "LAYOUT.json"
    lay.write_text(layout.to_json(), encoding="utf-8")
    sheets = [generate.sheet(seed, 12, dpi=300, ambiguous_share=0.0) for seed in (40, 41)]
    pages = [cv2.threshold(s.image, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
             for s in sheets]
    assert cv2.imwritemulti(str(tmp_path / "batch.tif"), pages)
    assert main([str(tmp_path / "batch.tif"), "--layout", str(lay)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [p["index"] for p in doc["pages"]] == [1, 2]
    for sheet, page in zip(sheets, doc["pages"], strict=True):
        assert page["status"] == "read"
        for pos in page["positions"]:  # read right or flagged, never wrong
            assert pos["status"] in (sheet.truth[pos["number"]], "unsure"), pos
