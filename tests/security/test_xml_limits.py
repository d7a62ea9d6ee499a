"""Hostile and odd XML through `parse_feed`, in subprocesses with memory and time measured.

Every file of ../shared/bench/security/xml (defusedxml's bombs, the XXE samples, each line of
the XXE intruder lists) and of ../shared/bench/feeds/edge (feedparser's 2,107 edge feeds) is
parsed by `tests/security/xml_worker.py` in a fresh interpreter. What users rely on:

- a hostile document becomes a FeedParseError (a visible feed error), never another exception
  (a crashed worker) and never a blown-up process: peak RSS stays within 50 MB of the
  worker's baseline, and CPU time per file within 2 s (CPU, not wall time, so a busy CI machine
  does not fail it; the bound is 20x the slowest file measured here);
- entity bombs (quadratic blowup, cyclic, billion laughs) are rejected, also when they are
  wrapped in a real RSS document so the parsers really see them; the benign controls parse;
- nothing outside the document is ever read: external entities, external DTDs, XInclude,
  schemaLocation and xml-stylesheet point at a marker file and at a loopback server, and the
  marker never appears in any output and the server never gets a request.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from support.httpserver import FixtureServer, Route

WORKER = Path(__file__).with_name("xml_worker.py")
MAX_EXTRA_RSS_KB = 50 * 1024
MAX_CPU_S_PER_FILE = 2.0
MARKER = "BROADSHEET-XXE-MARKER-7f3a9c"
PASSWD_LINE = "root:x:0:0"  # what /etc/passwd would leak

# defusedxml files whose entities must never be expanded: rejected as they are, and rejected
# when wrapped in an RSS document.
BOMBS = {
    "quadratic.xml",
    "cyclic.xml",
    "xmlbomb.xml",
    "xmlbomb2.xml",
    "external.xml",
    "external_file.xml",
}
BENIGN = {"simple.xml", "simple-ns.xml", "dtd_element.xml", "dtd.xml"}


@dataclass(frozen=True, slots=True)
class Batch:
    records: list[dict[str, Any]]
    extra_kb: int  # peak RSS above the worker's baseline (after imports), the worst worker
    events: list[str]

    def by_name(self) -> dict[str, dict[str, Any]]:
        return {Path(r["path"]).name: r for r in self.records}


def _start(paths: list[Path], markers: list[str]) -> subprocess.Popen[str]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as request:
        json.dump({"paths": [str(p) for p in paths], "markers": markers}, request)
    return subprocess.Popen(
        [sys.executable, str(WORKER), request.name],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen[str], count: int) -> Batch:
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        Path(str(proc.args[-1])).unlink(missing_ok=True)  # type: ignore[index]
        pytest.fail(f"parser worker hung (killed after 120 s); stderr: {err[-2000:]}")
    Path(str(proc.args[-1])).unlink(missing_ok=True)  # type: ignore[index]
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    records = [x for x in lines if not x.get("summary")]
    summaries = [x for x in lines if x.get("summary")]
    assert proc.returncode == 0 and summaries, (
        f"parser worker died (exit {proc.returncode}) after {len(records)} of {count} files"
        f" (last: {records[-1]['path'] if records else '-'}); stderr: {err[-2000:]}"
    )
    summary = summaries[0]
    return Batch(records, summary["peak_kb"] - summary["baseline_kb"], summary["events"])


def parse_in_subprocesses(paths: list[Path], markers: list[str], workers: int = 1) -> Batch:
    chunks = [paths[i::workers] for i in range(workers)]
    procs = [(_start(chunk, markers), len(chunk)) for chunk in chunks if chunk]
    batches = [_finish(proc, n) for proc, n in procs]
    return Batch(
        records=[r for b in batches for r in b.records],
        extra_kb=max(b.extra_kb for b in batches),
        events=[e for b in batches for e in b.events],
    )


def assert_bounded(batch: Batch) -> None:
    crashes = [
        f"{Path(r['path']).name}: {r['error']}" for r in batch.records if r["outcome"] == "crash"
    ]
    assert not crashes, f"{len(crashes)} files crashed the parser:\n" + "\n".join(crashes[:20])
    extra = batch.extra_kb
    worst = max(batch.records, key=lambda r: r["peak_rise_kb"])
    assert extra < MAX_EXTRA_RSS_KB, (
        f"peak RSS rose {extra / 1024:.0f} MB (largest jump: {worst['path']})"
    )
    slow = [
        f"{Path(r['path']).name}: {r['cpu_s']} s"
        for r in batch.records
        if r["cpu_s"] > MAX_CPU_S_PER_FILE
    ]
    assert not slow, f"files over {MAX_CPU_S_PER_FILE} s of CPU: {slow}"
    leaks = [f"{Path(r['path']).name}: {r['leaks']}" for r in batch.records if r["leaks"]]
    assert not leaks, f"content from outside the document appeared in the output: {leaks}"
    network = [e for e in batch.events if e.startswith(("socket", "urllib"))]
    assert not network, f"parsing touched the network: {network[:5]}"


# -- feedparser's edge corpus --------------------------------------------------------------------
@pytest.fixture(scope="module")
def edge_files(shared_dir: Path) -> list[Path]:
    root = shared_dir / "bench" / "feeds" / "edge"
    files = sorted(p for p in root.rglob("*") if p.suffix in (".xml", ".json") and p.is_file())
    if not files:
        pytest.skip(f"no edge feeds under {root}")
    return files


def test_every_edge_feed_parses_or_is_rejected_within_bounds(edge_files: list[Path]):
    batch = parse_in_subprocesses(edge_files, [MARKER, PASSWD_LINE], workers=2)
    assert len(batch.records) == len(edge_files) >= 2000
    assert_bounded(batch)
    parsed = [r for r in batch.records if r["outcome"] == "parsed"]
    rejected = [r for r in batch.records if r["outcome"] == "rejected"]
    print(
        f"\nedge feeds: {len(edge_files)} files, {len(parsed)} parsed, {len(rejected)} rejected,"
        f" peak RSS +{batch.extra_kb / 1024:.1f} MB"
    )
    # The well-formed corpus is nearly all accepted; a rejection there must say why, in words.
    wellformed = [r for r in batch.records if "/wellformed/" in r["path"]]
    accepted = [r for r in wellformed if r["outcome"] == "parsed"]
    assert len(accepted) >= 0.97 * len(wellformed)
    assert all(r["error"].strip() for r in rejected)


# -- bombs, XXE, and the intruder lists -----------------------------------------------------------
_DOCTYPE = re.compile(r"<!DOCTYPE.*?(?:\]\s*>|>)", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[?/]?[A-Za-z][^>]*>|<!--.*?-->", re.DOTALL)


def wrap_in_rss(document: str, name: str) -> str:
    """The document's DTD in front of an RSS feed whose item carries the document's body, so
    the entity references reach the feed parsers instead of stopping at 'not a feed'."""
    doctype = _DOCTYPE.search(document)
    head = doctype.group(0) if doctype else ""
    body = _TAG.sub(" ", document[doctype.end() :] if doctype else document).strip()
    return (
        f'<?xml version="1.0"?>\n{head}\n<rss version="2.0"><channel><title>Wrapped {name}</title>'
        f"<link>https://site.example/</link><item><title>{body[:200000]}</title>"
        f"<link>https://site.example/{name}</link><description>{body}</description></item>"
        "</channel></rss>\n"
    )


def hostile_documents(server: FixtureServer, marker_file: Path, marker_dtd: Path) -> dict[str, str]:
    """XXE in every form a parser might honour, aimed at files and a server we control."""
    dtd_url = server.url("/evil.dtd")
    item = "<item><title>{t}</title><link>https://site.example/1</link></item>"
    rss = '<rss version="2.0"><channel><title>{t}</title>' + item + "</channel></rss>"
    return {
        "xxe-file.xml": f'<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{marker_file}">]>'
        + rss.format(t="&x;"),
        "xxe-http.xml": f'<!DOCTYPE rss [<!ENTITY x SYSTEM "{dtd_url}">]>' + rss.format(t="&x;"),
        "xxe-parameter.xml": f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{dtd_url}"> %p;]>'
        + rss.format(t="&m;"),
        "external-dtd-file.xml": f'<!DOCTYPE rss SYSTEM "file://{marker_dtd}">'
        + rss.format(t="&m;"),
        "external-dtd-http.xml": f'<!DOCTYPE rss SYSTEM "{dtd_url}">' + rss.format(t="hello"),
        "external-dtd-public.xml": f'<!DOCTYPE rss PUBLIC "-//X//DTD X//EN" "{dtd_url}">'
        + rss.format(t="hello"),
        "xinclude.xml": '<rss version="2.0" xmlns:xi="http://www.w3.org/2001/XInclude"><channel>'
        f'<title><xi:include href="file://{marker_file}" parse="text"/></title>'
        + item.format(t=f'<xi:include href="{dtd_url}" parse="text"/>')
        + "</channel></rss>",
        "schema-location.xml": '<rss version="2.0" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:noNamespaceSchemaLocation="{server.url("/rss.xsd")}"><channel><title>t</title>'
        + item.format(t="s")
        + "</channel></rss>",
        "xml-stylesheet.xml": f'<?xml-stylesheet type="text/xsl" href="{server.url("/x.xsl")}"?>'
        + rss.format(t="s"),
        "entity-after-comment.xml": "<!-- <a <rss --><!DOCTYPE rss [<!ENTITY x SYSTEM "
        f'"file://{marker_file}">]>' + rss.format(t="&x;"),
        "xxe-atom.xml": f'<!DOCTYPE feed [<!ENTITY x SYSTEM "file://{marker_file}">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>&x;</title><entry><title>&x;</title>'
        '<link href="https://site.example/1"/><content type="html">&x;</content></entry></feed>',
        "xxe-rdf.xml": f'<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file://{marker_file}">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel><title>&x;</title></channel>'
        "<item><title>&x;</title><link>https://site.example/1</link></item></rdf:RDF>",
        "xxe-passwd.xml": '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + rss.format(t="&x;"),
    }


@pytest.fixture
def security_corpus(shared_dir: Path, tmp_path: Path) -> tuple[list[Path], dict[str, str]]:
    """(files to parse, what each one is) for the XML attack data and our own XXE files."""
    root = shared_dir / "bench" / "security" / "xml"
    if not root.is_dir():
        pytest.skip(f"no XML attack data under {root}")
    marker_file = tmp_path / "marker.txt"
    marker_file.write_text(MARKER + "\n")
    marker_dtd = tmp_path / "marker.dtd"
    marker_dtd.write_text(f'<!ENTITY m "{MARKER}">\n')
    out = tmp_path / "docs"
    out.mkdir()
    kinds: dict[str, str] = {}
    files: list[Path] = []

    def add(name: str, text: str | bytes, kind: str) -> None:
        path = out / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        files.append(path)
        kinds[name] = kind

    for path in sorted((root / "defusedxml").iterdir()):
        raw = path.read_text("utf-8").replace("/PATH/TO/xmltestdata/simple.xml", str(marker_file))
        add(path.name, raw, "bomb" if path.name in BOMBS else "file")
        if path.suffix == ".xml":
            kind = "bomb" if path.name in BOMBS else "benign" if path.name in BENIGN else "file"
            add("rss-" + path.name, wrap_in_rss(raw, path.stem), kind)
    for n, path in enumerate(sorted((root / "xxe-files").iterdir())):
        raw = path.read_text("utf-8", "replace").replace("/etc/passwd", str(marker_file))
        add(f"xxe-file-{n}.xml", raw, "file")
        add(f"rss-xxe-file-{n}.xml", wrap_in_rss(raw, f"xxe{n}"), "file")
    for listing in sorted((root / "xxe-intruders").iterdir()):
        lines = [x for x in listing.read_text("utf-8", "replace").splitlines() if x.strip()]
        for n, line in enumerate(lines):
            add(f"{listing.stem}-{n}.xml", line.replace("/etc/passwd", str(marker_file)), "line")
    return files, kinds


def test_bombs_and_xxe_are_rejected_within_bounds(
    security_corpus: tuple[list[Path], dict[str, str]], tmp_path: Path
):
    files, kinds = security_corpus
    hostile = {
        "/evil.dtd": Route(
            body=f'<!ENTITY m "{MARKER}">'.encode(), headers={"Content-Type": "application/xml-dtd"}
        ),
    }
    with FixtureServer(hostile) as server:
        marker_file = tmp_path / "marker.txt"
        marker_dtd = tmp_path / "marker.dtd"
        extra = tmp_path / "xxe"
        extra.mkdir()
        for name, text in hostile_documents(server, marker_file, marker_dtd).items():
            (extra / name).write_text(text, "utf-8")
            files.append(extra / name)
            kinds[name] = "xxe"
        utf16 = extra / "xxe-utf16.xml"
        utf16.write_bytes((extra / "xxe-file.xml").read_text("utf-8").encode("utf-16"))
        files.append(utf16)
        kinds[utf16.name] = "xxe"
        batch = parse_in_subprocesses(files, [MARKER, PASSWD_LINE])
        requests = list(server.requests)

    assert len(batch.records) == len(files)
    assert_bounded(batch)
    assert requests == [], f"the parser fetched {[r.path for r in requests]} from the network"
    outcome = {name: r["outcome"] for name, r in batch.by_name().items()}
    must_reject = sorted(n for n, k in kinds.items() if k == "bomb")
    assert {"quadratic.xml", "cyclic.xml", "rss-quadratic.xml", "rss-cyclic.xml"} <= set(
        must_reject
    )
    accepted_bombs = [n for n in must_reject if outcome[n] != "rejected"]
    assert not accepted_bombs, f"entity bombs / external entities accepted: {accepted_bombs}"
    declared = [
        n
        for n, k in kinds.items()
        if k == "xxe"
        and "external-dtd" not in n
        and n not in ("xinclude.xml", "schema-location.xml", "xml-stylesheet.xml")
    ]
    assert all(outcome[n] == "rejected" for n in declared), {n: outcome[n] for n in declared}
    benign = sorted(n for n, k in kinds.items() if k == "benign")
    assert benign and all(outcome[n] == "parsed" for n in benign), {n: outcome[n] for n in benign}
    errors = [batch.by_name()[n]["error"] for n in must_reject]
    assert all("unsafe XML" in e or "malformed" in e or "not a feed" in e for e in errors)
    print(
        f"\nXML attack files: {len(files)} parsed in a subprocess,"
        f" {sum(1 for o in outcome.values() if o == 'rejected')} rejected,"
        f" peak RSS +{batch.extra_kb / 1024:.1f} MB"
    )


# -- the body of a response is never a file name ------------------------------------------------
def test_a_feed_body_is_never_opened_as_a_local_path(tmp_path: Path):
    folder = tmp_path / "<rss>"
    folder.mkdir()
    secret = folder / "secret.xml"
    secret.write_text(
        f'<rss version="2.0"><channel><title>{MARKER}</title><item><title>{MARKER}</title>'
        "<link>https://local.example/1</link></item></channel></rss>"
    )
    batch = parse_in_subprocesses_from_bytes(tmp_path, str(secret).encode())
    record = batch.records[0]
    assert record["outcome"] != "crash"
    assert not record["leaks"], "the feed body named a local file and its content was parsed"
    opened = [e for e in batch.events if e.startswith("open ")]
    assert not opened, f"the parser tried to open the document as a file: {opened[:3]}"


def parse_in_subprocesses_from_bytes(tmp_path: Path, body: bytes) -> Batch:
    doc = tmp_path / "body.xml"
    doc.write_bytes(body)
    return parse_in_subprocesses([doc], [MARKER])
