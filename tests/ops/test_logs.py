"""Logs never carry a password, a token or a session id, whatever the code logs."""

from __future__ import annotations

import io
import json
import logging

import pytest

from broadsheet.ops.logs import REDACTED, configure_handler, redact

SECRETS = {
    "password=correct-horse-battery": "correct-horse-battery",
    "postgresql://broadsheet:pg-pass-123@db:5432/broadsheet": "pg-pass-123",
    "Authorization: Bearer eyJhbGciOi.payload.sig": "eyJhbGciOi.payload.sig",
    "Authorization: GoogleLogin auth=greader-token-4455": "greader-token-4455",
    '{"api_key": "fever-key-778899"}': "fever-key-778899",
    "cookie: session=sess-id-abcdef0123": "sess-id-abcdef0123",
    "GET /reader/api?token=tok-aa11&x=1": "tok-aa11",
    "llm_api_key='sk-local-secret'": "sk-local-secret",
    "csrf_token=csrf-9988": "csrf-9988",
}


@pytest.mark.parametrize("text,secret", list(SECRETS.items()))
def test_secrets_are_redacted(text: str, secret: str) -> None:
    cleaned = redact(text)
    assert secret not in cleaned
    assert REDACTED in cleaned


def test_ordinary_text_is_left_alone() -> None:
    text = "feed https://example.com/feed.xml polled: 12 new articles in 1.5s"
    assert redact(text) == text


def _logger(json_lines: bool) -> tuple[logging.Logger, io.StringIO]:
    out = io.StringIO()
    logger = logging.getLogger(f"broadsheet.test.logs.{json_lines}")
    logger.handlers[:] = [configure_handler(logging.StreamHandler(out), json_lines=json_lines)]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, out


def test_json_lines_redact_arguments_extras_and_tracebacks() -> None:
    logger, out = _logger(json_lines=True)
    logger.info("sign-in for %s with password=%s", "ada", "pw-in-args-1")
    logger.info("calling llm", extra={"headers": "Authorization: Bearer llm-key-123456"})
    try:
        raise RuntimeError("connect failed: postgresql://u:pw-in-exc-9@h/db")
    except RuntimeError:
        logger.exception("store down")
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 3
    assert lines[0]["message"].startswith("sign-in for ada with password=")
    text = out.getvalue()
    for secret in ("pw-in-args-1", "llm-key-123456", "pw-in-exc-9"):
        assert secret not in text
    assert "RuntimeError" in lines[2]["error"]


def test_text_lines_are_redacted_too() -> None:
    logger, out = _logger(json_lines=False)
    logger.warning("token=plain-text-token-1 rejected")
    assert "plain-text-token-1" not in out.getvalue()
    assert "rejected" in out.getvalue()
