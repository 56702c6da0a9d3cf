"""Reading each kind of section into plan items: goals, target groups, channels, actions …"""

from __future__ import annotations

import re

from .draft import Draft, Found, norm, similar
from .lexicon import (
    BACK_REFERENCES,
    CHANNEL_HEADS,
    FUNCTION_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    QUESTION_WORDS,
    TARGET_GROUP_HEADS,
    URL,
    is_finite_verb,
)
from .phrases import (
    channel_of,
    channel_phrases,
    count_target_group_heads,
    find_responsible,
    find_timing,
    is_role_word,
    role_subjects,
    target_group_segments,
)
from .pieces import Piece
from .sections import Section, table_header
from .text import (
    TOKEN,
    Vocabulary,
    core,
    has_finite_verb,
    is_capitalised,
    numbered_cuts,
    split_items,
    split_sentences,
    strip_number,
    word_count,
    words,
)
from .units import Unit

_ACTIVITY_NOUNS = re.compile(
    r"^(workshop|workshops|seminar|seminarer|seminar|kurs|samling|samlingar|samlinger|konferanse|"
    r"kampanje|kampanjer|\w*møte|\w*møter|\w*opplæring|\w*undersøkelse|\w*undersøkelser)$",
    re.I,
)
_YEAR_ONLY = re.compile(r"\b(?:i|for|fra|gjennom)\s+((?:19|20)\d{2})\b")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")
_DASH_SPLIT = re.compile(r"\s+[–—-]\s+|:\s+")
_MAX_NAME_WORDS = 14
_PROSE_INTRO = re.compile(
    r"følgende|følgjande|nedenfor|nedanfor|under følger|listet opp|oversikt over"
)
_ROLE_WORDS = re.compile(
    r"ansvar|talsperson|talsmann|uttale seg|uttaler seg|uttalar seg|fronte|rådgiv|rådgjev|bistår|"
    r"koordinerer|tilretteleggere|drifter"
)
_STRICT_ROLE = re.compile(
    r"\bhar\s+(?:et|eit|det|hele|heile)?\s*(?:\w+\s+)?ansvar(?:et)?\b|"
    r"\ber\s+(?:\w+\s+)?(?:hoved)?ansvarl[ei]g\b"
)

PLAIN_CONTEXT = {"actions", "goals", "strategies"}


