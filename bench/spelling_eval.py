"""Score the spelling and grammar checks alone on an evaluation set, the way the scorer does.

    .venv/bin/python bench/spelling_eval.py ../shared/eval/dev-ar [--show]

Builds documents with the tokenizer and a plain sentence split (until ``analyze()`` lands),
runs the spelling/grammar checks of the registry, and feeds the flags to
``../shared/tools/score_analysis.py``'s ``score``. ``--show`` lists misses and noise for
diagnosis; nothing from the sets is ever copied into the project.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.analysis.refs import seed_references  # noqa: E402
from claims.analysis.tokenize import tokenize  # noqa: E402
from claims.analysis.types import AnalyzedText, Sentence  # noqa: E402
from claims.checks.registry import CHECKS  # noqa: E402

SCORER = ROOT.parent / "shared" / "tools" / "score_analysis.py"
_SENTENCE_END = re.compile(r"[.!?؟]+|\n+")


def build_doc(text: str, language: str) -> AnalyzedText:
    sentences, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.end()].strip():
            sentences.append(Sentence(start, m.end(), text[start : m.end()]))
        start = m.end()
    if text[start:].strip():
        sentences.append(Sentence(start, len(text), text[start:]))
    return AnalyzedText(
        text=text, language=language, published=None, tokens=tokenize(text), sentences=sentences
    )


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_analysis", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("--show", action="store_true")
    args = p.parse_args()
    folder = os.path.abspath(args.folder)
    with open(os.path.join(folder, "truth.jsonl"), encoding="utf-8") as fh:
        truth = [json.loads(line) for line in fh]
    lang = truth[0]["lang"]
    refs = seed_references()
    checks = [c() for c in CHECKS if c.category in ("spelling", "grammar")]
    results, seconds, words = {}, 0.0, 0
    texts = {}
    for name in sorted(os.listdir(os.path.join(folder, "texts"))):
        text = Path(folder, "texts", name).read_text(encoding="utf-8")
        texts[name] = text
        doc = build_doc(text, lang)
        words += len(doc.tokens)
        t0 = time.perf_counter()
        flags = [f for c in checks for f in c.run(doc, refs)]
        seconds += time.perf_counter() - t0
        results[name] = {"flags": [f.to_dict() for f in flags], "claims": []}
    # Warm pass on fresh documents: what a long-running worker sees for a new article.
    docs = [build_doc(text, lang) for text in texts.values()]
    t0 = time.perf_counter()
    for doc in docs:
        for c in checks:
            c.run(doc, refs)
    warm = time.perf_counter() - t0
    scorer = load_scorer()
    hit, total, (sok, sn), _, (nf, nw), _, _ = scorer.score(folder, results)
    for kind in sorted(total):
        if kind.startswith(("spelling", "grammar")):
            print(f"{kind:28} {hit[kind]:4d}/{total[kind]:<4d} {hit[kind] / total[kind]:.2f}")
    print(f"top suggestion = original: {sok}/{sn} = {sok / max(sn, 1):.2f}")
    print(f"noise on clean articles: {nf} in {nw} words = {1000 * nf / max(nw, 1):.2f}/1k")
    print(f"cold {seconds:.2f}s, warm {1000 * warm / max(words, 1) * 450:.2f} ms per 450 words")
    if args.show:
        show(truth, results, texts)


def show(truth, results, texts) -> None:
    clean = {t["file"] for t in truth if t["type"] == "article" and t.get("clean")}
    for t in truth:
        if not t["type"].startswith(("spelling", "grammar")):
            continue
        flags = [
            f
            for f in results[t["file"]]["flags"]
            if f["category"] in t["accept"] and f["start"] < t["end"] and t["start"] < f["end"]
        ]
        if not flags:
            print("MISS", t["type"], t.get("op"), t["injected"], "->", t["original"])
        elif t["type"] == "spelling.nonword" and not any(
            f["suggestion"] == t["original"] for f in flags
        ):
            print(
                "SUGG",
                t.get("op"),
                t["injected"],
                "->",
                t["original"],
                "got",
                [f["suggestion"] for f in flags],
                flags[0]["details"].get("alternatives"),
            )
    for name in sorted(clean):
        for f in results[name]["flags"]:
            if f["category"] in ("spelling", "grammar"):
                text = texts[name]
                ctx = text[max(0, f["start"] - 30) : f["end"] + 30].replace("\n", " ")
                print("NOISE", f["code"], f["severity"], f["text"], "->", f["suggestion"], "|", ctx)


if __name__ == "__main__":
    main()
