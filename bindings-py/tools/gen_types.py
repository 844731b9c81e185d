"""Writes skuwire's generated Python types from the core registry, read
through the installed native module (as bindings-node/tools/gen-registry.js
does for TypeScript):

- ``python/skuwire/types.py``: the ``Literal`` types of every closed set
  (operation names, platforms, kinds, retry advice, statuses, reasons,
  ``on_invalid``, error types and codes), the ``ErrorRecord`` TypedDict and
  one TypedDict per push operation's item, from ``Operation.describe()``;
- the marked blocks of ``python/skuwire/_skuwire.pyi``: the ``plan``
  overloads that type a known operation's items, and ``query``'s operation
  names, per client.

Run it after building (``python bindings-py/tools/gen_types.py``) and
commit the result; ``--check`` only reports whether the files on disk are
current (exit 1 when not) — scripts/test-py.sh runs that against the
installed wheel. Never edit the output by hand.
"""

from __future__ import annotations

import keyword
import re
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple


def _load_native() -> Any:
    """The installed native module, loaded on its own: importing the
    ``skuwire`` package would import the very ``types.py`` this writes."""
    import importlib.machinery
    import importlib.util

    spec = importlib.util.find_spec("skuwire")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("skuwire is not installed: build and install the wheel first (scripts/build-py.sh)")
    for folder in spec.submodule_search_locations:
        for path in sorted(Path(folder).glob("_skuwire*")):
            if any(str(path).endswith(s) for s in importlib.machinery.EXTENSION_SUFFIXES):
                loader = importlib.machinery.ExtensionFileLoader("skuwire._skuwire", str(path))
                mod_spec = importlib.util.spec_from_file_location("skuwire._skuwire", str(path), loader=loader)
                assert mod_spec is not None
                module = importlib.util.module_from_spec(mod_spec)
                loader.exec_module(module)
                return module
    raise SystemExit("no native module skuwire._skuwire next to %s" % spec.origin)


native = _load_native()

PKG = Path(__file__).resolve().parents[1] / "python" / "skuwire"
TYPES = PKG / "types.py"
STUB = PKG / "_skuwire.pyi"

OPS = native.operations()
PLATFORMS: Tuple[str, ...] = native.PLATFORMS


def lit(values: Any) -> str:
    """``Literal["a", "b"]`` (or ``NoReturn`` for an empty set)."""
    values = list(values)
    if not values:
        return "NoReturn"
    return "Literal[" + ", ".join(repr(v) if not isinstance(v, str) else '"%s"' % v.replace('"', '\\"') for v in values) + "]"


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def type_name(op: str) -> str:
    """``goods.Goods.batchPush`` → ``GoodsGoodsBatchPushItem`` (the Node package's names)."""
    return "".join(cap(p) for p in re.split(r"[^A-Za-z0-9]+", re.sub(r"\.php$", "", op)) if p) + "Item"


def unbounded(n: Any) -> bool:
    return not isinstance(n, int) or abs(n) > 2**53 - 1


def limits_text(k: Dict[str, Any]) -> str:
    """The limits of a kind in words (the core's numbers)."""
    t = k["type"]
    if t == "string":
        if k.get("enum"):
            return "one of " + ", ".join(repr(v) for v in k["enum"])
        mn, mx = k.get("min_length") or 0, k.get("max_length")
        if mx is None:
            return "string, not empty" if mn > 0 else "string"
        return "string, %d–%d characters" % (mn, mx) if mn > 0 else "string, at most %d characters" % mx
    if t == "integer":
        if k.get("enum"):
            return "integer, one of " + ", ".join(str(v) for v in k["enum"])
        if k.get("flags"):
            return "integer, a sum of the flags " + ", ".join(str(v) for v in k["flags"])
        lo, hi = k.get("minimum"), k.get("maximum")
        if unbounded(lo) and unbounded(hi):
            return "integer"
        if unbounded(hi):
            return "integer, at least %s" % lo
        if unbounded(lo):
            return "integer, at most %s" % hi
        return "integer, %s–%s" % (lo, hi)
    if t == "decimal":
        return "decimal, at most %s digits before the point and %s after (never rounded)" % (k["max_whole_digits"], k["decimal_places"])
    if t == "boolean":
        return "boolean (True/False or 0/1)"
    if t == "list":
        return "list of at least %s" % k["min_items"] if unbounded(k.get("max_items")) else "list of %s–%s" % (k["min_items"], k["max_items"])
    if t == "object":
        return "object"
    if t == "url":
        return "http(s) URL"
    if t == "datetime":
        return "date-time, %s (Beijing time), or a datetime/date" % k["format"]
    if t == "custom":
        return k.get("summary") or "checked by a rule of its own in the core"
    return "free-form JSON"


