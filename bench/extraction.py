"""How well the offline assistant reads requirements text written by other people.

Run by hand: `.venv/bin/python bench/extraction.py [stories|promise|models|prose|conversations|speed ...]`.
Reads the development corpus in ../shared/corpus/ (skipped with a note when absent; never copied
into the project) and the labelled texts in tests/data/, and prints per file and overall figures
against the goals of the issue that asked for them, with each figure's ratio to its goal."""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.intake.engine import draft_document  # noqa: E402
from core.prd import PRDData, normalise_name  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
DATA = ROOT / "tests" / "data"

GOALS = {
    "stories.actor_f1": 0.95,
    "stories.coverage": 0.9,
    "stories.entity_recall": 0.7,
    "stories.entity_precision": 0.7,
    "promise.nfr_f1": 0.85,
    "promise.category_accuracy": 0.75,
    "promise.functional_recall": 0.8,
    "models.class_f1": 0.6,
    "models.attribute_recall": 0.5,
    "models.relationship_recall": 0.4,
    "prose.actor_f1": 0.85,
    "prose.use_case_recall": 0.7,
    "speed.seconds_200kb": 2.0,  # at most
}
RESULTS: dict[str, float] = {}

# ---- matching ------------------------------------------------------------------------------------------

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_STOP = frozenset("a an the of to for and or in on at by with from my our their his her its be able".split())  # noqa: SIM905


def key(name: str) -> str:
    """'BusVehicle', 'bus vehicles' and 'Bus vehicle' share one key."""
    spaced = _CAMEL.sub(" ", name.replace("_", " "))
    return " ".join(normalise_name(w) for w in spaced.split() if w)


def same(a: str, b: str) -> bool:
    """Two names of one thing: equal keys, or one is the other with a qualifier ('Store manager' ~ 'manager')."""
    ka, kb = key(a), key(b)
    return bool(ka and kb) and (ka == kb or ka.endswith(" " + kb) or kb.endswith(" " + ka))


def prf(predicted: list[str], gold: list[str], match=same) -> tuple[float, float, float]:
    """Precision, recall and F1 with each gold item matched at most once."""
    if not predicted and not gold:
        return 1.0, 1.0, 1.0
    left = list(gold)
    hits = 0
    for p in predicted:
        found = next((g for g in left if match(p, g)), None)
        if found is not None:
            left.remove(found)
            hits += 1
    precision = hits / len(predicted) if predicted else 0.0
    recall = (len(gold) - len(left)) / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def content_words(text: str) -> list[str]:
    return [normalise_name(w) for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text.lower()) if w not in _STOP]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def same_use_case(predicted: str, gold: str) -> bool:
    """Lenient: the same verb and the gold name's main object ('Prescribe a treatment' ~ 'Prescribe treatments')."""
    p, g = content_words(predicted), content_words(gold)
    if not p or not g:
        return False
    return _stem(p[0]) == _stem(g[0]) and (len(g) == 1 or _stem(g[-1]) in {_stem(w) for w in p[1:]})


def humans(data: PRDData) -> list[str]:
    return [a.name for a in data.actors if a.kind == "human"]


def externals(data: PRDData) -> list[str]:
    names = [a.name for a in data.actors if a.kind == "external_system"]
    return list(dict.fromkeys(names + list(data.system_boundaries.external)))


def record(name: str, value: float) -> None:
    RESULTS[name] = value


def _line(label: str, **figures: float | int | str) -> None:
    parts = [f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items()]
    print(f"  {label:<28} " + "  ".join(parts))


# ---- user-story backlogs -------------------------------------------------------------------------------


def _spans(row: dict, label: str) -> list[str]:
    text = row["text"]
    return [text[e["start_offset"] : e["end_offset"]] for e in row["entities"] if e["label"] == label]


def _story_text(text: str) -> str:
    return re.sub(r"^#G\d+#\s*", "", text).strip()


