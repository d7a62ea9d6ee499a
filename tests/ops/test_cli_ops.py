"""`broadsheet backup|restore|retention|config-docs` run as a user runs them."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from broadsheet.cli.ops import register
from broadsheet.fingerprint import content_hash
from broadsheet.models import NewArticle
from broadsheet.store import open_store


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def _store_with(url: str, n: int) -> None:
    store = open_store(url)
    try:
        for i in range(n):
            text = f"Body {i} of an article."
            store.add_article(
                NewArticle(
                    url=f"https://e.example/{i}",
                    title=str(i),
                    text=text,
                    content_hash=content_hash(text),
                )
            )
    finally:
        store.close()


def test_backup_then_restore_round_trip(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"BROADSHEET_DATA_DIR": str(tmp_path / "data")}
    url = f"sqlite:///{tmp_path / 'data' / 'broadsheet.db'}"
    _store_with(url, 4)
    backup = tmp_path / "b.db"
    result = runner.invoke(_app(), ["backup", str(backup)], env=env)
    assert result.exit_code == 0, result.output
    assert "4 articles" in result.output

    refused = runner.invoke(_app(), ["restore", str(backup)], env=env)
    assert refused.exit_code == 1
    assert "--force" in refused.output

    target = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    result = runner.invoke(_app(), ["restore", str(backup), "--db", target], env=env)
    assert result.exit_code == 0, result.output
    assert open_store(target).count_articles() == 4


def test_retention_command_says_when_it_is_off(tmp_path: Path) -> None:
    env = {"BROADSHEET_DATA_DIR": str(tmp_path)}
    result = CliRunner().invoke(_app(), ["retention"], env=env)
    assert result.exit_code == 0
    assert "retention is off" in result.output
    result = CliRunner().invoke(_app(), ["retention", "--unread-days", "30"], env=env)
    assert result.exit_code == 0, result.output
    assert "dropped 0 unread" in result.output


def test_config_docs_check_flags_a_stale_file(tmp_path: Path) -> None:
    out = tmp_path / "configuration.md"
    runner = CliRunner()
    assert runner.invoke(_app(), ["config-docs", "--out", str(out)]).exit_code == 0
    assert runner.invoke(_app(), ["config-docs", "--out", str(out), "--check"]).exit_code == 0
    out.write_text(out.read_text() + "edited by hand\n")
    assert runner.invoke(_app(), ["config-docs", "--out", str(out), "--check"]).exit_code == 1