class Gen:
    """Collects the TypedDict classes of one module, nested ones first."""

    def __init__(self) -> None:
        self.blocks: List[str] = []
        self.labels: Dict[str, Dict[str, str]] = {}
        self.path: List[str] = []

    def py_type(self, k: Dict[str, Any], owner: str, field: str) -> str:
        t = k["type"]
        if t == "string":
            return lit(k["enum"]) if k.get("enum") else "str"
        if t == "integer":
            # The core reads integers from ints and integer text ("12").
            if k.get("enum"):
                return lit(list(k["enum"]) + [str(v) for v in k["enum"]])
            return "IntegerInput"
        if t == "decimal":
            return "DecimalInput"
        if t == "boolean":
            return "BooleanInput"
        if t == "url":
            return "str"
        if t == "datetime":
            return "DateTimeInput"
        if t == "list":
            inner = self.py_type(k["items"], owner, field)
            return "Union[List[%s], Tuple[%s, ...]]" % (inner, inner)
        if t == "object":
            name = owner.removesuffix("Item") + "".join(cap(p) for p in field.split("_")) + "Entry"
            self.path.append(field)
            self.typed_dict(name, k, "One entry of ``%s``." % field)
            self.path.pop()
            return name
        if t == "custom":
            shapes = {
                "string": "str",
                "integer": "IntegerInput",
                "decimal": "DecimalInput",
                "boolean": "BooleanInput",
                "list": "Sequence[object]",
                "object": "Mapping[str, object]",
            }
            types = []
            for a in k.get("accepts") or []:
                if a not in shapes:
                    return "object"  # a shape this generator does not know: accept anything
                if shapes[a] not in types:
                    types.append(shapes[a])
            return "Union[%s]" % ", ".join(types) if len(types) > 1 else (types[0] if types else "object")
        return "object"

    def typed_dict(self, name: str, schema: Dict[str, Any], doc: str) -> None:
        fields = schema["fields"]
        lines: List[Tuple[str, str, str, bool]] = []
        for f in fields:
            t = self.py_type(f["kind"], name, f["name"])
            label = self.labels.get(".".join(self.path + [f["name"]]), {})
            what = " · ".join(x for x in ("%s %s" % (label.get("zh", f["label_zh"]), label.get("en") or ""), "required" if f["required"] else None, limits_text(f["kind"])) if x)
            # None on an optional field means "not given".
            lines.append((f["name"], t if f["required"] or t == "object" else "Optional[%s]" % t, what, f["required"]))
        rules = []
        for r in schema.get("rules") or []:
            if r.get("one_of"):
                rules.append("at least one of " + ", ".join(r["one_of"]))
            elif r.get("conflict"):
                rules.append("not more than one of " + ", ".join(r["conflict"]))
        full_doc = doc + "\n\n    Undocumented fields pass through unchanged at run time (``strict``\n    reports them); a type checker only knows the documented ones."
        if rules:
            full_doc += "\n    Rules checked by the core: " + "; ".join(rules) + "."
        idents = all(n.isidentifier() and not keyword.iskeyword(n) for n, _, _, _ in lines)
        out: List[str] = []
        if idents:
            req = [l for l in lines if l[3]]
            opt = [l for l in lines if not l[3]]
            # Python 3.9 has no NotRequired: required keys in a base class,
            # the optional ones in a total=False subclass (right at run time too).
            base = "_%sRequired" % name
            out.append("class %s(TypedDict):" % base)
            out.append('    """The required fields of :class:`%s`."""' % name)
            for n, t, what, _ in req:
                out.append("")
                out.append("    %s: %s" % (n, t))
                out.append('    """%s"""' % what)
            out.append("")
            out.append("")
            out.append("class %s(%s, total=False):" % (name, base))
            out.append('    """%s\n    """' % full_doc)
            for n, t, what, _ in opt:
                out.append("")
                out.append("    %s: %s" % (n, t))
                out.append('    """%s"""' % what)
        else:
            raise SystemExit("%s: a field name is not a Python identifier; teach gen_types.py the functional TypedDict form" % name)
        self.blocks.append("\n".join(out))


