from pathlib import Path

import pytest

from broadsheet.config import load_settings


def test_environment_overrides_defaults(tmp_path: Path) -> None:
    s = load_settings(
        {
            "BROADSHEET_PORT": "9000",
            "BROADSHEET_POLL": "no",
            "BROADSHEET_ALLOW_PRIVATE_HOSTS": "a.local, b.local",
            "BROADSHEET_DATA_DIR": str(tmp_path),
        }
    )
    assert s.port == 9000 and s.poll is False
    assert s.allow_private_hosts == ("a.local", "b.local")
    assert s.database_url == f"sqlite:///{tmp_path}/broadsheet.db"


def test_toml_file_and_unknown_keys(tmp_path: Path) -> None:
    cfg = tmp_path / "b.toml"
    cfg.write_text('port = 8123\nllm_url = "http://127.0.0.1:9/v1"\n')
    s = load_settings({"BROADSHEET_CONFIG": str(cfg)})
    assert s.port == 8123 and s.llm_url.endswith("/v1")
    cfg.write_text("prot = 1\n")
    with pytest.raises(ValueError, match="unknown setting 'prot'"):
        load_settings({"BROADSHEET_CONFIG": str(cfg)})


def test_bad_number_names_the_variable() -> None:
    with pytest.raises(ValueError, match="BROADSHEET_PORT"):
        load_settings({"BROADSHEET_PORT": "eighty"})
