"""Reading input files: a JSON array, JSON Lines, or CSV.

Every format becomes a list of :class:`Item`: the value to hand to the
library, its position (``row``, 0-based, the index the library reports),
and where it came from in the file (``line``, 1-based) so that an error can
be shown at its line.

Numbers keep their exact text: JSON numbers with a point become
``Decimal``; CSV cells stay strings (the library reads decimal and integer
strings, and never rewrites a value).

CSV mapping (documented in CLI.md): the header names each column by its
path in the item — ``a`` a field, ``a.b`` a field of a nested object,
``list[].b`` field ``b`` of one element of the list ``list`` (one element
per CSV record), ``list[]`` a list of plain values. A ``:json`` suffix
(``is_lower_cost:json``) reads the cell as a JSON value instead of a
string. Consecutive records whose non-list cells are all equal form one
item; each record adds one element to each list. An empty cell means the
field is not given.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import skuwire

from ._text import UsageError

FORMATS = ("json", "jsonl", "csv")

#: Error types the command line itself reports (CSV structure); every
#: other type comes from the library.
CSV_ROW_LENGTH = "csv_row_length"


@dataclass
class Item:
    row: int
    line: Optional[int]
    value: Any = None
    #: Errors found while reading (the value is then not usable).
    errors: List[Dict[str, Any]] = field(default_factory=list)
    #: CSV: (list name, element index) → line of the record that made it.
    element_lines: Dict[Tuple[str, int], int] = field(default_factory=dict)

    def line_of(self, loc: Sequence[Any]) -> Optional[int]:
        """The line where the value at ``loc`` (relative to the item) was read."""
        if len(loc) >= 2 and isinstance(loc[1], int):
            found = self.element_lines.get((str(loc[0]), loc[1]))
            if found is not None:
                return found
        return self.line


@dataclass
class Input:
    path: str
    format: str
    sha256: str
    items: List[Item]
    #: Errors about the file as a whole (it is not a JSON array, say).
    file_errors: List[Dict[str, Any]] = field(default_factory=list)


def detect_format(path: str, given: Optional[str]) -> str:
    if given:
        return given
    name = path.lower()
    for ext, fmt in ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "json"), (".csv", "csv"), (".tsv", "csv")):
        if name.endswith(ext):
            return fmt
    raise UsageError(
        "cannot tell the format of %s from its name: pass --format json, jsonl or csv" % path,
        "无法从文件名判断%s的格式：请指定 --format json、jsonl 或 csv" % path,
    )


def sniff_format(data: bytes) -> str:
    """The format of standard input without --format: a JSON array starts
    with ``[``, JSON Lines with ``{``; anything else is read as CSV."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return {b"[": "json", b"{": "jsonl"}.get(head, "csv")


def read_input(path: str, op: str, fmt: Optional[str] = None, encoding: str = "utf-8-sig", head: bytes = b"") -> Input:
    """Reads ``path`` (``-``: standard input, after ``head`` already read
    from it); JSON syntax errors are reported with the library's own
    ``json_invalid`` records (validated for ``op``)."""
    if path == "-":
        data = head + sys.stdin.buffer.read()
        fmt = fmt or sniff_format(data)
        path = "<stdin>"
    else:
        fmt = detect_format(path, fmt)
        try:
            data = Path(path).read_bytes()
        except OSError as e:
            raise UsageError("cannot read %s: %s" % (path, e.strerror or e), "无法读取%s：%s" % (path, e.strerror or e))
    digest = hashlib.sha256(data).hexdigest()
    if fmt == "json":
        items, file_errors = _read_json(data, op)
    elif fmt == "jsonl":
        items, file_errors = _read_jsonl(data, op), []
    else:
        delimiter = "\t" if path.lower().endswith(".tsv") else ","
        items, file_errors = _read_csv(data, op, encoding, delimiter), []
    return Input(path=path, format=fmt, sha256=digest, items=items, file_errors=file_errors)


def _library_json_errors(op: str, text: bytes) -> List[Dict[str, Any]]:
    """The library's verdict on text that Python's parser refused."""
    errors = skuwire.validate(op, text)
    return errors or [{"type": "json_invalid", "loc": (), "msg": "Invalid JSON", "msg_zh": "JSON格式错误", "input": None, "ctx": {}}]


class _RepeatedKey(Exception):
    """An object of the text repeats a key."""


def _no_repeats(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _RepeatedKey
    return obj


def _loads(text: str) -> Tuple[Any, bool]:
    """Python's reading of JSON text, and whether an object in it repeats a
    key: Python keeps the last twin silently, so such text is then judged
    by the library (``json_duplicate_key``, located per item)."""
    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=_no_repeats), False
    except _RepeatedKey:
        return json.loads(text, parse_float=Decimal), True


def _repeated_key_errors(op: str, text: bytes) -> List[Dict[str, Any]]:
    """The library's records of the keys ``text`` repeats (anything else it
    says about the text when it found none, so the item is never sent)."""
    errors = skuwire.validate(op, text)
    return [e for e in errors if e.get("type") == "json_duplicate_key"] or errors or _library_json_errors(op, b"")


def _relocate(errors: List[Dict[str, Any]], prefix: Tuple[Any, ...]) -> List[Dict[str, Any]]:
    return [dict(e, loc=prefix + tuple(e.get("loc") or ())) for e in errors]


def _read_json(data: bytes, op: str) -> Tuple[List[Item], List[Dict[str, Any]]]:
    try:
        value, repeats = _loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return [], _library_json_errors(op, data)
    single = isinstance(value, dict)
    if single:
        value = [value]
    if not isinstance(value, list):
        # The library says what is wrong with a top level that is no list.
        return [], skuwire.validate(op, data) or _library_json_errors(op, b"")
    items = [Item(row=i, line=None, value=v) for i, v in enumerate(value)]
    if repeats:
        # Each record names its item (a lone object's records have no index).
        for e in _repeated_key_errors(op, data.decode("utf-8-sig").encode("utf-8")):
            loc = tuple(e.get("loc") or ())
            if single:
                loc = (0,) + loc
            if loc and isinstance(loc[0], int) and 0 <= loc[0] < len(items):
                items[loc[0]].errors.append(dict(e, loc=loc))
            else:
                return [], [e]
    return items, []


def _read_jsonl(data: bytes, op: str) -> List[Item]:
    return list(iter_jsonl(data.split(b"\n"), op))


def iter_jsonl(lines: Iterable[bytes], op: str) -> Iterator[Item]:
    """JSON Lines one line at a time (a file or a pipe read lazily): an
    :class:`Item` per non-blank line, with the library's records for a line
    that is not JSON or repeats a key."""
    row = 0
    for n, raw in enumerate(lines, start=1):
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        text = raw.strip()
        if not text:
            continue  # blank lines are not rows
        item = Item(row=row, line=n)
        row += 1
        try:
            item.value, repeats = _loads(text.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            item.errors = _relocate(_library_json_errors(op, text), (item.row,))
        else:
            if repeats:
                item.errors = _relocate(_repeated_key_errors(op, text), (item.row,))
        yield item


@dataclass
class _Column:
    name: str
    path: Tuple[str, ...]  # path inside the item, or inside a list element
    list_name: Optional[str]  # "spec_list" for spec_list[].x
    json: bool


def _parse_header(header: List[str]) -> List[_Column]:
    cols: List[_Column] = []
    seen: Dict[Tuple[Optional[str], Tuple[str, ...]], str] = {}
    for raw in header:
        name = raw.strip()
        spec, is_json = (name[:-5], True) if name.endswith(":json") else (name, False)
        list_name: Optional[str] = None
        rest = spec
        if "[]" in spec:
            head, _, tail = spec.partition("[]")
            if "[]" in tail or not head or "." in head or (tail and not tail.startswith(".")):
                raise UsageError(
                    "CSV column %r: use a, a.b, list[].b or list[] (one list level; deeper structures need JSON or JSONL)" % raw,
                    "CSV列%r：请使用 a、a.b、list[].b 或 list[]（仅支持一层列表，更深的结构请使用JSON或JSONL）" % raw,
                )
            list_name, rest = head, tail[1:]
        path = tuple(p for p in rest.split(".")) if rest else ()
        if any(not p for p in path) or (list_name is None and not path):
            raise UsageError("CSV column %r has an empty name part" % raw, "CSV列%r的名称有空的部分" % raw)
        key = (list_name, path)
        if key in seen:
            raise UsageError("CSV columns %r and %r name the same field" % (seen[key], raw),
                             "CSV列%r与%r指向同一字段" % (seen[key], raw))
        seen[key] = raw
        cols.append(_Column(name=raw, path=path, list_name=list_name, json=is_json))
    # A path that is also the prefix of another (a and a.b; list[] and
    # list[].b) would make one cell overwrite or hide the other.
    for c in cols:
        for d in cols:
            if c is d:
                continue
            same_list = c.list_name == d.list_name
            clash = (same_list and len(c.path) < len(d.path) and d.path[: len(c.path)] == c.path) or (
                c.list_name is None and d.list_name is not None and c.path[0] == d.list_name)
            if clash:
                raise UsageError("CSV columns %r and %r overlap: one is inside the other" % (c.name, d.name),
                                 "CSV列%r与%r重叠：一个包含另一个" % (c.name, d.name))
    return cols


def _set(obj: Dict[str, Any], path: Tuple[str, ...], value: Any) -> None:
    """Sets obj[path], creating objects on the way (the header check rules
    out paths that overlap, so nothing is overwritten)."""
    for p in path[:-1]:
        obj = obj.setdefault(p, {})
    obj[path[-1]] = value


def _cell(op: str, col: _Column, text: str, loc: Tuple[Any, ...], errors: List[Dict[str, Any]]) -> Any:
    if not col.json:
        return text
    try:
        value, repeats = _loads(text)
    except ValueError:
        errors.extend(_relocate(_library_json_errors(op, text.encode("utf-8")), loc))
        return None
    if repeats:
        errors.extend(_relocate(_repeated_key_errors(op, text.encode("utf-8")), loc))
    return value


def _read_csv(data: bytes, op: str, encoding: str, delimiter: str) -> List[Item]:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as e:
        raise UsageError(
            "the CSV file is not %s (%s): pass --encoding, e.g. --encoding gbk" % (encoding, e),
            "CSV文件不是%s编码（%s）：请用 --encoding 指定，例如 --encoding gbk" % (encoding, e),
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return []
    cols = _parse_header(header)
    plain = [i for i, c in enumerate(cols) if c.list_name is None]
    has_lists = len(plain) < len(cols)

    items: List[Item] = []
    group_key: Optional[Tuple[str, ...]] = None
    prev_end = reader.line_num
    for record in reader:
        start, prev_end = prev_end + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank records are not rows
        key = tuple(record[i] if i < len(record) else "" for i in plain)
        continuing = bool(has_lists and items and key == group_key and len(record) == len(cols))
        if not continuing:
            items.append(Item(row=len(items), line=start, value={}))
            group_key = key
        item = items[-1]
        if len(record) != len(cols):
            # Extra cells would be lost and missing ones guessed: report, never send.
            item.errors.append({
                "type": CSV_ROW_LENGTH, "loc": (item.row,),
                "msg": "CSV record at line %d has %d cells; the header has %d" % (start, len(record), len(cols)),
                "msg_zh": "第%d行的CSV记录有%d个单元格，表头有%d列" % (start, len(record), len(cols)),
                "input": record, "ctx": {"cells": len(record), "columns": len(cols), "line": start},
            })
            group_key = None
            continue
        value: Dict[str, Any] = item.value
        if not continuing:
            for i in plain:
                if record[i] != "":
                    c = cols[i]
                    _set(value, c.path, _cell(op, c, record[i], (item.row,) + c.path, item.errors))
        # One element per list from this record (cells of a list all empty: none).
        elements: Dict[str, Any] = {}
        for i, c in enumerate(cols):
            if c.list_name is None or record[i] == "":
                continue
            at = (item.row, c.list_name, len(value.get(c.list_name, []))) + c.path
            v = _cell(op, c, record[i], at, item.errors)
            if c.path:
                _set(elements.setdefault(c.list_name, {}), c.path, v)
            else:
                elements[c.list_name] = v
        for name, element in elements.items():
            lst = value.setdefault(name, [])
            item.element_lines[(name, len(lst))] = start
            lst.append(element)
    return items
