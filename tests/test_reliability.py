"""Issue 7, reliability: non-UTF-8 text, HTML pages, streaming limits, atomic outputs."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import geoevents
from geoevents._cli import cli
from geoevents._documents import INPUT_SUFFIXES, Document, read_documents
from geoevents._exceptions import DocumentError
from geoevents._export import atomic_write, atomic_writer, remove_stale_temps
from geoevents._html import html_page

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
posix_only = pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL and POSIX pids")


def _read(path: Path, **kwargs: int) -> list[Document | DocumentError]:
    return list(read_documents([path], **kwargs))


def _one_doc(path: Path) -> Document:
    (doc,) = _read(path)
    assert isinstance(doc, Document), doc
    return doc


def _one_error(path: Path) -> str:
    (err,) = _read(path)
    assert isinstance(err, DocumentError), err
    assert str(err).startswith(f"{path}: ")  # names the file
    return str(err)


# --- Windows-1252 ----------------------------------------------------------------------------
CP1252 = b"\x93Rockets\x94 hit Ashkelon caf\xe9 \x96 repairs cost \x80 5m."


def test_cp1252_text_is_decoded_and_noted(tmp_path) -> None:
    src = tmp_path / "latin.txt"
    src.write_bytes(CP1252)
    doc = _one_doc(src)
    assert doc.text == "\u201cRockets\u201d hit Ashkelon caf\u00e9 \u2013 repairs cost \u20ac 5m."
    assert doc.encoding == "cp1252"
    assert doc.notes == ("is not valid UTF-8 (byte 0: b'\\x93'); read as Windows-1252",)


def test_utf8_input_keeps_its_encoding_and_no_notes(tmp_path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("\u201cRockets\u201d hit Ashkelon.", encoding="utf-8")
    doc = _one_doc(src)
    assert (doc.encoding, doc.notes) == ("utf-8", ())
    src.write_bytes(b"\xef\xbb\xbfGaza")
    assert _one_doc(src).encoding == "utf-8-sig"


def test_utf8_with_a_few_cp1252_bytes_keeps_the_utf8(tmp_path) -> None:
    src = tmp_path / "joined.txt"
    utf8 = "Na\u00efve caf\u00e9 in Gaza. ".encode()
    src.write_bytes(utf8 * 5 + b"Strike on Rafah \x96 caf\xe9.")
    doc = _one_doc(src)
    assert doc.encoding == "utf-8+cp1252"
    assert doc.text.endswith("Na\u00efve caf\u00e9 in Gaza. Strike on Rafah \u2013 caf\u00e9.")
    assert "with its 2 other byte(s) as Windows-1252" in doc.notes[0]


def test_cp1252_file_through_the_cli(gazetteer, tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "latin.txt").write_bytes(b"An air strike on Rafah killed three people "
                                                 b"on Monday \x96 caf\xe9 owners said.")
    res = CliRunner().invoke(cli, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "o"),
                                   "--no-map", "--published", "2024-05-08", "-q"])
    assert res.exit_code == 0, res.output
    fc = json.loads((tmp_path / "o" / "mentions.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["text"] for f in fc["features"]] == ["Rafah"]


@pytest.mark.parametrize(("data", "problem"), [
    (bytes(range(1, 256)) * 8, "holds 216 control bytes: it looks like a binary file"),
    (b"\x00\x01garbage" + os.urandom(500), "looks like a binary file (contains NUL bytes)"),
    (b"caf\x81 in Gaza", "is not valid UTF-8 (byte 3: b'\\x81'), nor Windows-1252 text"),
    ("\u041f\u0440\u0438\u0432\u0435\u0442, \u0413\u0430\u0437\u0430".encode("cp1251"),
     "more bytes above 0x7F than ASCII letters: it is not Windows-1252 text either"),
    ("Gaza".encode("utf-16-le"), "(UTF-16 without a byte-order mark? re-save it as UTF-8)"),
    (b"\xff\xfe\x00\xd8G\x00", "starts with a UTF-16 byte-order mark but is not valid UTF-16"),
])
def test_text_that_is_not_text_is_rejected_clearly(tmp_path, data, problem) -> None:
    src = tmp_path / "bad.txt"
    src.write_bytes(data)
    assert problem in _one_error(src)


def test_cp1252_csv(tmp_path) -> None:
    src = tmp_path / "excel.csv"
    src.write_bytes(b"id,text\r\nr1,Caf\xe9 in Gaza\r\nr2,\x93Rafah\x94\r\n")
    docs = _read(src)
    assert [(d.id, d.text, d.encoding) for d in docs if isinstance(d, Document)] == [
        ("r1", "Caf\u00e9 in Gaza", "cp1252"), ("r2", "\u201cRafah\u201d", "cp1252")]


def test_jsonl_stays_strict_utf8_line_by_line(tmp_path) -> None:
    src = tmp_path / "feed.jsonl"
    src.write_bytes(b'{"id": "a", "text": "In Gaza."}\n{"id": "b", "text": "caf\xe9"}\n'
                    b'{"id": "c", "text": "In Rafah."}\n')
    out = _read(src)
    assert [d.id for d in out if isinstance(d, Document)] == ["a", "c"]
    (err,) = [str(e) for e in out if isinstance(e, DocumentError)]
    assert err == (f"{src}:2: is not valid UTF-8 (byte 24 of the line: b'\\xe9'); JSON Lines "
                   "must be UTF-8: re-encode the file as UTF-8")


def test_utf16_jsonl_is_one_clear_error(tmp_path) -> None:
    src = tmp_path / "feed.jsonl"
    src.write_bytes('{"text": "Gaza"}\n{"text": "Rafah"}\n'.encode("utf-16"))
    assert "is UTF-16" in _one_error(src)


def test_lone_surrogates_in_json_do_not_break_the_outputs(gazetteer, tmp_path) -> None:
    src = tmp_path / "feed.jsonl"
    src.write_text('{"id": "s\\udc00", "text": "Rockets hit Ashkelon \\ud800 on Monday."}\n')
    doc = _one_doc(src)
    assert doc.text == "Rockets hit Ashkelon \ufffd on Monday." and doc.id == "s\ufffd"
    res = geoevents.process([src], published="2021-05-11", gazetteer=gazetteer)
    res.to_geojson(tmp_path / "o")  # would raise UnicodeEncodeError on a surrogate


def test_jsonl_line_over_the_line_limit_is_skipped_not_loaded(tmp_path) -> None:
    src = tmp_path / "feed.jsonl"
    huge = json.dumps({"text": "\u0001" * 20_000})  # 6 bytes of JSON per byte of text
    src.write_text(huge + "\n" + '{"id": "next", "text": "In Gaza."}\n')
    out = _read(src, max_bytes=100)
    assert "is a line of more than 66,136 bytes" in str(out[0])
    assert isinstance(out[1], Document) and out[1].id == "next"


def test_stdin_jsonl_is_streamed() -> None:
    lines = b"".join(b'{"id": "d%d", "text": "In Gaza."}\n' % i for i in range(200_000))
    stream = io.BytesIO(lines)
    docs = read_documents(["-"], stdin=stream)
    first = next(docs)
    assert isinstance(first, Document) and first.id == "d0"
    assert stream.tell() < len(lines) // 2  # not read to the end for the first document
    assert sum(1 for _ in docs) == 199_999


@posix_only
def test_a_device_is_not_read_forever() -> None:
    (err,) = read_documents(["/dev/zero"], max_bytes=1000)
    assert str(err) == "/dev/zero: is over the limit of 1,000 bytes"


# --- HTML ------------------------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Rockets hit Ashkelon &amp; Sderot | News</title>
<meta property="article:published_time" content="2021-05-11T08:30:00+00:00">
<link rel="canonical" href="https://news.example/ashkelon">
<script>var cities = ["Jerusalem", "Tel Aviv"]; if (a < b) { render("Haifa"); }</script>
<style>.x { content: "Beersheba"; }</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/cairo">Cairo</a></li></ul></nav>
<article>
<h1>Rockets hit Ashkelon</h1>
<p>Militants fired rockets at
   Ashkelon on Monday,&nbsp;the army said. &#8220;It was loud,&#8221; a resident said.</p>
<p>Sirens also sounded in <b>Sde</b>rot &amp; nearby towns.<br>No one was hurt.</p>
<noscript>Enable JavaScript to read about Amman</noscript>
<svg><title>Damascus icon</title><text>Beirut</text></svg>
</article>
<footer>Copyright Tel Aviv Media &copy; 2021</footer>
</body></html>
"""
EXPECTED_TEXT = (
    "Rockets hit Ashkelon\n\n"
    "Militants fired rockets at Ashkelon on Monday, the army said. \u201cIt was loud,\u201d a "
    "resident said.\n\n"
    "Sirens also sounded in Sderot & nearby towns.\nNo one was hurt."
)


