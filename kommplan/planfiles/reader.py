"""Read a plan file (YAML or JSON bytes) into a validated `PlanFile`, or say what is wrong.

Everything here is pure: nothing touches the database, so a bad file cannot half-write anything.
Each problem carries the key path (`strategy.goals[3].parent`) and, for YAML, its line.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from django.conf import settings
from pydantic import ValidationError

from .errors import PlanFileError, Problem
from .references import check_references
from .schema import PlanFile

Path_ = tuple[str | int, ...]

# Control characters other than tab and newlines cannot be stored in PostgreSQL text (NUL) or
# are almost always corruption.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_plan(content: bytes, *, source: str = "") -> PlanFile:
    """Parse and validate a plan file; raise PlanFileError listing every problem found."""
    max_bytes = settings.PLAN_FILE_MAX_BYTES
    if len(content) > max_bytes:
        raise PlanFileError(
            [
                Problem(
                    "", f"filen er {len(content):,} byte; største tillatte er {max_bytes:,} byte"
                )
            ],
            source,
        )
    text = _decode(content, source)
    data, lines = _parse(text, source)
    _check_text_values(data, lines, source)
    plan = _validate(data, lines, source)
    problems = check_references(plan)
    if problems:
        raise PlanFileError([_locate(p, lines) for p in problems], source)
    return plan


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _decode(content: bytes, source: str) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise PlanFileError(
            [
                Problem(
                    "",
                    f"filen er ikke UTF-8: byte 0x{content[exc.start]:02x} kan ikke leses "
                    "(lagre filen som UTF-8)",
                    line,
                )
            ],
            source,
        ) from None
    if not text.strip():
        raise PlanFileError([Problem("", "filen er tom")], source)
    match = _CONTROL_CHARS.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise PlanFileError(
            [Problem("", f"ugyldig kontrolltegn U+{ord(match.group()):04X} i teksten", line)],
            source,
        )
    return text


class _PlanYamlLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases: `*ref` lets a tiny file expand into a huge one."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML-aliaser (*navn) er ikke tillatt i planfiler", event.start_mark
            )
        return super().compose_node(parent, index)

    # A scalar that looks like a date or an integer but is none (2023-02-30, an integer of
    # thousands of digits) stays text, so validation can say where it is and why it is wrong.
    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)


_PlanYamlLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _PlanYamlLoader.construct_yaml_timestamp
)
_PlanYamlLoader.add_constructor("tag:yaml.org,2002:int", _PlanYamlLoader.construct_yaml_int)


class _DuplicateKeyError(yaml.constructor.ConstructorError):
    pass


class _DuplicateJsonKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateJsonKey(key)
        result[key] = value
    return result


def _parse(text: str, source: str) -> tuple[Any, dict[Path_, int]]:
    named_json = source.lower().endswith(".json")
    looks_like_json = named_json or text.lstrip().startswith(("{", "["))
    try:
        if looks_like_json:
            try:
                data = _parse_json(text, source)
            except PlanFileError:
                if named_json:
                    raise
                # `{kommplan: 1, ...}` is YAML flow style, not broken JSON.
                try:
                    return _parse_yaml(text)
                except yaml.YAMLError:
                    pass
                raise
            try:
                _, lines = _parse_yaml(text)  # JSON is YAML: borrow its line numbers
            except (yaml.YAMLError, RecursionError):
                lines = {}
            return data, lines
        return _parse_yaml(text)
    except RecursionError:
        raise PlanFileError([Problem("", "filen er for dypt nøstet")], source) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "ugyldig YAML"
        raise PlanFileError([Problem("", f"YAML-syntaksfeil: {what}", line)], source) from None
    except yaml.YAMLError as exc:
        raise PlanFileError([Problem("", f"YAML-syntaksfeil: {exc}")], source) from None


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise PlanFileError(
            [Problem("", f"JSON-syntaksfeil: {exc.msg} (kolonne {exc.colno})", exc.lineno)], source
        ) from None
    except _DuplicateJsonKey as exc:
        # json.loads would keep the last value silently; YAML's parse finds the line.
        line = None
        try:
            _parse_yaml(text)
        except _DuplicateKeyError as yaml_exc:
            line = yaml_exc.problem_mark.line + 1
        except (yaml.YAMLError, RecursionError):
            pass
        raise PlanFileError(
            [Problem("", f"JSON-syntaksfeil: nøkkelen «{exc.key}» står to ganger", line)], source
        ) from None
    except ValueError:  # an integer of more digits than Python converts
        raise PlanFileError(
            [Problem("", "JSON-syntaksfeil: et tall har for mange siffer")], source
        ) from None


def _parse_yaml(text: str) -> tuple[Any, dict[Path_, int]]:
    loader = _PlanYamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[Path_, int] = {}
        _collect_lines(node, (), lines)
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


def _collect_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "en nøkkel må være tekst, ikke en liste eller et objekt",
                    key_node.start_mark,
                )
            if key_node.tag == "tag:yaml.org,2002:merge":
                # `<<` merges a mapping in and lets the keys beside it win without a word.
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "YAML-fletting (<<) er ikke tillatt i planfiler",
                    key_node.start_mark,
                )
            key = key_node.value
            if key in seen:
                raise _DuplicateKeyError(
                    None, None, f"nøkkelen «{key}» står to ganger", key_node.start_mark
                )
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _collect_lines(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, (*path, index), lines)


def _check_text_values(data: Any, lines: dict[Path_, int], source: str) -> None:
    """JSON can smuggle control characters in as escapes; refuse them wherever they are."""
    problems: list[Problem] = []

    def walk(value: Any, path: Path_) -> None:
        if isinstance(value, str):
            match = _CONTROL_CHARS.search(value)
            if match:
                problems.append(
                    Problem(
                        format_path(path),
                        f"ugyldig kontrolltegn U+{ord(match.group()):04X} i teksten",
                        _line_for(path, lines),
                    )
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, str(key)))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(data, ())
    if problems:
        raise PlanFileError(problems, source)


def _validate(data: Any, lines: dict[Path_, int], source: str) -> PlanFile:
    if not isinstance(data, dict):
        raise PlanFileError(
            [
                Problem(
                    "",
                    "planfilen må være et objekt med nøklene kommplan, organisation og strategy",
                    lines.get(()),
                )
            ],
            source,
        )
    version = data.get("kommplan")
    if version is None:
        raise PlanFileError(
            [Problem("kommplan", "mangler påkrevd nøkkel (filformatets versjon, 1)", 1)], source
        )
    if version != 1 or isinstance(version, bool):
        raise PlanFileError(
            [
                Problem(
                    "kommplan",
                    f"ukjent versjon {version!r}; denne kommplan leser planfiler av versjon 1",
                    _line_for(("kommplan",), lines),
                )
            ],
            source,
        )
    try:
        return PlanFile.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(
                format_path(error["loc"]),
                _message(error),
                _line_for(tuple(error["loc"]), lines),
            )
            for error in exc.errors(include_url=False)
        ]
        raise PlanFileError(problems, source) from None


def _line_for(path: Path_, lines: dict[Path_, int]) -> int | None:
    for end in range(len(path), -1, -1):
        line = lines.get(tuple(path[:end]))
        if line is not None:
            return line
    return None


def _locate(problem: Problem, lines: dict[Path_, int]) -> Problem:
    path = _parse_path(problem.path)
    return Problem(problem.path, problem.message, _line_for(path, lines))


def _parse_path(text: str) -> Path_:
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        parts.append(int(index) if index else name)
    return tuple(parts)


_TYPE_NAMES = {
    "string_type": "forventet tekst (sett teksten i anførselstegn om den ser ut som et tall "
    "eller ja/nei)",
    "int_type": "forventet et heltall",
    "int_parsing": "forventet et heltall",
    "int_from_float": "forventet et heltall",
    "int_parsing_size": "tallet har for mange siffer",
    "float_type": "forventet et tall",
    "float_parsing": "forventet et tall",
    "finite_number": "forventet et endelig tall",
    "bool_type": "forventet true eller false",
    "bool_parsing": "forventet true eller false",
    "list_type": "forventet en liste",
    "model_type": "forventet et objekt (nøkkel: verdi)",
    "model_attributes_type": "forventet et objekt (nøkkel: verdi)",
    "dict_type": "forventet et objekt (nøkkel: verdi)",
    "date_type": "forventet en dato på formen ÅÅÅÅ-MM-DD",
    "date_parsing": "forventet en dato på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "forventet en dato på formen ÅÅÅÅ-MM-DD",
}

_PATTERN_MESSAGES = {
    "url": "må være en adresse som begynner med http:// eller https://",
    "email": "ugyldig e-postadresse",
    "phone": "ugyldig telefonnummer (bare siffer, mellomrom, +, - og parenteser)",
}


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    loc = error["loc"]
    field = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if kind == "missing":
        return "mangler påkrevd nøkkel"
    if kind == "invalid_key":
        return f"nøkkelen {error['input']!r} må være tekst"
    if kind == "extra_forbidden":
        return f"ukjent nøkkel «{field}»"
    if kind == "literal_error":
        return f"ugyldig verdi {error['input']!r}; gyldige verdier er {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return _PATTERN_MESSAGES.get(
            field,
            f"ugyldig id {error['input']!r} (bare bokstaver a–z, tall og _ . -, høyst 64 tegn)",
        )
    if kind == "string_too_short":
        return "kan ikke være tom"
    if kind == "string_too_long":
        return f"er for lang (høyst {ctx.get('max_length')} tegn)"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"må være minst {ctx.get('ge', ctx.get('gt'))}"
    if kind in {"less_than_equal", "less_than"}:
        return f"kan være høyst {ctx.get('le', ctx.get('lt'))}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in _TYPE_NAMES:
        return _TYPE_NAMES[kind]
    return str(error["msg"])
