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
field is not given. The nesting is the library's own (``nest=True`` of
``validate`` and ``Client.plan``, the same for dicts and tables): this
module reads the cells and hands the records over.
"""

from __future__ import annotations

import csv
import itertools
import hashlib
import io
import json
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import skuwire
from skuwire import _skuwire

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
    return list(nest_jsonl(iter_jsonl(data.split(b"\n"), op)))


def _flat(value: Any) -> bool:
    """A JSON Lines row in the CSV header's naming: a key names a list's
    element (``spec_list[].spec_no``, ``tags[]``) — never a field name of
    any platform."""
    return isinstance(value, dict) and any("[]" in k for k in value)


#: Rows held before the complete items among them are handed on.
NEST_WINDOW = 4096


def nest_jsonl(items: Iterable[Item]) -> Iterator[Item]:
    """JSON Lines rows as items. When the first row that reads is flat (its
    keys use the CSV header's naming, ``spec_list[].spec_no``), every row is
    taken so and consecutive rows are nested by the library's nesting,
    exactly as CSV records are; otherwise each line is an item as it is.
    Lazy: at most :data:`NEST_WINDOW` rows (and one item's) are held."""
    it = iter(items)
    head: List[Item] = []
    for item in it:
        head.append(item)
        if not item.errors:
            break
    if not head or head[-1].errors or not _flat(head[-1].value):
        yield from head
        yield from it
        return
    done = 0  # items handed on so far: the next item's row
    out: List[Item] = []
    segment: List[_Record] = []
    for item in itertools.chain(head, it):
        if item.errors or not isinstance(item.value, dict):
            # A line that did not read (or is not an object) stands alone:
            # it neither joins nor continues an item.
            _nest_records(segment, None, out, keep_last=False, base=done)
            row = done + len(out)
            item.errors = [dict(e, loc=(row,) + tuple(e.get("loc") or ())[1:]) for e in item.errors]
            item.row = row
            out.append(item)
        else:
            segment.append(_Record(line=item.line or 0, row=item.value))
            if len(segment) < NEST_WINDOW:
                continue
            _nest_records(segment, None, out, keep_last=True, base=done)
        done += len(out)
        yield from out
        out.clear()
    _nest_records(segment, None, out, keep_last=False, base=done)
    yield from out


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
    name: str  # the header's name, without its ``:json`` suffix
    json: bool


def _parse_header(header: List[str]) -> List[_Column]:
    """The header's columns. What a name means (``a``, ``a.b``,
    ``list[].b``, ``list[]``), and which names are malformed, overlap or
    repeat, is the library's nesting's to say (``_check_columns``)."""
    cols: List[_Column] = []
    for raw in header:
        name = raw.strip()
        spec, is_json = (name[:-5], True) if name.endswith(":json") else (name, False)
        cols.append(_Column(name=spec, json=is_json))
    return cols


def _nest(rows: List[Dict[str, Any]], names: Optional[List[str]]) -> List[Any]:
    """The library's nesting of ``rows`` (the one the Python, Node and
    table inputs use): ``(item, first_row, {list: [row of each element]}, errors)``.
    ``names``: a CSV header's (checked even with no rows); ``None`` for
    JSON Lines rows, whose keys are checked as they come."""
    try:
        return _skuwire._nest_rows(rows, nest=True, columns=names)
    except skuwire.SkuwireError as e:
        where = ("CSV header", "CSV表头") if names is not None else ("JSON Lines keys", "JSON Lines的键")
        raise UsageError("%s: %s" % (where[0], e), "%s：%s" % (where[1], getattr(e, "msg_zh", e)))


def _cell(op: str, col: _Column, text: str, errors: List[Dict[str, Any]]) -> Any:
    """A cell's value; a ``:json`` cell that does not read is left out,
    its problems (located from the cell) in ``errors``."""
    if not col.json:
        return text
    try:
        value, repeats = _loads(text)
    except ValueError:
        errors.extend(_library_json_errors(op, text.encode("utf-8")))
        return None
    if repeats:
        errors.extend(_repeated_key_errors(op, text.encode("utf-8")))
    return value


@dataclass
class _Record:
    line: int
    row: Dict[str, Any]
    #: Per column name: the problems of its cell (located from the cell).
    cell_errors: Dict[str, List[Dict[str, Any]]] = field(default_factory=dict)


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
    names = [c.name for c in cols]
    _nest([], names)  # the header alone is checked, even with no record

    items: List[Item] = []
    segment: List[_Record] = []

    def flush() -> None:
        _nest_records(segment, names, items, keep_last=False)

    prev_end = reader.line_num
    for record in reader:
        start, prev_end = prev_end + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank records are not rows
        if len(record) != len(cols):
            # Extra cells would be lost and missing ones guessed: report, never
            # send. The record stands alone: it neither joins nor continues an item.
            flush()
            row = len(items)
            items.append(Item(row=row, line=start, value={}, errors=[{
                "type": CSV_ROW_LENGTH, "loc": (row,),
                "msg": "CSV record at line %d has %d cells; the header has %d" % (start, len(record), len(cols)),
                "msg_zh": "第%d行的CSV记录有%d个单元格，表头有%d列" % (start, len(record), len(cols)),
                "input": record, "ctx": {"cells": len(record), "columns": len(cols), "line": start},
            }]))
            continue
        rec = _Record(line=start, row={})
        for c, cell in zip(cols, record):
            if cell == "":
                continue  # an empty cell is a field not given
            errs: List[Dict[str, Any]] = []
            value = _cell(op, c, cell, errs)
            if errs:
                rec.cell_errors[c.name] = errs
            if value is not None:
                rec.row[c.name] = value
        segment.append(rec)
    flush()
    return items


def _nest_records(segment: List["_Record"], names: Optional[List[str]], items: List[Item], keep_last: bool, base: int = 0) -> None:
    """Nests ``segment`` (consecutive records) by the library's nesting —
    equal item cells make one item, each record adds one element per list —
    and appends the items to ``items``. ``keep_last``: the last item may
    go on in records not read yet, so its records stay in ``segment``;
    otherwise ``segment`` is emptied. Rows are numbered from ``base`` +
    ``len(items)``."""
    if not segment:
        return
    nested = _nest([r.row for r in segment], names)
    if keep_last:
        if len(nested) < 2:
            return
        keep_from = nested[-1][1]
        nested = nested[:-1]
    else:
        keep_from = len(segment)
    firsts = [n[1] for n in nested] + [keep_from]
    for i, (value, first, lists, errors) in enumerate(nested):
        item = Item(row=base + len(items), line=segment[first].line, value=value)
        for e in errors:
            item.errors.append(dict(e, loc=(item.row,) + tuple(e.get("loc") or ())[1:]))
        element_of: Dict[Tuple[str, int], int] = {}
        for name, rows in lists.items():
            for k, r in enumerate(rows):
                item.element_lines[(name, k)] = segment[r].line
                element_of[(name, r)] = k
        # Problems of cells that did not read: an item field's once
        # (from the item's first record), a list element's at its element.
        for r in range(first, firsts[i + 1]):
            for cname, errs in segment[r].cell_errors.items():
                list_name, in_list, rest = cname.partition("[]")
                path = tuple(p for p in (rest if in_list else cname).split(".") if p)
                if in_list:
                    at = element_of.get((list_name, r))
                    prefix = (item.row, list_name) + ((at,) if at is not None else ()) + path
                elif r == first:
                    prefix = (item.row,) + path
                else:
                    continue
                item.errors.extend(_relocate(errs, prefix))
        items.append(item)
    del segment[:keep_from]