def test_html_page_is_reduced_to_its_article_text(tmp_path) -> None:
    src = tmp_path / "story.html"
    src.write_text(PAGE, encoding="utf-8")
    doc = _one_doc(src)
    assert doc.text == EXPECTED_TEXT
    assert doc.title == "Rockets hit Ashkelon & Sderot | News"
    assert doc.published == "2021-05-11"
    assert doc.url == "https://news.example/ashkelon"
    assert doc.notes == ("HTML: markup removed; offsets are into the extracted text",)


def test_places_in_scripts_and_navigation_are_not_found(gazetteer, tmp_path) -> None:
    hidden = ["Jerusalem", "Tel Aviv", "Haifa", "Beersheba", "Cairo", "Amman", "Damascus",
              "Beirut"]
    control = geoevents.geoparse(" and ".join(hidden) + ".", gazetteer=gazetteer)
    assert len(control.mentions) == len(hidden)  # the gazetteer knows them all
    src = tmp_path / "story.htm"
    src.write_text(PAGE, encoding="utf-8")
    doc = _one_doc(src)
    res = geoevents.geoparse(doc.text, gazetteer=gazetteer)
    assert {m.text for m in res.mentions} == {"Ashkelon", "Sderot"}
    for m in res.mentions:
        assert doc.text[m.start:m.end] == m.text  # offsets are into the cleaned text