def types_module() -> str:
    names = lambda pred: [o.name for o in OPS if pred(o)]  # noqa: E731
    push = [o for o in OPS if o.kind == "push"]
    g = Gen()
    item_types: List[Tuple[str, str]] = []
    for o in push:
        d = o.describe()
        g.labels = o.labels()
        tn = type_name(o.name)
        limit = "at most %d per call%s" % (d["max_items"], "" if d["documented_limit"] else " (skuwire's limit; the page gives none)")
        g.typed_dict(tn, d["item"], "One item of ``%s`` (%s): %s; %s." % (o.name, d["title_zh"], d["item_name"], limit))
        item_types.append((o.name, tn))
    if len({t for _, t in item_types}) != len(item_types):
        raise SystemExit("two operations map to one item type name")

    out = [
        '"""skuwire\'s types, for type checkers and editors: the closed sets of names',
        "as ``Literal`` types, the error record, and one ``TypedDict`` per push",
        "operation's item (documented fields with their types; each field's",
        "docstring gives the vendor's label and limits).",
        "",
        "Generated by bindings-py/tools/gen_types.py from the core registry",
        "(skuwire %s). Do not edit." % native.__version__,
        '"""',
        "",
        "import datetime",
        "import decimal",
        "from typing import Any, Dict, List, Literal, Mapping, NoReturn, Optional, Sequence, Tuple, TypedDict, Union",
        "",
        "OperationName = %s" % lit(names(lambda o: True)),
        '"""Every operation skuwire models (``skuwire.operations()``)."""',
        "PushOperationName = %s" % lit(names(lambda o: o.kind == "push")),
        '"""Operations that send items (``client.plan``)."""',
        "QueryOperationName = %s" % lit(names(lambda o: o.kind == "query")),
        '"""Operations that read pages (``client.query``)."""',
    ]
    for p in PLATFORMS:
        out += [
            "%sPushOperationName = %s" % (cap(p), lit(names(lambda o, p=p: o.platform == p and o.kind == "push"))),
            '"""%s push operations."""' % cap(p),
            "%sQueryOperationName = %s" % (cap(p), lit(names(lambda o, p=p: o.platform == p and o.kind == "query"))),
            '"""%s query operations."""' % cap(p),
        ]
    out += [
        "PlatformName = %s" % lit(PLATFORMS),
        '"""A platform (``skuwire.PLATFORMS``; ``Operation.platform``, ``client.platform``)."""',
        "Kind = %s" % lit(native.KINDS),
        '"""``Operation.kind``: ``push`` (planned into batches) or ``query`` (paged)."""',
        "Retry = %s" % lit(native.RETRIES),
        '"""``Outcome.retry``: ``resign`` = fix the clock offset and sign again; ``backoff`` = wait, then sign and send again; ``resend`` = sign and send again."""',
        "Status = %s" % lit(native.STATUSES),
        '"""``Outcome.status``: everything accepted, some accepted, or nothing accepted."""',
        "Reason = %s" % lit(native.REASONS),
        '"""``Outcome.reason``: why a call did not fully succeed."""',
        "OnInvalid = %s" % lit(native.ON_INVALID),
        '"""``client.plan(on_invalid=…)``: ``raise`` fails on any problem; ``skip`` leaves invalid items out and lists them."""',
        "ErrorTypeName = %s" % lit(native.ERROR_TYPES),
        '"""The catalogue of validation error types (``skuwire.ERROR_TYPES``)."""',
        "ErrorCode = %s" % lit(native.ERROR_CODES),
        '"""``SkuwireError.code`` (``internal``: a bug in skuwire)."""',
        "",
        "DecimalInput = Union[decimal.Decimal, str, int, float]",
        '"""A decimal (money, quantities): a ``Decimal`` (recommended; travels as a JSON number with exactly its text), a decimal string (travels as a JSON string, unchanged), an ``int``, or a ``float`` (its shortest repr). Never rounded."""',
        "IntegerInput = Union[int, str]",
        '"""An integer: an ``int`` or integer text (``"12"``)."""',
        "BooleanInput = Union[bool, Literal[0, 1]]",
        '"""``True``/``False``, or ``0``/``1`` as the vendor pages also write."""',
        "DateTimeInput = Union[str, datetime.datetime, datetime.date]",
        '"""A date-time: text in the documented format, or a ``datetime`` (aware: converted to Beijing time; naive: taken as Beijing time) or ``date``."""',
        "Loc = Tuple[Union[str, int], ...]",
        '"""Where a problem is: keys and list indexes, e.g. ``(3, "spec_list", 0, "spec_no")``."""',
        "",
        "",
        "class ErrorRecord(TypedDict):",
        '    """One validation problem, identical in every skuwire language."""',
        "",
        "    type: ErrorTypeName",
        '    """The stable snake_case name of the rule (``string_too_long``)."""',
        "    loc: Loc",
        '    """Where: keys and indexes from the payload\'s root."""',
        "    msg: str",
        '    """The message in English."""',
        "    msg_zh: str",
        '    """The message in Chinese."""',
        "    input: Any",
        '    """The offending value (``None`` when absent or not representable)."""',
        "    ctx: Dict[str, Any]",
        '    """The rule\'s values, e.g. ``{"max_length": 40}``."""',
        "",
        "",
        "class WindowInfo(TypedDict):",
        '    """``Operation.window``: the parameters bounding a time-ranged query, and its longest span."""',
        "",
        "    start: str",
        "    end: str",
        "    max_days: int",
        "",
        "",
    ]
    out.append("\n\n\n".join(g.blocks))
    out.append("")
    out.append("")
    out.append("PUSH_ITEM_TYPES: Dict[str, Any] = {")
    for op, tn in item_types:
        out.append('    "%s": %s,' % (op, tn))
    out.append("}")
    out.append('"""The item type of every push operation, by name."""')
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- stub blocks

