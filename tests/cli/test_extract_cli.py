"""`broadsheet extract` as other tools call it (contract in DESIGN.md)."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from broadsheet.cli import extract as extract_cli
from broadsheet.extract import CONTRACT_KEYS

BODY = "".join(
    f"<p>Paragraph {n}: the harbour authority said on Tuesday that the new ferry terminal "
    f"would open in spring, two years later than first planned.</p>"
    for n in range(5)
)
PAGE = (
    '<html lang="en"><head><title>Ferry terminal delayed | Harbour News</title>'
    '<meta property="article:published_time" content="2024-05-01T08:00:00Z"></head>'
    f"<body><article><h1>Ferry terminal delayed</h1>{BODY}</article></body></html>"
)


@pytest.fixture
def app() -> typer.Typer:
    """The command as registered on an app with more than one command (subcommand routing)."""
    app = typer.Typer()
    app.callback()(lambda: None)
    extract_cli.register(app)
    return app


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "a.html").write_text(PAGE, encoding="utf-8")
    (pages / "sub" / "b.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    (pages / "c.html").write_bytes(b"%PDF-1.4 not a page")
    (pages / "ignored.txt").write_text("not a page")
    return pages


def test_one_file_to_json(app: typer.Typer, folder: Path) -> None:
    result = CliRunner().invoke(
        app, ["extract", "--url", "https://h.example/f", str(folder / "a.html")]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert tuple(record) == CONTRACT_KEYS
    assert record["url"] == "https://h.example/f"
    assert record["title"] == "Ferry terminal delayed"
    assert record["published"] == "2024-05-01T08:00:00+00:00"
    assert "Paragraph 4" in record["text"]


@pytest.mark.parametrize("fmt,expected", [("text", "Paragraph 0:"), ("markdown", "# Ferry")])
def test_text_and_markdown_formats(app: typer.Typer, folder: Path, fmt: str, expected: str) -> None:
    result = CliRunner().invoke(app, ["extract", "--format", fmt, str(folder / "sub/b.html.gz")])
    assert result.exit_code == 0, result.output
    assert expected in result.stdout


def test_not_html_is_a_clear_error(app: typer.Typer, folder: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(folder / "c.html")])
    assert result.exit_code == 1
    assert "PDF" in result.stderr


def test_missing_file_is_a_clear_error(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "nope.html")])
    assert result.exit_code == 1 and "no such file" in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_writes_one_line_per_page(
    app: typer.Typer, folder: Path, tmp_path: Path, jobs: str
) -> None:
    out = tmp_path / "out.jsonl"
    args = ["extract", "--batch", str(folder), "--out", str(out), "--jobs", jobs]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", "c", "b"]  # sorted by path, sub/ last
    by_id = {r["id"]: r for r in records}
    assert by_id["a"]["text"] == by_id["b"]["text"] != ""
    assert by_id["c"]["text"] == "" and "PDF" in by_id["c"]["error"]
    assert all(tuple(k for k in r if k != "error") == ("id", *CONTRACT_KEYS) for r in records)


def test_batch_needs_out(app: typer.Typer, folder: Path) -> None:
    result = CliRunner().invoke(app, ["extract", "--batch", str(folder)])
    assert result.exit_code != 0 and "--out" in result.output


@pytest.fixture
def page_server() -> Iterator[str]:
    """A real HTTP server on loopback serving PAGE at /story and 404 elsewhere."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = PAGE.encode("utf-8")
            self.send_response(200 if self.path == "/story" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join()


def test_url_input_is_fetched(
    app: typer.Typer, page_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROADSHEET_ALLOW_PRIVATE_HOSTS", "loopback")
    result = CliRunner().invoke(app, ["extract", f"{page_server}/story"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["url"] == f"{page_server}/story"
    assert "Paragraph 3" in record["text"]


def test_url_that_fails_is_a_clear_error(
    app: typer.Typer, page_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROADSHEET_ALLOW_PRIVATE_HOSTS", "loopback")
    result = CliRunner().invoke(app, ["extract", f"{page_server}/gone"])
    assert result.exit_code == 1 and "404" in result.stderr