def test_directories_pick_up_html_pages(gazetteer, tmp_path) -> None:
    assert ".html" in INPUT_SUFFIXES and ".htm" in INPUT_SUFFIXES
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.html").write_text(PAGE, encoding="utf-8")
    res = CliRunner().invoke(cli, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "o"),
                                   "--no-map", "-q"])
    assert res.exit_code == 0, res.output
    fc = json.loads((tmp_path / "o" / "mentions.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["text"] for f in fc["features"]} == {"Ashkelon", "Sderot"}
    assert {f["properties"]["doc_id"] for f in fc["features"]} == {"story"}


def test_html_in_txt_and_jsonl_is_detected(tmp_path) -> None:
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    assert _one_doc(tmp_path / "page.txt").text == EXPECTED_TEXT
    fragment = "<p>Strikes hit <a href='/r'>Rafah</a>.</p><p>Sirens in Sderot.</p>"
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": fragment, "title": "Mine"}) + "\n")
    doc = _one_doc(tmp_path / "feed.jsonl")
    assert (doc.text, doc.title) == ("Strikes hit Rafah.\n\nSirens in Sderot.", "Mine")


@pytest.mark.parametrize("text", [
    'Rockets hit Ashkelon <script>alert("x")</script> <img src=x onerror=alert(1)>.',
    "If a < b and c > d, the <p> tag and the <div> tag are HTML.",
    "Shelling near Gaza <3",
])
def test_prose_that_mentions_tags_is_left_alone(tmp_path, text) -> None:
    (tmp_path / "a.txt").write_text(text)
    doc = _one_doc(tmp_path / "a.txt")
    assert (doc.text, doc.notes) == (text, ())


def test_html_with_no_text_is_an_error(tmp_path) -> None:
    src = tmp_path / "empty.html"
    src.write_text("<html><head><script>var gaza = 1;</script></head><body></body></html>")
    assert "is an HTML page with no text outside its markup" in _one_error(src)


def test_html_in_windows_1252_and_other_charsets(tmp_path) -> None:
    src = tmp_path / "old.html"
    src.write_bytes(b"<html><head><meta charset=iso-8859-1></head><body><p>Caf\xe9 \x93in\x94 "
                    b"Gaza</p></body></html>")
    assert _one_doc(src).text == "Caf\u00e9 \u201cin\u201d Gaza"
    src.write_bytes(b"<html><head><meta http-equiv='Content-Type' content='text/html; "
                    b"charset=windows-1251'></head><body><p>\xc3\xe0\xe7\xe0</p></body></html>")
    doc = _one_doc(src)
    assert (doc.text, doc.encoding) == ("\u0413\u0430\u0437\u0430", "cp1251")


_SOUP = st.lists(st.sampled_from([
    "<", ">", "</", "/>", "<!--", "-->", "<![CDATA[", "]]>", "<![if !x]>", "<!DOCTYPE html [",
    "<?xml ?>", "<p>", "</p>", "<div class='a>b'>", "<script>", "</script>", "<style>", "<svg>",
    "<title>", "</title>", "<nav>", "<br/>", "&amp;", "&#", "&#x110000;", "&nbsp", "'", '"', "=",
    "Gaza", " ", "\n", "\u202e", "\x00", "<a href=\"", "<td>", "<pre>", "</pre>", "<head>",
]), max_size=80).map("".join)


@settings(max_examples=400, deadline=None)
@given(page=st.one_of(_SOUP, st.text(max_size=200)))
def test_malformed_html_never_raises(page: str) -> None:
    text = html_page(page).text
    assert isinstance(text, str) and "\n\n\n" not in text


@pytest.mark.parametrize("page", [
    "<a " * 100_000, "</" * 100_000, "<!--" * 100_000, "<![if x]>" * 50_000, "<" * 300_000,
    "<script>" + "</" * 100_000, "<p>" * 100_000, "<![CDATA[" * 50_000,
])
def test_pathological_html_is_linear(page) -> None:
    t0 = time.perf_counter()
    html_page(page)
    assert time.perf_counter() - t0 < 5  # HTMLParser alone is quadratic on most of these


# --- atomic outputs --------------------------------------------------------------------------
def _visible(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir() if not p.name.startswith(".")}


def _temps(directory: Path, name: str) -> list[Path]:
    return sorted(directory.glob(f".{name}.*.tmp"))


def test_the_temporary_file_is_hidden_next_to_the_target(tmp_path) -> None:
    target = tmp_path / "events.geojson"
    with atomic_writer(target) as f:
        f.write(b"new")
        (tmp,) = _temps(tmp_path, "events.geojson")
        assert tmp.name.startswith(f".events.geojson.{os.getpid()}.")
        assert not target.exists()
    assert target.read_bytes() == b"new" and not _temps(tmp_path, "events.geojson")


def test_an_error_while_writing_keeps_the_previous_file(tmp_path) -> None:
    target = tmp_path / "events.geojson"
    atomic_write(target, "previous")
    with pytest.raises(RuntimeError), atomic_writer(target) as f:
        f.write(b"half")
        raise RuntimeError("disk on fire")
    assert target.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.geojson"]


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@posix_only
def test_only_stale_temporaries_of_dead_processes_are_removed(tmp_path) -> None:
    dead = _dead_pid()
    target = tmp_path / "x.geojson"
    names = {
        f".x.geojson.{dead}.0123abcd.tmp": False,  # removed: dead writer of x.geojson
        f".x.geojson.{os.getpid()}.0123abcd.tmp": True,  # this process: alive
        f".x.geojson.{os.getppid()}.0123abcd.tmp": True,  # alive
        f".y.geojson.{dead}.0123abcd.tmp": True,  # another target
        f"x.geojson.{dead}.0123abcd.tmp": True,  # not hidden: not ours
        f".x.geojson.{dead}.0123ABCD.tmp": True,  # not our pattern
        f".x.geojson.{dead}.0123abcd.tmp.bak": True,
        f".x.geojson.{dead}.0123abcd.tmp.gpkg": True,  # a GeoPackage temporary: other suffix
    }
    for name in names:
        (tmp_path / name).write_text("stale")
    removed = remove_stale_temps(target)
    assert [p.name for p in removed] == [f".x.geojson.{dead}.0123abcd.tmp"]
    assert {p.name for p in tmp_path.iterdir()} == {n for n, keep in names.items() if keep}
    atomic_write(target, "ok")
    assert target.read_text() == "ok"


_SLOW_WRITER = """
import sys, time
from geoevents._export import atomic_writer
with atomic_writer(sys.argv[1]) as f:
    f.write(b"x" * 65536)
    f.flush()
    print("writing", flush=True)
    time.sleep(120)
    f.write(b"never")
"""


@posix_only
def test_sigkill_mid_write_leaves_the_previous_file_and_no_partial_one(tmp_path) -> None:
    target = tmp_path / "events.geojson"
    target.write_bytes(b"previous\n")
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(target)],
                            stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == b"writing\n"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()  # type: ignore[union-attr]
    assert target.read_bytes() == b"previous\n"
    (stale,) = _temps(tmp_path, "events.geojson")
    assert stale.name.startswith(f".events.geojson.{proc.pid}.") and stale.stat().st_size == 65536
    assert _visible(tmp_path) == {"events.geojson"}
    atomic_write(target, "next\n")  # the next write cleans up after the dead one
    assert target.read_text() == "next\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.geojson"]


