"""The Prometheus exposition: families, labels, cumulative histogram buckets."""

from __future__ import annotations

import re
import threading

from broadsheet.ops.metrics import Metrics
from broadsheet.pipeline import FeedOutcome


def _samples(text: str) -> dict[str, float]:
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            out[name] = float(value)
    return out


def test_every_family_is_declared_before_anything_happened() -> None:
    text = Metrics().render()
    for name in (
        "feeds_polled_total",
        "errors_total",
        "articles_ingested_total",
        "stage_seconds",
        "http_request_seconds",
        "queue_depth",
    ):
        assert f"# TYPE broadsheet_{name} " in text
    assert _samples(text)["broadsheet_articles_ingested_total"] == 0


def test_feed_outcomes_become_polls_articles_and_errors() -> None:
    metrics = Metrics()
    metrics.record_feed_outcome(
        FeedOutcome(feed_id=1, url="u", new_articles=3, entry_errors=["a: boom", "b: boom"])
    )
    metrics.record_feed_outcome(FeedOutcome(feed_id=2, url="v", error="timed out"))
    metrics.record_feed_outcome(FeedOutcome(feed_id=3, url="w", not_modified=True))
    samples = _samples(metrics.render())
    assert samples['broadsheet_feeds_polled_total{result="ok"}'] == 1
    assert samples['broadsheet_feeds_polled_total{result="error"}'] == 1
    assert samples['broadsheet_feeds_polled_total{result="not_modified"}'] == 1
    assert samples["broadsheet_articles_ingested_total"] == 3
    assert samples['broadsheet_errors_total{kind="entry"}'] == 2
    assert samples['broadsheet_errors_total{kind="feed"}'] == 1


def test_histograms_are_cumulative_with_sum_and_count() -> None:
    metrics = Metrics(buckets=(0.1, 1.0))
    for seconds in (0.05, 0.5, 0.5, 5.0):
        metrics.observe("broadsheet_stage_seconds", seconds, stage="extract")
    with metrics.time_stage("parse"):
        pass
    samples = _samples(metrics.render())
    prefix = 'broadsheet_stage_seconds_bucket{stage="extract",le='
    assert samples[prefix + '"0.1"}'] == 1
    assert samples[prefix + '"1"}'] == 3
    assert samples[prefix + '"+Inf"}'] == 4
    assert samples['broadsheet_stage_seconds_count{stage="extract"}'] == 4
    assert samples['broadsheet_stage_seconds_sum{stage="extract"}'] == 6.05
    assert samples['broadsheet_stage_seconds_count{stage="parse"}'] == 1


def test_label_values_are_escaped_and_gauges_read_at_scrape_time() -> None:
    metrics = Metrics()
    metrics.error('odd "kind"\\n')
    depth = [4]
    metrics.gauge("broadsheet_queue_depth", lambda: depth[0])
    first = metrics.render()
    depth[0] = 9
    assert 'kind="odd \\"kind\\"\\\\n"' in first
    assert "broadsheet_queue_depth 4" in first
    assert "broadsheet_queue_depth 9" in metrics.render()


def test_counting_from_many_threads_loses_nothing() -> None:
    metrics = Metrics()

    def work() -> None:
        for _ in range(1000):
            metrics.articles_ingested()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert metrics.value("broadsheet_articles_ingested_total") == 4000
    assert re.search(r"^broadsheet_articles_ingested_total 4000$", metrics.render(), re.M)
