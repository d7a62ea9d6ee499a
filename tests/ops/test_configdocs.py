"""docs/configuration.md must list every setting, with its doc, exactly as generated."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from broadsheet.config import Settings
from broadsheet.ops.configdocs import env_var, render_configuration_doc, undocumented_settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_every_setting_has_a_doc() -> None:
    assert undocumented_settings() == []


def test_configuration_reference_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_configuration_doc(), (
        "docs/configuration.md is stale: run `broadsheet config-docs --out docs/configuration.md`"
    )


def test_reference_names_each_setting_and_its_environment_variable() -> None:
    text = render_configuration_doc()
    for f in fields(Settings):
        assert f"`{f.name}`" in text
        assert f"`{env_var(f.name)}`" in text
        assert str(f.metadata["doc"]).split("|")[0][:40] in text