PLAN_TAIL = (
    "on_invalid: OnInvalid = \"raise\",\n"
    "        *,\n"
    "        max_items: Optional[int] = None,\n"
    "        max_body_bytes: Optional[int] = None,\n"
    "        strict: bool = False,\n"
    "        lax: bool = False,\n"
    "        nest: _Nest = None,\n"
    "        nest_key: _NestKey = None,\n"
    "    ) -> Plan: ..."
)

PLAN_DOC = (
    '        """Validates ``items`` and plans them into batches within the\n'
    "        operation's limits (a :class:`Plan`: an iterator of :class:`Batch`).\n\n"
    "        ``items``: mappings (typed by the operation: ``skuwire.types``),\n"
    "        one mapping, JSON text/bytes, or a table (``__arrow_c_stream__``).\n"
    "        ``on_invalid=\"raise\"`` checks\n"
    "        everything first and raises :class:`ValidationError` listing every\n"
    "        problem; ``\"skip\"`` streams and lists left-out items in\n"
    "        ``plan.invalid``. ``max_items``/``max_body_bytes`` can only lower\n"
    "        the operation's limits; ``strict`` reports undocumented fields;\n"
    "        ``lax`` reads NaN/NaT/None as not given and integral numbers as\n"
    "        integers or text; ``nest`` groups flat rows into items (``True``:\n"
    "        by names like ``spec_list[].spec_no``; a list's name; or\n"
    "        ``{list: [columns]}``), consecutive or by ``nest_key`` columns.\n"
    '        """'
)


