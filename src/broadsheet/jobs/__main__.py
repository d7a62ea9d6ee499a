"""`python -m broadsheet.jobs --db postgresql://…`: a worker without the CLI's web imports.

For machines that only ingest (and for the scale tests): the same worker as `broadsheet worker`,
started without loading the web app. Settings come from BROADSHEET_* as everywhere else.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging

from broadsheet.config import load_settings
from broadsheet.jobs.worker import WorkerOptions, run_worker_until_stopped


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m broadsheet.jobs", description=__doc__)
    parser.add_argument("--db", required=True, help="PostgreSQL store URL")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--tick-s", type=int, default=10)
    parser.add_argument("--stalled-after-s", type=float, default=30.0)
    parser.add_argument("--name", default=None)
    parser.add_argument(
        "--fetchers",
        type=int,
        default=0,
        help="job fetch loops sharing --concurrency (0: one per 4 jobs, at most 4)",
    )
    parser.add_argument(
        "--no-understand",
        action="store_true",
        help="store articles without running enrich/stories on them",
    )
    args = parser.parse_args(argv)
    settings = load_settings().with_overrides(db_url=args.db)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # One INFO line per HTTP request is the job log again, in other words (procrastinate logs
    # every job's start and end, with its result), at a cost per feed; errors still show.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    options = WorkerOptions(
        concurrency=args.concurrency,
        tick_s=args.tick_s,
        stalled_after_s=args.stalled_after_s,
        name=args.name,
        fetchers=args.fetchers,
        understand=not args.no_understand,
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_worker_until_stopped(settings, options))


if __name__ == "__main__":
    main()