class Reader:
    """Walks the sections in order, keeping the goal/strategy an action list sits under."""

    def __init__(self, draft: Draft, vocab: Vocabulary) -> None:
        self.draft = draft
        self.vocab = vocab
        self.goal: Found | None = None
        self.strategy: Found | None = None
        self.main_goal: Found | None = None

    def read(self, sections: list[Section]) -> None:
        for section in sections:
            if section.kind not in PLAIN_CONTEXT:
                self.goal = self.strategy = None
            handler = getattr(self, f"_{section.kind}", None)
            if handler is not None:
                handler(section)
            self._activities(section)
            if section.kind not in {
                "roles",
                "actions",
                "channels",
                "messages",
                "crisis",
                "toc",
                "rules",
            }:
                for unit in section.units:
                    if unit.kind == "para":
                        self._role_sentences(unit.piece, strict=True)

    # goals -----------------------------------------------------------------------------------

    def _goals(self, section: Section) -> None:
        head_text = section.head.text.lower() if section.head else ""
        is_main = bool(re.search(r"overordn|hovedmål|hovudmål|hovudmålsetj", head_text))
        is_sub = "delmål" in head_text
        parent = self.main_goal if (is_sub or is_main) else None
        units = [u for u in section.units if u.kind != "marker"]
        added: list[Found] = []

        if _has_subheadings(units):
            for heading, body in _subheading_blocks(units):
                if heading.label in {"vision", "crisis"}:
                    self._special(heading, body)
                    continue
                description = _join_text(body)
                added.append(
                    self._goal(heading.piece, 0.85, parent=parent, description=description)
                )
            self._goal_context(added)
            return

        cells = [u for u in units if u.kind == "cells"]
        table_done = False
        # In run-together text a clause ending in ":" introduces the list: what comes before it
        # ("Kommunikasjonsmålene er nedfelt i …") is no goal.
        intro_at = [i for i, u in enumerate(units) if u.kind == "para" and u.intro]
        if intro_at and units and units[0].kind == "para" and units[0].packed:
            units = units[intro_at[-1] + 1 :]

        k = 0
        first_goal: Found | None = None
        while k < len(units):
            unit = units[k]
            if unit.kind == "item":
                block = _item_run(units, k)
                previous = units[k - 1] if k else None
                intro_words = previous.text if previous and previous.kind == "para" else ""
                texts = [u.piece for u in block]
                average = sum(word_count(p.text) for p in texts) / max(len(texts), 1)
                if first_goal is not None and (
                    average < 3 or intro_words.split()[:1] in (["Dette"], ["Det"])
                ):
                    if average < 3:
                        extra = ", ".join(p.text for p in texts)
                        desc = first_goal.data.get("description") or ""
                        first_goal.data["description"] = f"{desc} {extra}".strip()
                elif not all(_is_question(p.text) for p in texts):
                    for p in texts:
                        if not _is_question(p.text):
                            added.append(self._goal(p, 0.85, parent=first_goal or parent))
                k += len(block)
                continue
            if unit.kind == "cells":
                if not table_done:
                    added.extend(self._goal_table(cells, first_goal or parent))
                    table_done = True
                k += 1
                continue
            if unit.kind == "para" and not unit.intro and not table_done:
                if unit.packed or (section.head is not None and section.head.kind == "para"):
                    for part in _list_parts(unit.piece, self.vocab):
                        if _goal_like(part.text):
                            added.append(self._goal(part, 0.7, parent=parent))
                    if added:
                        first_goal = added[-1]
                elif first_goal is None and not added:
                    first_goal = self._goal(unit.piece, 0.8, parent=parent)
                    added.append(first_goal)
                elif first_goal is not None and unit.text.split()[:1] in (["Dette"], ["Det"]):
                    desc = first_goal.data.get("description") or ""
                    first_goal.data["description"] = f"{desc} {unit.text}".strip()
            elif unit.kind == "para" and unit.intro and first_goal is not None:
                desc = first_goal.data.get("description") or ""
                first_goal.data["description"] = f"{desc} {unit.text}".strip()
            k += 1
        if is_main and added:
            self.main_goal = added[0]
        self._goal_context(added)

    def _goal(
        self,
        piece: Piece,
        confidence: float,
        *,
        parent: Found | None,
        description: str | None = None,
    ) -> Found:
        text = piece.text.strip(" –-")
        data = {"text": text, "description": description or None}
        return self.draft.add("goals", data, piece, confidence, dedupe="text", parent=parent)

    def _goal_context(self, added: list[Found]) -> None:
        if added:
            self.goal = added[-1]
            linked = [s for s in self.draft.items["strategies"] if s.goal is added[-1]]
            self.strategy = linked[-1] if linked else None

    def _goal_table(self, cells: list[Unit], parent: Found | None) -> list[Found]:
        added = []
        columns: list[str] = []
        for unit in cells:
            roles = [_column(c.text) for c in unit.cells]
            if not columns and sum(1 for r in roles if r) >= 2:
                columns = [r or "" for r in roles]
                continue
            if not columns:
                continue
            row = dict(zip(columns, unit.cells, strict=False))
            goal_piece = row.get("goal")
            if goal_piece is None:
                continue
            goal = self._goal(goal_piece, 0.85, parent=parent)
            added.append(goal)
            strategy_piece = row.get("strategy")
            if strategy_piece is not None:
                self.draft.add(
                    "strategies",
                    {"text": strategy_piece.text},
                    strategy_piece,
                    0.85,
                    dedupe="text",
                    goal=goal,
                )
        return added

    # strategies ------------------------------------------------------------------------------

    def _strategies(self, section: Section) -> None:
        head = section.head
        number = head.number if head is not None and head.kind == "marker" else None
        units = section.units
        if number is not None:
            strategy = next(
                (
                    s
                    for s in self.draft.items["strategies"]
                    if s.number == number and not s.overview
                ),
                None,
            )
            mode = "text"
            for unit in units:
                if unit.kind == "marker":
                    if unit.label == "strategy_description":
                        mode = "description"
                    elif unit.label == "desired_results":
                        mode = "results"
                    continue
                if unit.kind != "para":
                    continue
                if strategy is None:
                    title, text = _title_and_clause(unit.piece)
                    strategy = self.draft.add(
                        "strategies",
                        {
                            "title": title.text if title else None,
                            "text": text.text if text else None,
                        },
                        title or unit.piece,
                        0.8,
                        number=number,
                    )
                    if strategy.data.get("title") and not strategy.data.get("text"):
                        mode = "text"
                    else:
                        mode = "after_text"
                    continue
                if mode == "text":
                    if not strategy.data.get("text"):
                        strategy.data["text"] = unit.text
                    mode = "after_text"
                elif mode == "description":
                    _append(strategy.data, "description", unit.text)
                elif mode == "results":
                    results = strategy.data.setdefault("desired_results", [])
                    results.extend(
                        p.text for p in _merge_back_references(_list_parts(unit.piece, self.vocab))
                    )
            if strategy is not None:
                self.strategy = strategy
                self.goal = strategy.goal
            return

        added: list[Found] = []
        overview = head is not None and head.kind == "marker"
        k = 0
        current: Found | None = None
        while k < len(units):
            unit = units[k]
            if unit.kind == "item":
                current = self.draft.add(
                    "strategies",
                    {"text": unit.text},
                    unit.piece,
                    0.8,
                    dedupe="text",
                    number=unit.number,
                )
                added.append(current)
            elif unit.kind == "heading" and not unit.label:
                current = None
                body = []
                while k + 1 < len(units) and units[k + 1].kind == "para":
                    k += 1
                    body.append(units[k])
                if body:
                    added.append(self._strategy_from_para(Piece.join([b.piece for b in body])))
            elif unit.kind == "para" and not unit.intro:
                cuts = numbered_cuts(unit.text)
                if cuts and overview:
                    for n, part in enumerate(unit.piece.split_at(cuts)):
                        part = strip_number(part)
                        if part and is_capitalised(part.text):
                            self.draft.add(
                                "strategies",
                                {"title": part.text},
                                part,
                                0.4,
                                number=str(n + 1),
                                overview=True,
                                dedupe="title",
                            )
                elif not overview and (current is None or unit.blank_before):
                    current = self._strategy_from_para(unit.piece)
                    added.append(current)
            k += 1
        if added:
            self.strategy = added[-1]

    def _strategy_from_para(self, piece: Piece) -> Found:
        sentences = [s for s in split_sentences(piece) if not _activity(s.text)]
        first = sentences[0] if sentences else piece
        rest = " ".join(s.text for s in sentences[1:]) or None
        return self.draft.add(
            "strategies", {"text": first.text, "description": rest}, first, 0.7, dedupe="text"
        )

    def _strategy_description(self, section: Section) -> None:
        self._strategies(section)

    # target groups ---------------------------------------------------------------------------

    def _target_groups(self, section: Section) -> None:
        priority: int | None = None
        units = section.units
        # After "… følgende målgrupper:" or a "Målgrupper:" label, the text is the list itself.
        after_intro = section.head is not None and (
            section.head.kind == "para" or section.head.colon
        )
        if _has_subheadings(units):
            for heading, body in _subheading_blocks(units):
                self.draft.add(
                    "target_groups",
                    {"name": _clip(heading.text), "description": _join_text(body)},
                    heading.piece,
                    0.75,
                    dedupe="name",
                )
            return
        for unit in units:
            if unit.kind == "marker" and unit.label in {"priority1", "priority2"}:
                priority = 1 if unit.label == "priority1" else 2
                after_intro = True
                continue
            if unit.kind == "item":
                name, description = _name_and_rest(unit.piece)
                name, extra = _group_name(name)
                if extra:
                    description = f"{extra} {description or ''}".strip()
                if (
                    1 <= word_count(name.text) <= 20
                    and not name.text.endswith(":")
                    and not _is_question(name.text)
                ):
                    self._target_group(name, priority, 0.85, description)
                continue
            if unit.kind == "para":
                if unit.intro:
                    after_intro = True
                    continue
                if not (unit.packed or after_intro):
                    continue
                for part in _target_group_parts(unit.piece, self.vocab):
                    if not _name_like(part.text):
                        break
                    self._target_group(part, priority, 0.7, None)
                after_intro = unit.packed and after_intro

    def _target_group(
        self, piece: Piece, priority: int | None, confidence: float, description: str | None
    ) -> Found:
        data = {
            "name": _clip(piece.text.rstrip(",;")),
            "priority": priority,
            "description": description,
        }
        return self.draft.add("target_groups", data, piece, confidence, dedupe="name")

    # messages --------------------------------------------------------------------------------

    def _messages(self, section: Section) -> None:
        core_flag = bool(
            section.head and re.search(r"hoved|kjerne|hovud", section.head.text.lower())
        )
        for unit in section.units:
            if unit.kind == "marker":
                if unit.label == "core":
                    core_flag = True
                elif unit.label == "noncore":
                    core_flag = False
                continue
            if unit.kind == "item":
                self._message(unit.piece, core_flag, 0.8)
            elif unit.kind == "para" and not unit.intro:
                parts = _list_parts(unit.piece, self.vocab) if unit.packed else [unit.piece]
                for part in _merge_back_references(parts):
                    if word_count(part.text) >= 2:
                        self._message(part, core_flag, 0.65)

    def _message(self, piece: Piece, core_flag: bool, confidence: float) -> None:
        self.draft.add(
            "messages", {"text": piece.text, "core": core_flag}, piece, confidence, dedupe="text"
        )

    # channels --------------------------------------------------------------------------------

    def _channels(self, section: Section) -> None:
        units = section.units
        k = 0
        while k < len(units):
            unit = units[k]
            if unit.kind == "heading" and not unit.label:
                body = []
                while k + 1 < len(units) and units[k + 1].kind == "para":
                    k += 1
                    body.append(units[k])
                if unit.colon and body and body[0].packed:
                    for b in body:
                        self._channel_list(b.piece)
                else:
                    self._channel(unit.piece, _join_text(body), 0.85)
            elif unit.kind == "item":
                name, rest = _channel_name(unit.piece)
                if name is not None:
                    self._channel(name, rest, 0.85)
            elif unit.kind == "para" and not unit.intro:
                if unit.packed:
                    self._channel_list(unit.piece)
                else:
                    for phrase, _kind in channel_phrases(unit.piece):
                        self._channel(phrase, None, 0.6)
            k += 1

    def _channel_list(self, piece: Piece) -> None:
        parts = split_items(piece, self.vocab, list_mode=True)
        parts = _split_before_names(parts)
        last: Found | None = None
        for part in parts:
            text = part.text
            first = core(text.split()[0]) if text.split() else ""
            if last is not None and not last.data.get("description") and has_finite_verb(text):
                last.data["description"] = text
                continue
            name, rest = _channel_name(part)
            if (
                name is None
                or first.lower()
                in BACK_REFERENCES | QUESTION_WORDS | {"alle", "den", "det", "askim"}
                or (first.lower().endswith("ere") and len(first) >= 7)
            ):
                if last is not None:
                    _append(last.data, "description", text)
                continue
            last = self._channel(name, rest, 0.7)

    def _channel(self, piece: Piece, description: str | None, confidence: float) -> Found:
        name = _PARENTHESIS.sub("", piece.text).strip(" .,:;")
        kind = CHANNEL_HEADS.get(name.lower()) or CHANNEL_HEADS.get(
            " ".join(name.lower().split()[-2:])
        )
        for token in [] if kind else TOKEN.findall(name):
            kind = channel_of(core(token)) or kind
            if kind:
                break
        if kind is None:
            kind = channel_of(name.split()[-1]) if name.split() else None
        url = None
        for text in (name, description or ""):
            m = URL.search(text)
            if m:
                address = m.group(0).lower().rstrip(".")
                url = address if address.startswith("http") else f"https://{address}"
                break
        data = {
            "name": _clip(name),
            "kind": kind or "other",
            "description": description,
            "url": url,
        }
        return self.draft.add("channels", data, piece, confidence, dedupe="name")

    # actions ---------------------------------------------------------------------------------

    def _actions(self, section: Section) -> None:
        before = len(self.draft.items["actions"])
        self._action_units(section)
        if len(self.draft.items["actions"]) == before:
            self._prose_actions(section)

    def _prose_actions(self, section: Section) -> None:
        """An action section with only running text: each plain sentence is an action."""
        for unit in section.units:
            if unit.kind != "para" or unit.intro or unit.packed:
                continue
            for sentence in split_sentences(unit.piece):
                text = sentence.text
                first = core(text.split()[0]).lower() if text.split() else ""
                if (
                    word_count(text) < 3
                    or word_count(text) > 40
                    or text.endswith(":")
                    or first.startswith(("tiltak", "planen", "handlingsplan"))
                    or first in BACK_REFERENCES | QUESTION_WORDS
                    or _PROSE_INTRO.search(text.lower())
                ):
                    continue
                # Something to be done: "Vi skal lage …", "Lage ny nettside", not "Det er viktig …".
                if not (re.search(r"\b(skal|vil|bør|må)\b", text.lower()) or _infinitive(first)):
                    continue
                self._action(sentence, None, [], 0.5)

    def _action_units(self, section: Section) -> None:
        units = section.units
        target_groups: list[Found] = []
        when: tuple[str, Piece] | None = None
        current: Found | None = None
        subheadings = _has_subheadings(units)
        k = 0
        while k < len(units):
            unit = units[k]
            if unit.kind == "para" and table_header(unit.text):
                self._flat_table(unit.piece, table_header(unit.text))
                current = None
            elif unit.kind == "cells":
                k = self._cell_table(units, k)
                current = None
                continue
            elif unit.kind == "heading" and unit.label in {"crisis", "vision"}:
                body = []
                while k + 1 < len(units) and units[k + 1].kind == "para":
                    k += 1
                    body.append(units[k])
                self._special(unit, body)
                current = None
            elif unit.kind == "heading" and not unit.label and subheadings:
                body = []
                while k + 1 < len(units) and units[k + 1].kind == "para":
                    k += 1
                    body.append(units[k])
                current = self._action(unit.piece, _join_text(body), target_groups, 0.8)
                if when and not current.data.get("when"):
                    current.data["when"] = when[0]
                    current.fields["when"] = when[1]
            elif unit.kind == "item":
                title, rest = _title_and_rest(unit.piece)
                current = self._action(title, rest, target_groups, 0.85)
                if when and not current.data.get("when"):
                    current.data["when"] = when[0]
            elif unit.kind == "field" and current is not None:
                if unit.label in {"responsible", "financing", "purpose", "when"}:
                    current.data[unit.label] = unit.text.rstrip(".")
                    current.fields[unit.label] = unit.piece
            elif unit.kind == "para" and unit.intro:
                groups = self._target_groups_named(unit.text)
                if groups:
                    target_groups = groups
                current = None
            elif (
                unit.kind == "para"
                and unit.packed
                and current is None
                or (unit.kind == "para" and unit.packed and unit.blank_before)
            ):
                for title, description in _packed_actions(unit.piece, self.vocab):
                    current = self._action(title, description, target_groups, 0.7)
            elif unit.kind == "para" and current is not None:
                _append(current.data, "description", unit.text)
            elif unit.kind == "para" and current is None:
                m = _YEAR_ONLY.search(unit.text)
                if m and word_count(unit.text) <= 20:
                    when = (m.group(1), unit.piece)
            k += 1

    def _action(
        self, title: Piece, description: str | None, target_groups: list[Found], confidence: float
    ) -> Found:
        text = title.text.strip(" –-")
        data: dict = {"title": text, "description": description or None}
        found = self.draft.add(
            "actions",
            data,
            title,
            confidence,
            goal=self.goal,
            strategy=self.strategy,
            target_groups=list(target_groups),
        )
        full = f"{text} {description or ''}"
        timing = find_timing(full)
        if timing:
            found.data["when"] = timing.group(0).strip(" ,.")
        who = find_responsible(text)
        if who:
            found.data["responsible"] = who
        return found

    def _target_groups_named(self, text: str) -> list[Found]:
        """The target groups an intro names: "For å nå målgruppe nr. 1 (befolkningen og …):"."""
        if "målgrupp" not in text.lower():
            return []
        groups = self.draft.items["target_groups"]
        m = re.search(r"\(([^)]*)\)", text)
        named = m.group(1).lower() if m else text.lower()
        found = []
        for group in groups:
            keys = [w.lower() for w in words(group.data["name"]) if len(w) >= 5]
            keys = [w for w in keys if not w.startswith("kommun")]
            if any(key in named for key in keys):
                found.append(group)
        if not found:
            n = re.search(r"nr\.?\s*(\d{1,2})", text)
            if n and 0 < int(n.group(1)) <= len(groups):
                found = [groups[int(n.group(1)) - 1]]
        return found

    def _flat_table(self, piece: Piece, columns: list[str]) -> None:
        """A table whose cells ran together: rows end at their time cell (the last column)."""
        tokens = list(TOKEN.finditer(piece.text))
        body_start = tokens[len(columns)].start() if len(tokens) > len(columns) else len(piece.text)
        body = piece[body_start:]
        rows = _flat_rows(body, ends_with_time=columns[-1] == "when")
        last_group: Found | None = None
        for row, times in rows:
            chunks = split_items(row, self.vocab)
            group_piece = None
            if chunks and _starts_with_group(chunks[0].text):
                group_piece = chunks.pop(0)
            responsible = None
            if chunks and "responsible" in columns and _role_chunk(chunks[-1].text):
                responsible = chunks.pop(-1)
            elif chunks and "responsible" in columns:
                last_tokens = list(TOKEN.finditer(chunks[-1].text))
                if len(last_tokens) >= 2 and _role_chunk(last_tokens[-1].group()):
                    cut = last_tokens[-1].start()
                    responsible = chunks[-1][cut:].strip()
                    chunks[-1] = chunks[-1][:cut].strip()
            if not times and len(chunks) >= 3 and "when" in columns:
                times = [chunks.pop(-1)]
            n_actions = max(1, len(times))
            titles = chunks[:n_actions]
            purpose = Piece.join(chunks[n_actions:], " ") if len(chunks) > n_actions else None
            if group_piece is not None:
                last_group = self._match_or_add_group(group_piece)
            for i, title in enumerate(titles):
                action = self._action(title, None, [last_group] if last_group else [], 0.6)
                if purpose:
                    action.data["purpose"] = purpose.text
                if responsible is not None:
                    action.data["responsible"] = responsible.text
                if times:
                    t = times[min(i, len(times) - 1)]
                    action.data["when"] = t.text
                    action.fields["when"] = t

    def _match_or_add_group(self, piece: Piece) -> Found | None:
        best, score = None, 0.0
        for group in self.draft.items["target_groups"]:
            a = set(norm(group.data["name"]).split())
            b = set(norm(piece.text).split())
            overlap = len(a & b) / max(len(a | b), 1)
            if overlap > score:
                best, score = group, overlap
        return best if score >= 0.5 else None

    def _cell_table(self, units: list[Unit], k: int) -> int:
        columns: list[str] = []
        while k < len(units) and units[k].kind == "cells":
            unit = units[k]
            roles = [_column(c.text) for c in unit.cells]
            if not columns and sum(1 for r in roles if r) >= 2 and "title" in roles:
                columns = [r or "" for r in roles]
            elif columns:
                row = dict(zip(columns, unit.cells, strict=False))
                title = row.get("title")
                if title is not None:
                    action = self._action(title, None, [], 0.8)
                    for key in ("responsible", "financing", "purpose", "when"):
                        if key in row:
                            action.data[key] = row[key].text
                            action.fields[key] = row[key]
                    if "target_group" in row:
                        group = self._match_or_add_group(row["target_group"])
                        if group:
                            action.target_groups = [group]
            k += 1
        return k

    # roles, principles, challenges, rules, crisis, vision, purpose ----------------------------

    def _roles(self, section: Section) -> None:
        units = section.units
        head = section.head
        if head is not None and head.kind == "heading" and not _has_subheadings(units):
            derived = _role_from_heading(head.text)
            if derived and units:
                body = [u for u in units if u.kind in {"para", "item"}]
                if body:
                    self._role(derived, head.piece, _join_text(body), 0.6)
                    return
        k = 0
        while k < len(units):
            unit = units[k]
            if unit.kind == "heading" and unit.label in {"crisis", "vision"}:
                body = []
                while k + 1 < len(units) and units[k + 1].kind == "para":
                    k += 1
                    body.append(units[k])
                self._special(unit, body)
            elif unit.kind == "heading":
                body = []
                while k + 1 < len(units) and units[k + 1].kind in {"para", "item"}:
                    k += 1
                    body.append(units[k])
                title = _role_from_heading(unit.text) or _PARENTHESIS.sub("", unit.text).strip(" :")
                if not _role_from_heading(unit.text) and not any(
                    is_role_word(w) for w in words(title)
                ):
                    k += 1
                    continue
                extra = _PARENTHESIS.search(unit.text)
                text = _join_text(body)
                if extra:
                    text = f"{extra.group(0).strip()} {text or ''}".strip()
                if body or unit.colon:
                    self._role(title, unit.piece, text, 0.75)
            elif unit.kind in {"para", "item"} and not unit.intro:
                self._role_sentences(unit.piece)
            k += 1
        crisis_intro = False
        for unit in units:
            if unit.kind == "para" and unit.intro and re.search(r"varsl", unit.text.lower()):
                crisis_intro = True
                self.draft.set("crisis_note", unit.text, unit.piece, 0.6)
            elif crisis_intro and unit.kind == "item":
                self._notify(unit.piece)
            elif unit.kind != "item":
                crisis_intro = False

    def _role_sentences(self, piece: Piece, *, strict: bool = False) -> None:
        for sentence in split_sentences(piece):
            text = sentence.text
            low = text.lower()
            derived = re.search(r"\ber\s+(?:det\s+)?(?:et|eit)\s+(\w+?)ansvar\b", low)
            if derived and derived.group(1) and is_role_word(derived.group(1)):
                self._role(_plural(derived.group(1)), sentence, text, 0.55)
                continue
            if derived:
                continue
            pattern = _STRICT_ROLE if strict else _ROLE_WORDS
            if not pattern.search(low) or re.search(r"\b(ikke|ikkje)\s+uttale", low):
                continue
            subjects = _responsible_subjects(text) if strict else role_subjects(text)
            for subject in subjects:
                if "ansvar" in subject.lower() or len(subject) < 3:
                    continue
                subject = subject[0].upper() + subject[1:]
                self._role(subject, sentence, text, 0.6)

    def _role(
        self, title: str, piece: Piece, responsibility: str | None, confidence: float
    ) -> None:
        for existing in self.draft.items["roles"]:
            if similar(existing.data["title"], title) >= 0.85:
                if responsibility and responsibility not in (
                    existing.data.get("responsibility") or ""
                ):
                    _append(existing.data, "responsibility", responsibility)
                return
        self.draft.add(
            "roles", {"title": _clip(title), "responsibility": responsibility}, piece, confidence
        )

    def _notify(self, piece: Piece) -> None:
        role = piece.text.strip(" .")
        if role and word_count(role) <= 8:
            self.draft.notify.append(Found("notify", {"role": _clip(role)}, piece, 0.75))

    def _principles(self, section: Section) -> None:
        units = section.units
        after_intro = section.head is not None and section.head.kind == "para"
        k = 0
        while k < len(units):
            unit = units[k]
            if unit.kind == "item":
                name, rest = _name_and_rest(unit.piece)
                if rest is None and word_count(name.text) > 6:
                    k += 1
                    continue
                self._principle(name, rest, 0.8)
            elif unit.kind == "heading" and not unit.label:
                body = []
                while k + 1 < len(units) and units[k + 1].kind == "para":
                    k += 1
                    body.append(units[k])
                if body:
                    self._principle(unit.piece, _join_text(body), 0.7)
            elif unit.kind == "marker":
                previous = units[k - 1] if k and units[k - 1].kind == "para" else None
                following = (
                    units[k + 1] if k + 1 < len(units) and units[k + 1].kind == "para" else None
                )
                lead = split_sentences(previous.piece)[-1].text if previous else ""
                lead = re.sub(r"^for \w+ \w+ \w+\s+", "", lead) if lead.startswith("for ") else lead
                body = following.text if following else ""
                name = unit.text.capitalize()
                self.draft.add(
                    "principles",
                    {"name": _clip(name), "text": f"{lead} {body}".strip() or None},
                    unit.piece,
                    0.6,
                )
            elif (
                unit.kind == "para"
                and after_intro
                and word_count(unit.text) <= 10
                and not unit.intro
            ):
                for part in re.split(r",\s*|\s+og\s+", unit.text.rstrip(".")):
                    part = part.strip()
                    if part:
                        start = unit.text.find(part)
                        piece = unit.piece[start : start + len(part)]
                        self._principle(piece, None, 0.65)
                after_intro = False
            k += 1

    def _principle(self, name: Piece, text: str | None, confidence: float) -> None:
        value = name.text.strip(" .:")
        value = value[0].upper() + value[1:] if value else value
        if value:
            self.draft.add(
                "principles", {"name": _clip(value), "text": text}, name, confidence, dedupe="name"
            )

    def _challenges(self, section: Section) -> None:
        units = section.units
        head_word = None
        if section.head is not None:
            m = re.search(r"\b(\w*utfordring\w*)", section.head.text, re.I)
            if m and section.head.kind == "para":
                head_word = m.group(1)
        k = 0
        while k < len(units):
            unit = units[k]
            if unit.kind == "item":
                title = head_word.capitalize() if head_word else None
                self.draft.add("challenges", {"title": title, "text": unit.text}, unit.piece, 0.7)
            elif unit.kind == "heading" and not unit.label:
                body = []
                while k + 1 < len(units) and units[k + 1].kind == "para":
                    k += 1
                    body.append(units[k])
                if body:
                    self.draft.add(
                        "challenges",
                        {"title": unit.text, "text": _join_text(body, "\n\n")},
                        unit.piece,
                        0.75,
                    )
            k += 1

    def _rules(self, section: Section) -> None:
        head = section.head.text.lower() if section.head else ""
        pieces: list[Piece] = []
        for unit in section.units:
            if unit.kind == "item":
                pieces.append(unit.piece)
            elif (
                unit.kind == "para"
                and unit.packed
                and not unit.intro
                and section.head is not None
                and section.head.kind == "para"
            ):
                for part in split_items(unit.piece, self.vocab, list_mode=True):
                    if (
                        word_count(part.text) <= 8
                        and not has_finite_verb(part.text)
                        and not part.text.endswith(":")
                    ):
                        pieces.append(part)
        laws_only = bool(re.search(r"\blov(er|ar|verk)?\b", head)) and not re.search(
            r"retningslinje|reglement|regelverk", head
        )
        split: list[Piece] = []
        for piece in pieces:
            halves = re.split(r"\s+og\s+", piece.text)
            if len(halves) == 2 and all(re.search(r"(loven|lova)$", h) for h in halves):
                cut = piece.text.find(halves[1])
                split.extend([piece[: len(halves[0])], piece[cut:]])
            else:
                split.append(piece)
        for piece in split:
            name = piece.text.strip(" .,")
            low = name.lower()
            if "retningslinje" in low:
                kind = "retningslinje"
            elif re.search(r"(loven|lova|lov)\b", low) or laws_only:
                kind = "lov"
            else:
                kind = "reglement"
            self.draft.add("rules", {"name": _clip(name), "kind": kind}, piece, 0.8, dedupe="name")

    def _crisis(self, section: Section) -> None:
        for unit in section.units:
            if unit.kind == "item":
                self._notify(unit.piece)
            elif unit.kind == "para":
                self.draft.set("crisis_note", unit.text, unit.piece, 0.7)
        if section.head is not None and section.head.kind == "para":
            self.draft.set("crisis_note", section.head.text, section.head.piece, 0.6)

    def _vision(self, section: Section) -> None:
        if section.head is not None and section.head.kind == "para":
            quoted = _quoted(section.head.text)
            if quoted:
                start = section.head.text.find(quoted)
                self.draft.set(
                    "vision", quoted, section.head.piece[start : start + len(quoted)], 0.8
                )
                return
        for unit in section.units:
            if unit.kind in {"para", "item"}:
                text = unit.text
                quoted = _quoted(text)
                if quoted and len(quoted) < len(text) - 3:
                    start = text.find(quoted)
                    self.draft.set("vision", quoted, unit.piece[start : start + len(quoted)], 0.75)
                    return
                if section.head is not None and section.head.kind == "para" and text.endswith("."):
                    text = text[:-1]
                self.draft.set("vision", text, unit.piece, 0.8)
                return

    def _purpose(self, section: Section) -> None:
        for unit in section.units:
            if unit.kind == "para":
                self.draft.set("purpose", unit.text, unit.piece, 0.6)
                return

    def _special(self, heading: Unit, body: list[Unit]) -> None:
        if not body:
            return
        if heading.label == "vision":
            self.draft.set("vision", body[0].text, body[0].piece, 0.8)
        elif heading.label == "crisis":
            self.draft.set("crisis_note", _join_text(body), body[0].piece, 0.75)

    def _other(self, section: Section) -> None:
        return None

    # activities in running text --------------------------------------------------------------

    def _activities(self, section: Section) -> None:
        """A short sentence without a verb that names an event ("Workshop i avdelingane …")."""
        if section.kind in {"actions", "toc", "target_groups", "channels", "messages", "rules"}:
            return
        for unit in section.units:
            if unit.kind != "para":
                continue
            for sentence in split_sentences(unit.piece)[1:]:
                if _activity(sentence.text):
                    self._action(sentence, None, [], 0.45)


