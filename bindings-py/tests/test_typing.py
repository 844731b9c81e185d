"""The typing promises, checked by the two type checkers users run:
mypy --strict and pyright (basedpyright from PyPI, in pyright's strict
mode), against the installed package.

- every Python example of the README type-checks;
- tests/typing/usage_ok.py (typed items, Literal closed sets, the error
  record) type-checks;
- tests/typing/usage_bad.py: each line marked ``# expect-error`` is an
  error for both checkers, and no other line is;
- the generated types (skuwire/types.py and the plan overloads of the
  stubs) are what tools/gen_types.py writes from the installed core."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Set, Tuple

import pytest

HERE = Path(__file__).resolve().parent
PKG = HERE.parent
README = PKG / "README.md"
TYPING = HERE / "typing"
EXAMPLES = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    d = tmp_path_factory.mktemp("typing")
    files = {}
    for i, code in enumerate(EXAMPLES):
        p = d / ("readme_example_%d.py" % i)
        p.write_text(code, encoding="utf-8")
        files[p.name] = p
    for name in ("usage_ok.py", "usage_bad.py"):
        p = d / name
        shutil.copy(TYPING / name, p)
        files[name] = p
    return files


def run_mypy(paths: List[Path], cwd: Path) -> List[Tuple[str, int, str]]:
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null", "--show-error-codes",
         "--no-error-summary", "--hide-error-context", *map(str, paths)],
        capture_output=True, text=True, cwd=cwd, timeout=600,
    )
    found = []
    for line in out.stdout.splitlines():
        m = re.match(r"(.+?):(\d+): error: (.*)", line)
        if m:
            found.append((Path(m.group(1)).name, int(m.group(2)), m.group(3)))
    assert out.returncode in (0, 1), out.stdout + out.stderr
    return found


def pyright_bin() -> str:
    exe = Path(sys.executable).with_name("basedpyright")
    if not exe.exists():
        pytest.fail("basedpyright is not installed in the test venv (scripts/test-py.sh installs it)")
    return str(exe)


def run_pyright(paths: List[Path], cwd: Path) -> List[Tuple[str, int, str]]:
    config = cwd / "pyrightconfig.json"
    # pyright's own strict mode (basedpyright's default adds its own rules on top).
    config.write_text(json.dumps({"typeCheckingMode": "strict", "reportMissingModuleSource": False}), encoding="utf-8")
    out = subprocess.run(
        [pyright_bin(), "--pythonpath", sys.executable, "--outputjson", "--project", str(config), *map(str, paths)],
        capture_output=True, text=True, cwd=cwd, timeout=600,
    )
    report = json.loads(out.stdout)
    return [
        (Path(d["file"]).name, d["range"]["start"]["line"] + 1, d["message"].splitlines()[0])
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    ]


def expected_errors(path: Path) -> Set[int]:
    return {i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "# expect-error" in line}


def test_there_are_examples_to_check() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_readme_examples_and_typed_usage_type_check(checker: str, sources: Dict[str, Path]) -> None:
    paths = [p for name, p in sources.items() if name != "usage_bad.py"]
    run = run_mypy if checker == "mypy" else run_pyright
    errors = run(paths, next(iter(sources.values())).parent)
    assert errors == [], "\n".join("%s:%d: %s" % e for e in errors)


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_misuse_is_reported_on_exactly_the_marked_lines(checker: str, sources: Dict[str, Path]) -> None:
    bad = sources["usage_bad.py"]
    run = run_mypy if checker == "mypy" else run_pyright
    errors = run([bad], bad.parent)
    lines = {line for _, line, _ in errors}
    expected = expected_errors(bad)
    assert len(expected) >= 10
    missed = sorted(expected - lines)
    extra = [e for e in errors if e[1] not in expected]
    assert not missed and not extra, "not reported: %s; unexpected: %s" % (missed, extra)


def test_generated_types_are_current() -> None:
    out = subprocess.run([sys.executable, str(PKG / "tools" / "gen_types.py"), "--check"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_stub_definition_has_a_docstring() -> None:
    """Editors show the stubs' docstrings: every public class, function,
    method and property of the native module has one."""
    import ast

    tree = ast.parse((PKG / "python" / "skuwire" / "_skuwire.pyi").read_text(encoding="utf-8"))
    missing = []

    def visit(body: List[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                name = node.name
                public = not name.startswith("_") or name == "__next__" or name == "__len__"
                setter = any(isinstance(d, ast.Attribute) and d.attr == "setter" for d in getattr(node, "decorator_list", []))
                if public and not setter and ast.get_docstring(node) is None and name != "__new__":
                    missing.append(prefix + name)
                if isinstance(node, ast.ClassDef):
                    visit(node.body, prefix + name + ".")

    visit(tree.body, "")
    assert not missing, missing
