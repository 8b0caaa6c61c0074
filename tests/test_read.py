"""Reading pages from files, folders and JSON lines; every bad input becomes a Skipped, never an error."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import random
from pathlib import Path

import pytest

from frontlines.model import Document, Skipped
from frontlines.read import limits, read_paths

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PAGES = ROOT / "tests" / "fixtures" / "pages"
BINARY = "binary content, not a text or HTML page"


def read_one(path: Path, **kwargs) -> Document | Skipped:
    (result,) = list(read_paths([path], **kwargs))
    return result


def test_folder_is_read_recursively_in_sorted_order() -> None:
    results = list(read_paths([EXAMPLES]))
    assert [(Path(r.origin).name, r.raw_kind) for r in results] == [
        ("astana-opinion.html", "html"),
        ("frontline-monitor-shaer.txt", "text"),
        ("levant-dispatch-palmyra.html", "html"),
        ("north-syria-monitor-raqqa.txt", "text"),
        ("sports-derby.txt", "text"),
    ]
    assert all(r.source is None and r.url is None and r.published is None for r in results)


def test_document_id_is_sha256_of_url_and_content() -> None:
    path = EXAMPLES / "sports-derby.txt"
    doc = read_one(path)
    raw = path.read_text(encoding="utf-8")
    assert doc.raw == raw
    assert doc.origin == str(path)
    assert doc.id == hashlib.sha256(("\n" + raw).encode()).hexdigest()[:16]
    with_url = read_one(path, url="https://example.org/derby")
    assert with_url.id == hashlib.sha256(("https://example.org/derby\n" + raw).encode()).hexdigest()[:16]


def test_keyword_arguments_describe_a_single_file() -> None:
    doc = read_one(
        EXAMPLES / "frontline-monitor-shaer.txt",
        source_name="Frontline Monitor",
        url="https://frontline-monitor.example/shaer",
        published=dt.date(2017, 5, 14),
    )
    assert (doc.source, doc.url, doc.published) == (
        "Frontline Monitor",
        "https://frontline-monitor.example/shaer",
        dt.date(2017, 5, 14),
    )


def test_jsonl_gives_one_page_a_line_and_skips_a_malformed_line_alone() -> None:
    path = PAGES / "pages.jsonl"
    first, second, third = read_paths([path], source_name="Fallback Source", published=dt.date(2020, 1, 1))

    assert first.origin == f"{path}:1"
    assert first.raw_kind == "html"
    assert first.raw.startswith("<!DOCTYPE html>")
    assert (first.source, first.url, first.published, first.title) == (
        "North News",
        "https://north-news.example/azaz-car-bomb",
        dt.date(2017, 2, 18),
        "Car Bomb Kills Six In Azaz",
    )
    assert first.id == hashlib.sha256(f"{first.url}\n{first.raw}".encode()).hexdigest()[:16]

    # An unreadable date keeps the page, without a date; the keyword date does not replace the line's own.
    assert second.origin == f"{path}:2"
    assert second.raw_kind == "text"
    assert second.raw.startswith("Turkish Troops Enter Jarablus")
    assert (second.source, second.url, second.published) == ("Example Wire", "https://wire.example/jarablus", None)

    assert isinstance(third, Skipped)
    assert third.origin == f"{path}:3"
    assert third.reason.startswith("malformed JSON line: ")


def test_jsonl_fills_missing_fields_from_keyword_arguments(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text('{"text": "Clashes In Idlib\\n\\nRebels clashed with the army."}\n\n[1, 2]\n{"url": "x"}\n')
    doc, not_object, no_page = read_paths([path], source_name="Example Wire", published=dt.date(2017, 1, 2))
    assert (doc.source, doc.published, doc.origin) == ("Example Wire", dt.date(2017, 1, 2), f"{path}:1")
    assert not_object == Skipped(origin=f"{path}:3", reason="malformed JSON line: not an object")
    assert no_page.origin == f"{path}:4" and "no page in the line" in no_page.reason


def test_empty_and_missing_files_are_skipped() -> None:
    assert read_one(PAGES / "empty.txt") == Skipped(origin=str(PAGES / "empty.txt"), reason="empty file")
    missing = PAGES / "no-such-page.html"
    assert read_one(missing) == Skipped(origin=str(missing), reason="no such file or directory")


def test_binary_files_are_skipped(tmp_path: Path) -> None:
    png = tmp_path / "photo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(2000))
    noise = tmp_path / "noise.html"
    noise.write_bytes(random.Random(2).randbytes(4096))
    assert [r.reason for r in read_paths([png, noise])] == [BINARY, BINARY]


def test_huge_file_is_skipped_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as f:
        f.truncate(50 * limits.MB)  # sparse: costs no disk or time
    assert read_one(huge) == Skipped(origin=str(huge), reason="file is 50.0 MB, over the 20 MB limit")


def test_page_limit_is_configurable_and_applies_to_each_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text('{"text": "' + "x" * (3 * limits.MB // 2) + '"}\n{"text": "Short page."}\n')
    big, small = read_paths([path], max_page_bytes=limits.MB)
    assert big == Skipped(origin=f"{path}:1", reason="line is 1.5 MB, over the 1 MB limit")
    assert small.raw == "Short page."


def test_latin1_text_decodes_correctly() -> None:
    doc = read_one(PAGES / "latin1-deir-ez-zor.txt")
    assert "Deir ez-Zor" in doc.raw
    assert "café" in doc.raw and "Lefèvre" in doc.raw and "mañana" in doc.raw


def test_charset_declared_in_html_meta_is_used(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1251"><title>Сводка</title></head>'
        "<body><p>Бои под Алеппо.</p></body></html>"
    )
    path = tmp_path / "svodka.html"
    path.write_bytes(page.encode("cp1251"))
    assert read_one(path).raw == page


def test_utf8_bom_is_dropped_and_html_content_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_bytes(b"\xef\xbb\xbf<!DOCTYPE html><html><body><p>Caf\xc3\xa9</p></body></html>")
    doc = read_one(path)
    assert doc.raw_kind == "html"
    assert doc.raw == "<!DOCTYPE html><html><body><p>Café</p></body></html>"


def test_gzip_pages_are_decompressed(tmp_path: Path) -> None:
    html = (EXAMPLES / "levant-dispatch-palmyra.html").read_bytes()
    path = tmp_path / "palmyra.html.gz"
    path.write_bytes(gzip.compress(html))
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"\x1f\x8b\x08 not really gzip")
    doc, skipped = read_paths([path, broken])
    assert doc.raw_kind == "html" and doc.raw == html.decode("utf-8")
    assert isinstance(skipped, Skipped) and skipped.origin == str(broken)


def test_hidden_files_and_folders_are_left_out(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "page.txt").write_text("Second Page\n\nText.")
    (tmp_path / "a.txt").write_text("First Page\n\nText.")
    (tmp_path / ".hidden.txt").write_text("Hidden Page\n\nText.")
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main")
    assert [Path(d.origin).relative_to(tmp_path).as_posix() for d in read_paths([tmp_path])] == ["a.txt", "b/page.txt"]


@pytest.mark.parametrize("content", [b"\xff\xfe\x00", b"\x00" * 10, b"\n\n\n", b"<html>", b"\xc3"])
def test_odd_bytes_never_raise(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd"
    path.write_bytes(content)
    assert isinstance(read_one(path), Document | Skipped)