# helpers ---------------------------------------------------------------------------------------


def _responsible_subjects(sentence: str) -> list[str]:
    """Who "has responsibility" in a sentence: the words right before "har … ansvar", or the
    role after "er" in "Ved … er informasjonsgjevaren ansvarleg"."""
    tokens = TOKEN.findall(sentence)
    lows = [core(t).lower() for t in tokens]
    for k, low in enumerate(lows):
        if not low.startswith("ansvar"):
            continue
        verb = next((j for j in range(k - 1, max(k - 4, -1), -1) if lows[j] in {"har", "er"}), None)
        if verb is None:
            continue
        if lows[verb] == "er" and verb + 1 < k and is_role_word(core(tokens[verb + 1])):
            return [core(tokens[verb + 1])]
        if lows[verb] != "har":
            continue
        subject: list[str] = []
        after_preposition = False
        for j in range(verb - 1, max(verb - 5, -1), -1):
            token = tokens[j]
            word = core(token)
            if lows[j] in PREPOSITIONS and lows[j] not in {"som"}:
                after_preposition = True  # "… medarbeider i Askim kommune har": no subject
                break
            if (
                not word
                or token.endswith((".", ",", ":", ";", "?", "!"))
                or lows[j] in {"at", "som", "og", "der", "når", "hvis", "dersom"}
                or lows[j] in PRONOUNS
                or is_finite_verb(token)
                or (
                    len(lows[j]) >= 6
                    and lows[j].endswith("er")
                    and not is_role_word(lows[j])
                    and lows[j] not in TARGET_GROUP_HEADS
                )
            ):
                break
            subject.insert(0, word)
        if after_preposition:
            continue
        if not subject or subject[0].lower() in {"det", "dette", "den", "de", "vi", "man", "dei"}:
            continue
        if subject[0].lower() in {"både", "hver", "kvar", "ingen", "enkelte"}:
            continue
        if not (subject[0][:1].isupper() or is_role_word(subject[-1])):
            continue
        return [" ".join(subject)]
    return []


