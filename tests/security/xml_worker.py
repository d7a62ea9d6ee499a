"""Parse feed documents in a fresh process and report, per file, what parse_feed did.

Run by test_xml_limits.py as `python xml_worker.py REQUEST.json`, the request being
{"paths": [...], "markers": [...], "url": "..."}. A subprocess, because peak memory
(ru_maxrss) only means something in a process that did nothing else, and because a bomb
that got through must take
down this process, not the test run. Python-level network and file access during parsing is
recorded with an audit hook (libxml2's own I/O is checked by the caller: a marker file and a
loopback server that must never be read). One JSON line per file, then one summary line.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> int:
    request: dict[str, Any] = json.loads(Path(sys.argv[1]).read_text("utf-8"))
    paths: list[str] = request["paths"]
    url: str = request.get("url", "https://feeds.example/feed.xml")
    markers: list[str] = request.get("markers", [])

    from broadsheet.feeds import FeedParseError, parse_feed

    # Warm up: lazy imports inside the parsers belong to the baseline, not to the first file.
    warm = b'<rss version="2.0"><channel><title>t</title><item><title>a</title>'
    warm += b"<link>https://a.example/1</link></item></channel></rss>"
    parse_feed(warm, url)
    parse_feed(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>', url)

    allowed = {str(Path(p).resolve()) for p in paths}
    events: list[str] = []
    parsing = [False]

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if not parsing[0]:
            return
        if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
            events.append(f"{event} {args[:2]!r}")
        elif event == "open" and args and isinstance(args[0], str | bytes | Path):
            name = str(args[0] if not isinstance(args[0], bytes) else args[0].decode())
            if str(Path(name).resolve()) not in allowed and not name.endswith((".py", ".pyc")):
                events.append(f"open {name!r}")

    sys.addaudithook(audit)
    baseline = _peak_kb()
    out = sys.stdout
    for path in paths:
        content = Path(path).read_bytes()
        before_peak = _peak_kb()
        started = _cpu_s()
        record: dict[str, Any] = {"path": path}
        dump = ""
        parsing[0] = True
        try:
            feed = parse_feed(content, url)
        except FeedParseError as exc:
            record.update(outcome="rejected", error=str(exc)[:300])
            dump = str(exc)
        except BaseException as exc:  # anything else is exactly what the test looks for
            record.update(outcome="crash", error=f"{type(exc).__name__}: {exc}"[:500])
            dump = str(exc)
        else:
            record.update(outcome="parsed", entries=len(feed.entries))
            dump = repr(feed)
        finally:
            parsing[0] = False
        record["leaks"] = [m for m in markers if m in dump]
        record["cpu_s"] = round(_cpu_s() - started, 4)
        record["peak_rise_kb"] = _peak_kb() - before_peak
        out.write(json.dumps(record) + "\n")
        out.flush()
    summary = {"summary": True, "baseline_kb": baseline, "peak_kb": _peak_kb(), "events": events}
    out.write(json.dumps(summary) + "\n")
    time.sleep(0)  # keep the summary last even if a parser left threads behind
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
