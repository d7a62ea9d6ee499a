"""One Settings object, built once at start-up and passed explicitly to whatever needs it.

Values come from (lowest to highest precedence): defaults here, an optional TOML file named by
BROADSHEET_CONFIG, environment variables BROADSHEET_<FIELD> (upper case), and CLI flags.
Every field carries its documentation in `metadata["doc"]`, which docs/configuration.md is
generated from (a test fails when they drift apart).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return os.path.join(base, "broadsheet")


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: str = field(
        default_factory=_default_data_dir,
        metadata=_doc("Folder for the embedded SQLite database and other local state."),
    )
    db_url: str = field(
        default="",
        metadata=_doc(
            "Store URL: sqlite:///PATH or postgresql://…; empty means SQLite in data_dir."
        ),
    )
    host: str = field(default="127.0.0.1", metadata=_doc("Address the web app listens on."))
    port: int = field(default=8000, metadata=_doc("Port the web app listens on."))
    secret_key: str = field(
        default="",
        metadata=_doc("Key signing session cookies; generated and kept in data_dir when empty."),
    )
    user_agent: str = field(
        default="Broadsheet/0.1 (+https://github.com/broadsheet/broadsheet; self-hosted reader)",
        metadata=_doc("User-Agent sent with every outgoing request."),
    )
    fetch_timeout_s: float = field(
        default=20.0, metadata=_doc("Overall deadline for one HTTP fetch, in seconds.")
    )
    fetch_max_bytes: int = field(
        default=10 * 1024 * 1024,
        metadata=_doc("Largest response body accepted, counted after decompression."),
    )
    fetch_max_redirects: int = field(default=5, metadata=_doc("Redirects followed per fetch."))
    fetch_per_host: int = field(
        default=2, metadata=_doc("Concurrent requests allowed to one host.")
    )
    fetch_concurrency: int = field(default=16, metadata=_doc("Concurrent requests in total."))
    allow_private_hosts: tuple[str, ...] = field(
        default=(),
        metadata=_doc(
            "Host names (or 'loopback') that may resolve to private addresses (the demo's fixture"
            " site, an intranet feed). Everything else private is refused."
        ),
    )
    poll: bool = field(default=True, metadata=_doc("Poll due feeds in-process while serving."))
    poll_interval_s: int = field(
        default=900, metadata=_doc("Seconds between polls of a healthy feed.")
    )
    poll_max_backoff_s: int = field(
        default=24 * 3600, metadata=_doc("Longest wait between polls of a failing feed.")
    )
    max_entries_per_feed: int = field(
        default=500, metadata=_doc("Entries taken from one feed document; the rest are dropped.")
    )
    signup_open: bool = field(default=True, metadata=_doc("Whether visitors may create accounts."))
    stories_across_languages: bool = field(
        default=True,
        metadata=_doc(
            "Let an article join a story told in other languages, as the multilingual "
            "encoder judges it (about 10 CPU ms for each article it is asked about)."
        ),
    )
    llm_url: str = field(
        default="",
        metadata=_doc(
            "OpenAI-compatible chat endpoint base URL (optional), e.g. a local llama.cpp."
        ),
    )
    llm_model: str = field(default="", metadata=_doc("Model name sent to the LLM endpoint."))
    llm_api_key: str = field(default="", metadata=_doc("API key for the LLM endpoint, if needed."))
    llm_timeout_s: float = field(default=30.0, metadata=_doc("Deadline for one LLM call."))
    log_json: bool = field(default=False, metadata=_doc("Write logs as one JSON object a line."))
    retention_unread_days: int = field(
        default=0,
        metadata=_doc(
            "Drop articles nobody has read after this many days (0 keeps them); starred or"
            " commented articles are always kept."
        ),
    )
    retention_read_days: int = field(
        default=0,
        metadata=_doc("Drop articles someone has read after this many days (0 keeps them)."),
    )
    retention_interval_s: int = field(
        default=21600, metadata=_doc("Seconds between retention runs while serving.")
    )
    retention_batch_size: int = field(
        default=500,
        metadata=_doc(
            "Articles deleted per transaction by retention, so readers and ingest are not held up."
        ),
    )
    metrics_token: str = field(default="", metadata=_doc("Bearer token that unlocks /metrics."))
    metrics_allow: tuple[str, ...] = field(
        default=(),
        metadata=_doc(
            "Networks (CIDR) whose peers may read /metrics; checked on the socket address,"
            " never X-Forwarded-For."
        ),
    )
    public_url: str = field(
        default="",
        metadata=_doc(
            "Address readers and WebSub hubs reach this server at; WebSub is off without it."
        ),
    )
    websub: bool = field(
        default=True,
        metadata=_doc(
            "Subscribe to a feed's WebSub hub when it advertises one (needs public_url)."
        ),
    )
    websub_lease_s: int = field(
        default=864000, metadata=_doc("Lease asked of hubs, in seconds; renewed before it ends.")
    )
    websub_poll_interval_s: int = field(
        default=21600, metadata=_doc("Seconds between polls of a feed whose hub is pushing.")
    )
    websub_silence_s: int = field(
        default=86400,
        metadata=_doc("After this long without a push, poll the feed at the normal rate again."),
    )

    @property
    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        return "sqlite:///" + os.path.join(self.data_dir, "broadsheet.db")

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with CLI flags applied; None means 'not given'."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(kind: Any, raw: Any) -> Any:
    text = str(kind)
    if isinstance(raw, str):
        if text in ("bool", "<class 'bool'>"):
            return raw.strip().lower() in ("1", "true", "yes", "on")
        if text in ("int", "<class 'int'>"):
            return int(raw)
        if text in ("float", "<class 'float'>"):
            return float(raw)
        if text.startswith("tuple"):
            return tuple(p.strip() for p in raw.split(",") if p.strip())
        return raw
    if text.startswith("tuple") and isinstance(raw, list):
        return tuple(str(p) for p in raw)
    return raw


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Build Settings from the optional TOML file and BROADSHEET_* environment variables."""
    env = dict(os.environ) if env is None else env
    values: dict[str, Any] = {}
    known = {f.name: f for f in fields(Settings)}
    config_file = env.get("BROADSHEET_CONFIG")
    if config_file:
        with Path(config_file).open("rb") as fh:
            for key, raw in tomllib.load(fh).items():
                if key not in known:
                    raise ValueError(f"{config_file}: unknown setting {key!r}")
                values[key] = _coerce(known[key].type, raw)
    for name, f in known.items():
        raw_env = env.get("BROADSHEET_" + name.upper())
        if raw_env is not None:
            try:
                values[name] = _coerce(f.type, raw_env)
            except ValueError as exc:
                raise ValueError(f"BROADSHEET_{name.upper()}: {exc}") from exc
    return Settings(**values)
