"""Scoring proposed plans against gold plan files: precision, recall and F1 per kind.

Matching rule. Items of one kind are compared by one text field (goal.text, strategy title or
text, target_group.name, message.text, channel.name, principle.name, role.title, rule.name,
action.title, challenge title or text). Texts are normalised first: casefolded, punctuation
replaced by spaces, whitespace collapsed. Two texts are *similar* with the larger of

- difflib's SequenceMatcher ratio of the normalised texts, and
- token-set overlap: |A ∩ B| / max(|A|, |B|) for their sets of words,

and an item can match only when that similarity is at least 0.8. Pairs are matched one to one,
greedily from the most similar pair down (each gold and each proposed item used at most once).
A matched pair is a true positive, an unmatched proposal a false positive, an unmatched gold item
a false negative. A kind that is empty both in the gold file and in the proposal gets no score
for that document (it is not counted as 0/0, nor as perfect). Set scores are micro-averaged: the
counts of all documents are summed before precision, recall and F1 are computed.

Fields of matched actions (responsible, financing, when) are compared only where the gold action
has the field; they agree when the normalised texts are equal or similar at 0.9 or more.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kommplan.planfiles.schema import PlanFile

MATCH_THRESHOLD = 0.8
FIELD_THRESHOLD = 0.9

KINDS = (
    "goals",
    "strategies",
    "target_groups",
    "messages",
    "channels",
    "principles",
    "roles",
    "rules",
    "actions",
    "challenges",
)
FIELDS = ("responsible", "financing", "when")
TARGET_KINDS = ("actions", "goals", "target_groups", "channels")


def _texts(plan: PlanFile) -> dict[str, list[list[str]]]:
    s = plan.strategy
    pick: dict[str, Callable[[], Iterable[list[str | None]]]] = {
        "goals": lambda: ([g.text] for g in s.goals),
        "strategies": lambda: ([x.title, x.text] for x in s.strategies),
        "target_groups": lambda: ([t.name] for t in s.target_groups),
        "messages": lambda: ([m.text] for m in s.messages),
        "channels": lambda: ([c.name] for c in s.channels),
        "principles": lambda: ([p.name] for p in s.principles),
        "roles": lambda: ([r.title] for r in s.roles),
        "rules": lambda: ([r.name] for r in s.rules),
        "actions": lambda: ([a.title] for a in plan.actions),
        "challenges": lambda: ([c.title, c.text] for c in s.challenges),
    }
    return {kind: [[t for t in texts if t] for texts in pick[kind]()] for kind in KINDS}


def normalise(text: str) -> str:
    text = re.sub(r"[^\w\s]|_", " ", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


def similarity(a: str, b: str) -> float:
    """The larger of SequenceMatcher's ratio and token-set overlap, on normalised texts."""
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    ta, tb = set(a.split()), set(b.split())
    overlap = len(ta & tb) / max(len(ta), len(tb))
    return max(ratio, overlap)


def _best(gold: list[str], pred: list[str]) -> float:
    return max((similarity(g, p) for g in gold for p in pred), default=0.0)