def bench_stories() -> None:
    files = sorted((CORPUS / "stories").glob("*.jsonl"))
    if not files:
        print("stories: ../shared/corpus/stories not found; skipped")
        return
    print("User-story backlogs (../shared/corpus/stories)")
    totals = Counter()
    for path in files:
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        stories = [_story_text(r["text"]) for r in rows]
        data = draft_document("\n".join(stories), engine="offline")
        personas = list(dict.fromkeys(key(p) for r in rows for p in _spans(r, "Persona")))
        ap, ar, af = prf([key(a) for a in humans(data)], personas)
        kept = {key(s.text) for uc in data.use_cases for s in uc.stories}
        kept |= {key(uc.description) for uc in data.use_cases}
        covered = sum(1 for s in stories if key(s) in kept)
        mentions = Counter()
        for r in rows:
            for e in {key(x) for x in _spans(r, "Entity")}:
                mentions[e] += 1
        gold_entities = [e for e, n in mentions.items() if n >= 2]
        ep, er, _ = prf([e.name for e in data.data_entities], gold_entities)
        n_uc = len(data.use_cases)
        _line(
            path.stem,
            stories=len(stories),
            actorF1=af,
            coverage=covered / len(stories),
            entP=ep,
            entR=er,
            use_cases=n_uc,
        )
        totals.update(
            stories=len(stories),
            covered=covered,
            af=af,
            ep=ep,
            er=er,
            files=1,
            hg5=int(5 <= n_uc <= 15),
        )
    n = totals["files"]
    record("stories.actor_f1", totals["af"] / n)
    record("stories.coverage", totals["covered"] / totals["stories"])
    record("stories.entity_recall", totals["er"] / n)
    record("stories.entity_precision", totals["ep"] / n)
    _line(
        "overall (mean per backlog)",
        actorF1=totals["af"] / n,
        coverage=totals["covered"] / totals["stories"],
        entP=totals["ep"] / n,
        entR=totals["er"] / n,
        hg5_passable=f"{totals['hg5']}/{n}",
    )


# ---- requirement lists (PROMISE) -----------------------------------------------------------------------

CATEGORY_CUES = {
    "A": ("availab",),
    "FT": ("fault", "reliab", "recover"),
    "L": ("legal", "complian", "regulat"),
    "LF": ("look", "appearance", "feel"),
    "MN": ("maintain",),
    "O": ("operat",),
    "PE": ("perform",),
    "PO": ("portab",),
    "SC": ("scalab", "capacity"),
    "SE": ("secur", "privacy"),
    "US": ("usab",),
}


def _overlap(part: str, whole_words: set[str]) -> float:
    words = content_words(part)
    return sum(1 for w in words if w in whole_words) / len(words) if words else 0.0


def _best(text: str, requirements: list[set[str]], threshold: float) -> int | None:
    scores = [_overlap(text, r) for r in requirements]
    best = max(range(len(scores)), key=scores.__getitem__, default=None)
    return best if best is not None and scores[best] >= threshold else None