def _infinitive(word: str) -> bool:
    """ "Lage", "Gjennomføre", "Etablere": an action list's opening verb (a guess by form)."""
    return len(word) >= 4 and word.endswith("e") and word not in FUNCTION_WORDS


def _is_question(text: str) -> bool:
    """ "hvordan planen berører dem", "Hva ønsker vi?": questions are no goals."""
    first = core(text.split()[0]).lower() if text.split() else ""
    return (
        first in QUESTION_WORDS
        or first in {"hvilke", "hvilken", "hvilket", "kva", "kven"}
        or text.endswith("?")
    )


def _activity(text: str) -> bool:
    tokens = TOKEN.findall(text)
    if not tokens or len(tokens) > 8 or has_finite_verb(text):
        return False
    return bool(_ACTIVITY_NOUNS.match(core(tokens[0])))


def _has_subheadings(units: list[Unit]) -> bool:
    """Weak headings, each followed by text, before any list item."""
    for k, unit in enumerate(units):
        if unit.kind == "item":
            return False
        if (
            unit.kind == "heading"
            and not unit.label
            and k + 1 < len(units)
            and units[k + 1].kind in {"para", "item"}
        ):
            return True
    return False


def _subheading_blocks(units: list[Unit]) -> list[tuple[Unit, list[Unit]]]:
    blocks: list[tuple[Unit, list[Unit]]] = []
    for unit in units:
        if unit.kind == "heading":
            blocks.append((unit, []))
        elif blocks and unit.kind in {"para", "item"}:
            blocks[-1][1].append(unit)
    return [(h, b) for h, b in blocks if b or h.label]