def match(gold: list[list[str]], pred: list[list[str]]) -> list[tuple[int, int, float]]:
    """One-to-one matches (gold index, predicted index, similarity), most similar first."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            score = _best(g, p)
            if score >= MATCH_THRESHOLD:
                pairs.append((score, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches = []
    for score, i, j in pairs:
        if i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        matches.append((i, j, score))
    return matches


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Agreement:
    agree: int = 0
    total: int = 0

    def add(self, other: Agreement) -> None:
        self.agree += other.agree
        self.total += other.total

    @property
    def rate(self) -> float | None:
        return self.agree / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        rate = self.rate
        return {
            "agree": self.agree,
            "total": self.total,
            "rate": None if rate is None else round(rate, 4),
        }


@dataclass
class DocScore:
    name: str
    kinds: dict[str, Counts] = field(default_factory=dict)  # only kinds that get a score
    fields: dict[str, Agreement] = field(default_factory=dict)
    seconds: float | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kinds": {k: v.as_dict() for k, v in self.kinds.items()},
            "fields": {k: v.as_dict() for k, v in self.fields.items()},
            "seconds": None if self.seconds is None else round(self.seconds, 4),
            "error": self.error,
        }


def fields_agree(gold: str, pred: str | None) -> bool:
    if not pred:
        return False
    a, b = normalise(gold), normalise(pred)
    return a == b or similarity(gold, pred) >= FIELD_THRESHOLD


def score_plan(gold: PlanFile, pred: PlanFile, *, name: str = "") -> DocScore:
    score = DocScore(name=name)
    gold_texts, pred_texts = _texts(gold), _texts(pred)
    action_matches: list[tuple[int, int, float]] = []
    for kind in KINDS:
        g, p = gold_texts[kind], pred_texts[kind]
        if not g and not p:
            continue
        matches = match(g, p)
        if kind == "actions":
            action_matches = matches
        score.kinds[kind] = Counts(
            tp=len(matches), fp=len(p) - len(matches), fn=len(g) - len(matches)
        )
    for key in FIELDS:
        agreement = Agreement()
        for i, j, _s in action_matches:
            expected = getattr(gold.actions[i], key)
            if not expected:
                continue
            agreement.total += 1
            agreement.agree += fields_agree(expected, getattr(pred.actions[j], key))
        score.fields[key] = agreement
    return score


@dataclass
class SetScore:
    name: str
    documents: list[DocScore] = field(default_factory=list)

    def kinds(self) -> dict[str, Counts]:
        total: dict[str, Counts] = {}
        for doc in self.documents:
            for kind, counts in doc.kinds.items():
                total.setdefault(kind, Counts()).add(counts)
        return {k: total[k] for k in KINDS if k in total}

    def fields(self) -> dict[str, Agreement]:
        total = {key: Agreement() for key in FIELDS}
        for doc in self.documents:
            for key, agreement in doc.fields.items():
                total[key].add(agreement)
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "set": self.name,
            "kinds": {k: v.as_dict() for k, v in self.kinds().items()},
            "fields": {k: v.as_dict() for k, v in self.fields().items()},
            "documents": [d.as_dict() for d in self.documents],
        }


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def format_set(result: SetScore, *, per_document: bool = True) -> str:
    lines = [f"Set: {result.name} ({len(result.documents)} documents, micro-averaged)", ""]
    lines.append(f"{'kind':<15}{'P':>6}{'R':>6}{'F1':>6}{'tp':>6}{'fp':>6}{'fn':>6}")
    for kind, counts in result.kinds().items():
        lines.append(
            f"{kind:<15}{_f(counts.precision):>6}{_f(counts.recall):>6}{_f(counts.f1):>6}"
            f"{counts.tp:>6}{counts.fp:>6}{counts.fn:>6}"
        )
    lines.append("")
    lines.append("matched actions with the field in gold: agreement")
    for key, agreement in result.fields().items():
        lines.append(f"  {key:<13}{_f(agreement.rate):>6}  ({agreement.agree}/{agreement.total})")
    if per_document:
        lines.append("")
        lines.append("per document: F1 per kind (tp/fp/fn)")
        for doc in result.documents:
            if doc.error:
                lines.append(f"  {doc.name}: ERROR {doc.error}")
                continue
            parts = [f"{k} {_f(c.f1)} ({c.tp}/{c.fp}/{c.fn})" for k, c in doc.kinds.items()]
            seconds = f" [{doc.seconds * 1000:.0f} ms]" if doc.seconds is not None else ""
            lines.append(f"  {doc.name}{seconds}: " + ("; ".join(parts) or "nothing to score"))
    return "\n".join(lines)


GOLD_SUFFIXES = (".yaml", ".yml", ".json")


def evaluate_directory(gold_dir: Path, docs_dir: Path, *, name: str | None = None) -> SetScore:
    """Import every document whose stem has a gold plan file, and score it against that file."""
    from kommplan.planfiles.errors import PlanFileError
    from kommplan.planfiles.reader import read_plan

    from ..errors import ImportProblem
    from .files import import_path

    documents = {
        p.stem: p for p in sorted(docs_dir.iterdir()) if p.is_file() and not p.name.startswith(".")
    }
    result = SetScore(name=name or docs_dir.name)
    for gold_path in sorted(gold_dir.iterdir()):
        if gold_path.suffix.lower() not in GOLD_SUFFIXES or gold_path.stem not in documents:
            continue
        try:
            gold = read_plan(gold_path.read_bytes(), source=gold_path.name)
        except PlanFileError as error:
            result.documents.append(
                DocScore(name=gold_path.stem, error=f"gullfilen er ugyldig: {error}")
            )
            continue
        try:
            imported = import_path(documents[gold_path.stem])
        except ImportProblem as problem:
            result.documents.append(DocScore(name=gold_path.stem, error=str(problem)))
            continue
        score = score_plan(gold, imported.result.plan, name=gold_path.stem)
        score.seconds = imported.structure_seconds
        result.documents.append(score)
    return result