def bench_promise() -> None:
    path = CORPUS / "promise_nfr_dev.csv"
    if not path.exists():
        print("promise: ../shared/corpus/promise_nfr_dev.csv not found; skipped")
        return
    print("Requirement lists (../shared/corpus/promise_nfr_dev.csv, one list per project)")
    by_project: dict[str, list[tuple[str, str]]] = {}
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            text = re.sub(r"\s+", " ", row["RequirementText"].replace("\\%", "%")).strip(" '")
            by_project.setdefault(row["ProjectID"], []).append((text, row["class"].strip()))
    tp = fp = fn = cat_ok = f_total = f_hit = 0
    for project, reqs in sorted(by_project.items(), key=lambda kv: int(kv[0])):
        data = draft_document("\n".join(f"- {t}" for t, _ in reqs), engine="offline")
        words = [set(content_words(t)) for t, _ in reqs]
        nfr_of: dict[int, str] = {}
        for n in data.nfrs:
            i = _best(n.statement, words, 0.6)
            if i is not None:
                nfr_of.setdefault(i, n.category)
        uc_hits: set[int] = set()
        for uc in data.use_cases:
            for text in [uc.name, *uc.steps]:
                i = _best(text, words, 0.67)
                if i is not None:
                    uc_hits.add(i)
        p_tp = p_fp = p_fn = p_cat = p_f = p_fh = 0
        for i, (_, cls) in enumerate(reqs):
            if cls == "F":
                p_f += 1
                p_fh += i in uc_hits
                p_fp += i in nfr_of
            elif i in nfr_of:
                p_tp += 1
                p_cat += any(cue in nfr_of[i].lower() for cue in CATEGORY_CUES.get(cls, ()))
            else:
                p_fn += 1
        _line(
            f"project {project}",
            reqs=len(reqs),
            nfrTP=p_tp,
            nfrFP=p_fp,
            nfrFN=p_fn,
            catOK=p_cat,
            funcRecall=p_fh / p_f if p_f else 1.0,
        )
        tp, fp, fn, cat_ok, f_total, f_hit = (
            tp + p_tp,
            fp + p_fp,
            fn + p_fn,
            cat_ok + p_cat,
            f_total + p_f,
            f_hit + p_fh,
        )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    record("promise.nfr_f1", f1)
    record("promise.category_accuracy", cat_ok / tp if tp else 0.0)
    record("promise.functional_recall", f_hit / f_total if f_total else 0.0)
    _line(
        "overall",
        nfrP=precision,
        nfrR=recall,
        nfrF1=f1,
        categoryAcc=cat_ok / tp if tp else 0.0,
        funcToUseCase=f_hit / f_total if f_total else 0.0,
    )


# ---- prose with reference domain models ----------------------------------------------------------------


def bench_models() -> None:
    files = sorted((CORPUS / "prose_models").glob("H*.json"), key=lambda p: int(p.stem[1:]))
    if not files:
        print("models: ../shared/corpus/prose_models not found; skipped")
        return
    print("Prose with reference domain models (../shared/corpus/prose_models)")
    sums = Counter()
    for path in files:
        doc = json.loads(path.read_text())
        gold = doc["entities"]
        data = draft_document(doc["text"], engine="offline")
        predicted = {e.name: e for e in data.data_entities}
        cp, cr, cf = prf(list(predicted), list(gold))
        matched = {g: next((p for p in predicted if same(p, g)), None) for g in gold}
        attr_gold = attr_hit = rel_gold = rel_hit = 0
        for g, p in matched.items():
            if p is None:
                continue
            have = [key(a) for a in predicted[p].attributes]
            for a in gold[g]["attributes"]:
                attr_gold += 1
                attr_hit += any(same(a, h) for h in have)
            for target, _kind in gold[g]["relationships"]:
                other = matched.get(target)
                if other is None:
                    continue
                rel_gold += 1
                forward = any(same(r.target, other) for r in predicted[p].relationships)
                backward = any(same(r.target, p) for r in predicted[other].relationships)
                rel_hit += forward or backward
        ar = attr_hit / attr_gold if attr_gold else 0.0
        rr = rel_hit / rel_gold if rel_gold else 0.0
        _line(path.stem, classes=len(gold), found=len(predicted), P=cp, R=cr, F1=cf, attrR=ar, relR=rr)
        sums.update(files=1, cp=cp, cr=cr, cf=cf, ag=attr_gold, ah=attr_hit, rg=rel_gold, rh=rel_hit)
    n = sums["files"]
    record("models.class_f1", sums["cf"] / n)
    record("models.attribute_recall", sums["ah"] / sums["ag"] if sums["ag"] else 0.0)
    record("models.relationship_recall", sums["rh"] / sums["rg"] if sums["rg"] else 0.0)
    _line(
        "overall (classes: mean per text)",
        P=sums["cp"] / n,
        R=sums["cr"] / n,
        F1=sums["cf"] / n,
        attrR=RESULTS["models.attribute_recall"],
        relR=RESULTS["models.relationship_recall"],
    )


# ---- our own prose descriptions (tests/data/prose) -----------------------------------------------------