def _item_run(units: list[Unit], k: int) -> list[Unit]:
    run = []
    while k < len(units) and units[k].kind == "item":
        run.append(units[k])
        k += 1
    return run


def _join_text(units: list[Unit], sep: str = " ") -> str | None:
    text = sep.join(u.text for u in units if u.text)
    return text or None


def _append(data: dict, key: str, text: str) -> None:
    current = data.get(key)
    data[key] = f"{current} {text}".strip() if current else text


def _clip(text: str, limit: int = 300) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _list_parts(piece: Piece, vocab: Vocabulary) -> list[Piece]:
    """Items of a run-together list; text before an inline numbered list is its heading."""
    parts = split_items(piece, vocab)
    if parts and numbered_cuts(piece.text) and parts[0].text[:1].islower():
        parts = parts[1:]
    return [p for p in parts if p.text[:1].isupper() or p.text[:1].isdigit() or p.text[:1] in '«"(']


def _goal_like(text: str) -> bool:
    n = word_count(text)
    return 3 <= n <= 60 and not text.endswith(":")


def _name_like(text: str) -> bool:
    n = word_count(text)
    return 1 <= n <= _MAX_NAME_WORDS and not has_finite_verb(text) and not text.endswith(":")


def _name_and_rest(piece: Piece) -> tuple[Piece, str | None]:
    m = _DASH_SPLIT.search(piece.text)
    if m and word_count(piece.text[: m.start()]) <= 6:
        return piece[: m.start()].strip(), piece.text[m.end() :].strip() or None
    return piece, None