def plan_block(ops: List[Any], override: bool, indent: str = "    ") -> str:
    """The ``plan`` method of a client: one overload per push operation it
    serves, each with the docstring (editors show the matched overload's).
    A platform client narrows its base's operations, which a type checker
    calls an incompatible override: in a stub that is the point."""
    ignore = "  # type: ignore[override]" if override else ""
    out: List[str] = []
    ops_or_none: List[Any] = ops or [None]
    for i, o in enumerate(ops_or_none):
        if len(ops) > 1:
            out.append(indent + "@overload" + (ignore if i == 0 else ""))
            head_ignore = ""
        else:
            head_ignore = ignore
        out.append(indent + "def plan(" + head_ignore)
        out.append(indent + "    self,")
        if o is None:
            # No push operation on this platform: nothing can be planned.
            out.append(indent + "    op: NoReturn,")
            out.append(indent + "    items: _Items,")
        else:
            out.append(indent + '    op: Literal["%s"],' % o.name)
            out.append(indent + "    items: _ItemsOf[%s]," % type_name(o.name))
        out.append(indent + "    " + PLAN_TAIL[:-5].replace("\n    ", "\n" + indent) + ":")
        if o is None:
            out.append(indent + '    """%s has no push operation skuwire models: nothing can be planned."""' % "This platform")
            continue
        out.append(PLAN_DOC.replace("\n        ", "\n" + indent + "    ").replace("        \"\"\"", indent + "    \"\"\"", 1))
    return "\n".join(out)


def stub_blocks() -> Dict[str, str]:
    push = [o for o in OPS if o.kind == "push"]
    blocks = {"client-plan": plan_block(push, override=False)}
    for p in PLATFORMS:
        blocks["%s-plan" % p] = plan_block([o for o in push if o.platform == p], override=True)
    imports = ["from skuwire.types import ("]
    for name in sorted({type_name(o.name) for o in push}):
        imports.append("    %s," % name)
    imports.append(")")
    blocks["item-imports"] = "\n".join(imports)
    return blocks


MARK = re.compile(r"(?P<head>^[ \t]*# <generated (?P<name>[\w-]+)>\n)(?P<body>.*?)(?P<tail>^[ \t]*# </generated>$)", re.S | re.M)


def render_stub(text: str) -> str:
    blocks = stub_blocks()
    seen = set()

    def fill(m: "re.Match[str]") -> str:
        name = m.group("name")
        if name not in blocks:
            raise SystemExit("_skuwire.pyi: unknown generated block %r" % name)
        seen.add(name)
        return m.group("head") + blocks[name] + "\n" + m.group("tail")

    out = MARK.sub(fill, text)
    missing = set(blocks) - seen
    if missing:
        raise SystemExit("_skuwire.pyi lacks the generated blocks %s" % sorted(missing))
    return out


def main(argv: List[str]) -> int:
    check = "--check" in argv
    wanted = {TYPES: types_module(), STUB: render_stub(STUB.read_text(encoding="utf-8"))}
    stale: List[Path] = []
    for path, text in wanted.items():
        current: Optional[str] = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not check:
                path.write_text(text, encoding="utf-8")
    rel = ", ".join(str(p.relative_to(PKG.parents[1])) for p in stale)
    if check:
        if stale:
            print("stale: %s — run python bindings-py/tools/gen_types.py with the built wheel installed, then rebuild" % rel)
            return 1
        print("types.py and _skuwire.pyi are current (%d operations)" % len(OPS))
        return 0
    print("wrote %s" % rel if stale else "types.py and _skuwire.pyi were current")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