def bench_prose() -> None:
    files = sorted((DATA / "prose").glob("*.json"))
    if not files:
        print("prose: tests/data/prose has no descriptions yet; skipped")
        return
    print("Plain prose descriptions (tests/data/prose)")
    sums = Counter()
    for path in files:
        doc = json.loads(path.read_text())
        data = draft_document(doc["text"], engine="offline")
        ap, ar, af = prf(humans(data), doc["actors"])
        xp, xr, xf = prf(externals(data), doc.get("externals", []))
        gold_uc = [u["name"] for u in doc["use_cases"]]
        _, ur, _ = prf([u.name for u in data.use_cases], gold_uc, match=same_use_case)
        _line(path.stem, actorP=ap, actorR=ar, actorF1=af, extF1=xf, ucRecall=ur, use_cases=len(data.use_cases))
        sums.update(files=1, af=af, ur=ur, xf=xf)
    n = sums["files"]
    record("prose.actor_f1", sums["af"] / n)
    record("prose.use_case_recall", sums["ur"] / n)
    _line("overall (mean per text)", actorF1=sums["af"] / n, externalF1=sums["xf"] / n, ucRecall=sums["ur"] / n)


# ---- scripted conversations (tests/data/conversations) -------------------------------------------------


def bench_conversations() -> None:
    files = sorted((DATA / "conversations").glob("*.json"))
    try:
        from core.intake.replay import replay
    except ImportError:
        replay = None
    if not files or replay is None:
        print("conversations: no scripted conversations or no replay yet; skipped")
        return
    print("Scripted conversations (tests/data/conversations): precision/recall of the final data")
    for path in files:
        conv = json.loads(path.read_text())
        data, _ = replay(conv.get("vision", ""), conv["turns"])
        expect = conv["expect"]
        got = {
            "actors": humans(data),
            "use_cases": [u.name for u in data.use_cases],
            "entities": [e.name for e in data.data_entities],
            "externals": externals(data),
        }
        figures = {}
        for field, found in got.items():
            if field in expect:
                match = same_use_case if field == "use_cases" else same
                p, r, _ = prf(found, expect[field], match=match)
                figures[f"{field[:5]}P"], figures[f"{field[:5]}R"] = p, r
        _line(path.stem, turns=len(conv["turns"]), **figures)


# ---- speed ---------------------------------------------------------------------------------------------


def bench_speed() -> None:
    pieces = [json.loads(p.read_text())["text"] for p in sorted((DATA / "prose").glob("*.json"))]
    pieces += [json.loads(p.read_text())["text"] for p in sorted((DATA / "domain_models").glob("*.json"))]
    if not pieces:
        pieces = [(DATA / "requirements_labelled.jsonl").read_text()]
    text, i = "", 0
    while len(text.encode()) < 200_000:
        text += pieces[i % len(pieces)] + "\n\n"
        i += 1
    text = text.encode()[:200_000].decode(errors="ignore")
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        draft_document(text, engine="offline")
        runs.append(time.perf_counter() - start)
    record("speed.seconds_200kb", sorted(runs)[1])
    print(f"Speed: a {len(text.encode()) // 1000} KB document, median of 3: {sorted(runs)[1]:.2f} s")


SECTIONS = {
    "stories": bench_stories,
    "promise": bench_promise,
    "models": bench_models,
    "prose": bench_prose,
    "conversations": bench_conversations,
    "speed": bench_speed,
}


def main(argv: list[str]) -> int:
    chosen = argv or list(SECTIONS)
    for name in chosen:
        SECTIONS[name]()
        print()
    print("Goals (ratio = figure / goal; for seconds, goal / figure; ≥ 1.00 meets the goal)")
    for name, goal in GOALS.items():
        if name not in RESULTS:
            continue
        value = RESULTS[name]
        ratio = goal / value if name.startswith("speed") and value else value / goal
        verdict = "meets" if ratio >= 1 else "MISSES"
        print(
            f"  {name:<30} {value:6.2f}   goal {'≤' if name.startswith('speed') else '≥'} {goal:<5} "
            f"ratio {ratio:4.2f}  {verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
