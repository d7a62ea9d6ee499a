"""Log records that carry the request id and never a password, token or session id.

`RequestIdFilter` stamps each record with the id of the web request it was logged under (kept
in a ContextVar, so concurrent requests do not mix). `RedactingFilter` scrubs secrets from the
message and its arguments before any handler sees them: passwords, tokens, API keys, session
and CSRF values, Authorization headers, and the userinfo part of URLs
(postgresql://user:secret@host). `JsonFormatter` writes one JSON object a line.

Install all three on the root handler: `configure_handler(handler, json_lines=settings.log_json)`.
"""

from __future__ import annotations

import json
import logging
import re
from contextvars import ContextVar
from typing import Any

REDACTED = "[redacted]"

request_id_var: ContextVar[str | None] = ContextVar("broadsheet_request_id", default=None)

# Names whose values are secrets, in query strings, form bodies, JSON, headers and key=value text.
_SECRET_NAMES = (
    r"password|passwd|pass|pwd|secret|secret_key|token|access_token|refresh_token|api_key|apikey"
    r"|api|auth|authorization|session|session_id|sessionid|csrf|csrf_token|cookie|set-cookie"
    r"|llm_api_key|metrics_token|action_token"
)
_KEY_VALUE = re.compile(
    r"""(?P<key>\b(?:""" + _SECRET_NAMES + r""")\b)(?P<sep>["']?\s*[:=]\s*["']?)"""
    r"""(?P<value>(?:Bearer\s+|GoogleLogin\s+auth=|Basic\s+)?[^\s"'&,;}]+)""",
    re.IGNORECASE,
)
_URL_USERINFO = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^/\s:@]+):[^/\s@]+@", re.I)
_BEARER = re.compile(r"\b(Bearer|GoogleLogin auth=|Basic)\s*[A-Za-z0-9._~+/=-]{8,}", re.I)


def redact(text: str) -> str:
    """Replace every secret-looking value in `text` with [redacted]."""
    text = _URL_USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:{REDACTED}@", text)
    text = _KEY_VALUE.sub(lambda m: f"{m['key']}{m['sep']}{REDACTED}", text)
    return _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)


class RedactingFilter(logging.Filter):
    """Scrubs the formatted message (and exception text) of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
            record.exc_info = None
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get()
        return True


# Attributes every LogRecord has; anything else was passed with `extra=` and is emitted as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": self.formatTime(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and value is not None:
                data[key] = value if isinstance(value, int | float | bool) else redact(str(value))
        if record.exc_info:
            data["error"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            data["error"] = record.exc_text
        return json.dumps(data, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = getattr(record, "request_id", None)
        return f"{line} [request {request_id}]" if request_id else line


def configure_handler(handler: logging.Handler, *, json_lines: bool) -> logging.Handler:
    """Give a handler the request id, the redaction and the chosen format."""
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    return handler