_STUCK_RUN = """
import os, sys, time
os.fsync = lambda fd: time.sleep(120)  # a disk that never finishes the first write
from geoevents._cli import main
sys.argv = ["geoevents", "run", *sys.argv[1:]]
main()
"""


@posix_only
def test_sigkill_during_geoevents_run_keeps_previous_outputs(gazetteer, tmp_path) -> None:
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["run", str(SEEDS), "-o", str(out), "-q",
                                   "--format", "geojson,csv"])
    assert res.exit_code == 0, res.output
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(before) >= {"events.geojson", "mentions.geojson", "map.html", "events.csv"}
    # a different corpus, so that a finished write would change the files
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Strikes hit Rafah on Monday, killing two.")
    proc = subprocess.Popen([sys.executable, "-c", _STUCK_RUN, str(tmp_path / "in"), "-o",
                             str(out), "-q", "--format", "geojson,csv"])
    try:
        deadline = time.monotonic() + 60
        while not _temps(out, "events.geojson"):
            assert proc.poll() is None and time.monotonic() < deadline, "no temporary file"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name in before} == before
    assert _visible(out) == set(before)  # no partial or new file under a real name
    assert len(_temps(out, "events.geojson")) == 1
    res = CliRunner().invoke(cli, ["run", str(tmp_path / "in"), "-o", str(out), "-q",
                                   "--format", "geojson,csv"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == sorted(before)  # stale temporary gone
    events = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    assert events["features"] and all("Strikes hit Rafah" in f["properties"]["evidence"]
                                      for f in events["features"])


@posix_only
def test_stale_geopackage_temporaries_are_removed(tmp_path) -> None:
    pytest.importorskip("pyogrio")
    res = geoevents.process(["Rockets hit Ashkelon on Monday."], published="2021-05-11")
    dead = _dead_pid()
    for name in (f".events.gpkg.{dead}.0123abcd.tmp.gpkg",
                 f".events.gpkg.{dead}.0123abcd.tmp.gpkg-journal"):
        (tmp_path / name).write_bytes(b"partial")
    res.to_gpkg(tmp_path / "events.gpkg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.gpkg"]