def _title_and_rest(piece: Piece) -> tuple[Piece, str | None]:
    sentences = split_sentences(piece)
    if len(sentences) <= 1:
        return piece, None
    return sentences[0], " ".join(s.text for s in sentences[1:])


def _title_and_clause(piece: Piece) -> tuple[Piece | None, Piece | None]:
    """ "Forhold til media - omdømme Askim kommune skal føre …" → title, then the sentence."""
    tokens = list(TOKEN.finditer(piece.text))
    for k in range(1, len(tokens)):
        token, previous = tokens[k].group(), tokens[k - 1].group()
        if not is_capitalised(token) or not (previous[0].islower() or previous[0].isupper()):
            continue
        if previous.lower() in {"og", "i", "for", "til", "-", "–"}:
            continue
        if any(is_finite_verb(t.group()) for t in tokens[k + 1 : k + 4]):
            return piece[: tokens[k].start()].strip(), piece[tokens[k].start() :].strip()
    if word_count(piece.text) <= 6:
        return piece, None
    return None, piece


def _merge_back_references(parts: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for part in parts:
        first = part.text.split()[0].lower() if part.text.split() else ""
        if merged and (
            first in BACK_REFERENCES or first in QUESTION_WORDS or part.text[:1].islower()
        ):
            merged[-1] = Piece.join([merged[-1], part])
        else:
            merged.append(part)
    return merged


def _packed_actions(piece: Piece, vocab: Vocabulary) -> list[tuple[Piece, str | None]]:
    """Run-together action items: each starts a new action unless it elaborates the last one."""
    parts = split_items(piece, vocab)
    actions: list[tuple[Piece, list[str]]] = []
    previous: Piece | None = None
    for part in parts:
        text = part.text
        first = core(text.split()[0]).lower() if text.split() else ""
        if actions and (
            first in QUESTION_WORDS
            or text.endswith("?")
            or first in BACK_REFERENCES
            or text[:1].islower()
            or (previous is not None and _elaborates(text, previous.text))
        ):
            actions[-1][1].append(text)
        elif word_count(text) >= 2:
            actions.append((part, []))
        elif actions and not actions[-1][1]:
            # A lone capitalised word ends the title before it ("… av virksomhet Fellesfunksjoner").
            actions[-1] = (Piece.join([actions[-1][0], part]), [])
        previous = part
    return [(title, " ".join(rest) or None) for title, rest in actions]


def _elaborates(text: str, previous: str) -> bool:
    """A verbless phrase that mostly repeats the words of the one before it."""
    if has_finite_verb(text):
        return False
    mine = {w.lower() for w in words(text)[1:] if len(w) >= 4}
    theirs = {w.lower() for w in words(previous) if len(w) >= 4}
    return bool(mine) and len(mine & theirs) / len(mine) >= 0.5


def _split_before_names(parts: list[Piece]) -> list[Piece]:
    """In a channel list, a platform name or address always starts a new entry."""
    out: list[Piece] = []
    for part in parts:
        tokens = list(TOKEN.finditer(part.text))
        cuts = []
        for k in range(1, len(tokens)):
            word = core(tokens[k].group())
            previous = tokens[k - 1].group().lower()
            if previous in {"og", "eller", "/"} or previous.endswith((",", "/")):
                continue
            if word.lower() in {
                "facebook",
                "twitter",
                "instagram",
                "linkedin",
                "youtube",
                "flickr",
            } or (URL.fullmatch(word) and "." in word):
                cuts.append(tokens[k].start())
        out.extend(part.split_at(cuts))
    return out


def _channel_name(piece: Piece) -> tuple[Piece | None, str | None]:
    """The name that opens a channel entry (up to its verb) and the rest as description."""
    tokens = list(TOKEN.finditer(piece.text))
    if not tokens:
        return None, None
    first = core(tokens[0].group())
    if first.lower() in {
        "facebook",
        "twitter",
        "instagram",
        "linkedin",
        "youtube",
        "flickr",
        "snapchat",
        "tiktok",
    }:
        rest = piece.text[tokens[0].end() :].strip(" –-:") or None
        return piece[: tokens[0].end()], rest
    end = len(tokens)
    for k, token in enumerate(tokens):
        if k and (is_finite_verb(token.group()) or token.group().lower() in {"når", "som"}):
            end = k
            break
        if k and token.group() in {"–", "-", ":"}:
            end = k
            break
        if k and tokens[k - 1].group().endswith(":"):
            end = k
            break
    name = piece[: tokens[end - 1].end()].strip(" :–-")
    rest = piece.text[tokens[end - 1].end() :].strip(" :–-") if end < len(tokens) else None
    if word_count(name.text) > 8:
        return None, None
    names_a_channel = any(
        channel_of(core(t)) for t in TOKEN.findall(_PARENTHESIS.sub("", name.text))
    )
    if not names_a_channel and not URL.search(name.text) and end < len(tokens):
        return None, None  # a sentence about something else: "Kommunen skal gi …"
    if not names_a_channel and not URL.search(name.text):
        return (name, rest) if word_count(name.text) <= 5 else (None, None)
    return name, rest or None


def _target_group_parts(piece: Piece, vocab: Vocabulary) -> list[Piece]:
    parts = split_items(piece, vocab, heads=TARGET_GROUP_HEADS, list_mode=True)
    out: list[Piece] = []
    for part in parts:
        heads = count_target_group_heads(part.text)
        if heads >= 3 and not has_finite_verb(part.text):
            separators = len(re.findall(r",\s|\s(?:og|samt)\s", part.text))
            if separators >= 0.6 * (heads - 1):
                out.extend(_comma_parts(part))  # "innbyggere, næringsliv, ansatte og media"
            else:
                out.extend(target_group_segments(part))  # bullets lost: "innbyggjarar næringsliv …"
        else:
            out.append(part)
    return out


def _comma_parts(piece: Piece) -> list[Piece]:
    cuts = []
    for m in re.finditer(r",\s*|\s+(?:og|samt)\s+", piece.text):
        cuts.append((m.start(), m.end()))
    parts = []
    position = 0
    for a, b in [*cuts, (len(piece.text), len(piece.text))]:
        part = piece[position:a].strip(" .")
        if part:
            parts.append(part)
        position = b
    return parts


_ELABORATION = re.compile(
    r",\s*(?:særlig|særleg|spesielt|herunder|blant annet|bl\.a\.|inkludert|som)\b|\s+\(|\s+[–—]\s+"
)


def _group_name(piece: Piece) -> tuple[Piece, str | None]:
    """ "Innbyggerne, særlig dem som …" → "Innbyggerne"; "Media (både …)" → "Media"."""
    m = _ELABORATION.search(piece.text)
    if m and m.start() > 0:
        return piece[: m.start()].strip(" ,"), piece.text[m.start() :].strip(" ,–—") or None
    return piece, None


def _starts_with_group(text: str) -> bool:
    first = core(text.split()[0]).lower() if text.split() else ""
    return first in TARGET_GROUP_HEADS


def _role_chunk(text: str) -> bool:
    from .phrases import is_role_word

    tokens = [core(t) for t in TOKEN.findall(text)]
    return 1 <= len(tokens) <= 3 and any(is_role_word(t.split("-")[0]) for t in tokens)


def _flat_rows(body: Piece, *, ends_with_time: bool) -> list[tuple[Piece, list[Piece]]]:
    """Rows of a flattened table, each ending at its time cell ("28.1.", "Løpende", "Uke 4 (5)")."""
    if not ends_with_time:
        return [(body, [])]
    time_cell = re.compile(
        r"(?:(?<!\S)\d{1,2}\.\d{1,2}\.(?:\d{2,4})?(?:\s+\d{1,2}\.\d{1,2}\.(?:\d{2,4})?)*)"
        r"|(?:\b[Uu]ke\s+\d{1,2}(?:\s*\(\d{1,2}\))?)"
        r"|(?:\b(?:Løpende|Fortløpende|Kontinuerlig|Jevnlig|Årlig|Månedlig|Ukentlig)\b)"
    )
    rows: list[tuple[Piece, list[Piece]]] = []
    position = 0
    for m in time_cell.finditer(body.text):
        row = body[position : m.start()].strip()
        cell = body[m.start() : m.end()]
        times = [
            cell[t.start() : t.end()]
            for t in re.finditer(r"\d{1,2}\.\d{1,2}\.(?:\d{2,4})?", cell.text)
        ]
        if not times:
            times = [cell]
        if row:
            rows.append((row, times))
        position = m.end()
    rest = body[position:].strip()
    if rest:
        rows.append((rest, []))
    return rows


def _column(text: str) -> str | None:
    from .lexicon import TABLE_COLUMNS

    return TABLE_COLUMNS.get(text.lower().strip(" :"))


def _role_from_heading(text: str) -> str | None:
    m = re.search(r"\b(\w+?)ansvar\b", text.lower())
    if m and m.group(1) in {"leder", "leiar"}:
        return _plural(m.group(1))
    return None


def _plural(stem: str) -> str:
    stem = stem.lower()
    if stem.endswith("er"):
        return (stem + "e").capitalize()
    return stem


def _quoted(text: str) -> str | None:
    m = re.search(r"[«\"“]([^»\"”]{3,200})[»\"”]", text)
    return m.group(1).strip() if m else None
