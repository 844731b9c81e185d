"""The `dist` suite's checks of the repository itself (no build, stdlib only):

- one version: Cargo.toml's workspace.package.version is the version of
  every crate (Cargo.lock too), of the Python package (pyproject takes it
  from Cargo: `dynamic = ["version"]`), of the Node package (package.json
  and its lock file), of every npm platform package, of the browser package,
  and the newest CHANGELOG.md entry;
- one license: every package declares MIT OR Apache-2.0 and holds both texts,
  identical to the repository's;
- portable scripts: scripts/ and .ci/run use nothing that macOS's bash 3.2
  and BSD tools lack (the lint is itself tested on bad lines);
- the wasm build picks a rustup wasm32 toolchain when one is installed and
  Debian's rustc-web otherwise (build-wasm.sh --print-toolchain, with stand-in
  rustc/rustup/dpkg-query on PATH).

Prints `dist: N passed, N failed` last; exits non-zero on any failure.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LICENSE = "MIT OR Apache-2.0"
LICENSE_FILES = ("LICENSE-MIT", "LICENSE-APACHE")
CRATES = ("core", "bindings-py", "bindings-node", "bindings-wasm")


def read(rel: str) -> str:
    return (ROOT / rel).read_text(encoding="utf-8")


def toml_section(text: str, name: str) -> str:
    m = re.search(rf"^\[{re.escape(name)}\]\n(.*?)(?=^\[|\Z)", text, re.S | re.M)
    assert m, f"[{name}] missing"
    return m.group(1)


def toml_value(section: str, key: str):
    m = re.search(rf'^{re.escape(key)}\s*=\s*(.+)$', section, re.M)
    return m.group(1).strip() if m else None


WORKSPACE = toml_section(read("Cargo.toml"), "workspace.package")
VERSION = json.loads(toml_value(WORKSPACE, "version"))


def npm_manifests() -> dict[str, dict]:
    paths = ["bindings-node/package.json", "bindings-wasm/npm/package.json"]
    paths += sorted(str(p.relative_to(ROOT)) for p in (ROOT / "bindings-node/npm").glob("*/package.json"))
    return {p: json.loads(read(p)) for p in paths}


def check_version_everywhere():
    assert re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", VERSION), VERSION
    for crate in CRATES:
        pkg = toml_section(read(f"{crate}/Cargo.toml"), "package")
        assert toml_value(pkg, "version.workspace") == "true", f"{crate}: version.workspace = true"
    lock = read("Cargo.lock")
    for name in ("skuwire", "skuwire-py", "skuwire-node", "skuwire-wasm"):
        m = re.search(rf'\[\[package\]\]\nname = "{name}"\nversion = "([^"]+)"', lock)
        assert m and m.group(1) == VERSION, f"Cargo.lock {name}: {m and m.group(1)}"
    project = toml_section(read("bindings-py/pyproject.toml"), "project")
    assert toml_value(project, "version") is None, "pyproject: the version comes from Cargo"
    assert json.loads(toml_value(project, "dynamic")) == ["version"]
    for path, manifest in npm_manifests().items():
        assert manifest["version"] == VERSION, f"{path}: {manifest['version']}"
    lock = json.loads(read("bindings-node/package-lock.json"))
    assert lock["version"] == VERSION and lock["packages"][""]["version"] == VERSION, "bindings-node/package-lock.json"
    newest = re.search(r"^## \[([^\]]+)\]", read("CHANGELOG.md"), re.M)
    assert newest and newest.group(1) == VERSION, f"CHANGELOG.md's newest entry: {newest and newest.group(1)}"


def check_license_everywhere():
    assert json.loads(toml_value(WORKSPACE, "license")) == LICENSE
    for crate in CRATES:
        pkg = toml_section(read(f"{crate}/Cargo.toml"), "package")
        assert toml_value(pkg, "license.workspace") == "true", f"{crate}: license.workspace = true"
        for f in LICENSE_FILES:
            assert (ROOT / crate / f).read_bytes() == (ROOT / f).read_bytes(), f"{crate}/{f} differs from {f}"
    project = toml_section(read("bindings-py/pyproject.toml"), "project")
    assert json.loads(toml_value(project, "license")) == LICENSE
    assert json.loads(toml_value(project, "license-files")) == list(LICENSE_FILES)
    for path, manifest in npm_manifests().items():
        assert manifest["license"] == LICENSE, path
        if "files" in manifest:
            for f in LICENSE_FILES:
                assert f in manifest["files"], f"{path}: files lacks {f}"
    mit = read("LICENSE-MIT")
    assert mit.startswith("MIT License") and "Permission is hereby granted" in mit
    apache = read("LICENSE-APACHE")
    assert "Apache License" in apache and "Version 2.0, January 2004" in apache and "END OF TERMS" in apache


# What macOS (bash 3.2, BSD userland) lacks, as (pattern, why). A line that
# also says `command -v` is a guarded fallback and passes.
NOT_PORTABLE = [
    (r"\bdate\b[^|;]*%N", "date +%N is GNU-only"),
    (r"\bstat\s+(-c|--)", "stat -c is GNU-only (wc -c < file)"),
    (r"\bsed\s+(-[a-zA-Z]+\s+)*-i(\s|$|['\"])", "sed -i without a suffix differs between GNU and BSD (sed -i.bak)"),
    (r"\breadlink\s+-f\b", "readlink -f is GNU-only (cd … && pwd)"),
    (r"\brealpath\b", "realpath is missing on older macOS"),
    (r"\b(md5sum|sha1sum|sha256sum|sha512sum)\b", "md5sum/sha*sum are GNU-only (cksum, shasum -a 256)"),
    (r"\bdeclare\s+-[a-zA-Z]*[An]", "associative arrays and namerefs need bash 4"),
    (r"\blocal\s+-n\b", "namerefs need bash 4.3"),
    (r"\b(mapfile|readarray|coproc)\b", "bash 4 builtin"),
    (r"\$\{[A-Za-z_][A-Za-z0-9_]*(,,|\^\^)", "case conversion needs bash 4"),
    (r"\|&|&>>", "bash 4 redirection"),
    (r"\bgrep\s+(-[a-zA-Z]+\s+)*-[a-zA-Z]*P", "grep -P is GNU-only"),
    (r"\bxargs\s+(-[a-zA-Z]+\s+)*-[a-zA-Z]*r", "xargs -r is GNU-only"),
    (r"\bfind\b.*\s-printf\b", "find -printf is GNU-only"),
    (r"\bsort\s+(-[a-zA-Z]+\s+)*-[a-zA-Z]*V", "sort -V is missing on older macOS"),
    (r"(^\s*|[;&|(]\s*|\$\(\s*|\b(then|do|else)\s+)(nproc|timeout|tac|numfmt)(\s|\)|$)", "GNU coreutils only"),
    (r"\bdu\s+(-[a-zA-Z]+\s+)*-[a-zA-Z]*b", "du -b is GNU-only"),
    (r"\bbase64\s+-w\b", "base64 -w is GNU-only"),
]


def lint_line(line: str) -> list[str]:
    code = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
    if not code.strip() or "command -v" in code:
        return []
    return [why for pattern, why in NOT_PORTABLE if re.search(pattern, code)]


def shell_files() -> list[Path]:
    return sorted(ROOT.glob("scripts/**/*.sh")) + [ROOT / ".ci" / "run"]


def check_scripts_are_portable():
    bad = [
        "start=$(date +%s%N)", "n=$(stat -c %s f)", "sed -i 's/a/b/' f", "sed -E -i 's/a/b/' f",
        'x=$(readlink -f "$0")', "h=$(md5sum f)", "declare -A seen", "mapfile -t xs < f", 'echo "${v,,}"',
        "make |& tee log", "grep -oP 'a(?=b)' f", "ls | xargs -r rm", "find . -printf '%s'", "sort -V f",
        "n=$(nproc)", "timeout 5 x", "du -sb d", "local -n ref=x", "sha256sum -c SUMS",
    ]
    for line in bad:
        assert lint_line(line), f"the lint misses: {line}"
    good = ["sed -i.bak 's/a/b/' f", "n=$(wc -c < f)", "h=$(cksum < f)",
            'if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi',
            "# sed -i is not used here", "cd \"$(dirname \"$0\")\" && pwd"]
    for line in good:
        assert not lint_line(line), f"the lint refuses a portable line: {line}"
    problems = []
    for path in shell_files():
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        if first.startswith("#!") and not re.fullmatch(r"#!\s*(/usr/bin/env (bash|sh)|/bin/(ba)?sh)", first):
            problems.append(f"{path.relative_to(ROOT)}:1: shebang {first}")
        for n, line in enumerate(text.splitlines(), 1):
            for why in lint_line(line):
                problems.append(f"{path.relative_to(ROOT)}:{n}: {why}: {line.strip()}")
    assert not problems, "\n".join(problems)


def fake_bin(d: Path, name: str, body: str):
    p = d / name
    p.write_text("#!/bin/sh\n" + body + "\n")
    p.chmod(p.stat().st_mode | stat.S_IEXEC)


def print_toolchain(tmp: Path, *, wasm_std: bool, rust_src: bool, force: str | None = None) -> str:
    """build-wasm.sh's choice on a machine with these tools (stand-ins on PATH)."""
    d = Path(tempfile.mkdtemp(dir=tmp))
    sysroot = d / "sysroot"
    if wasm_std:
        (sysroot / "lib/rustlib/wasm32-unknown-unknown/lib").mkdir(parents=True)
    if rust_src:
        (sysroot / "lib/rustlib/src/rust/library").mkdir(parents=True)
    fake_bin(d, "rustc", f'case "$*" in "--print sysroot") echo "{sysroot}";; *) echo "rustc 1.0.0 (fake)";; esac')
    fake_bin(d, "cargo", 'echo "cargo 1.0.0 (fake)"')
    env = dict(os.environ, PATH=f"{d}:/usr/bin:/bin")
    env.pop("SKUWIRE_WASM_TOOLCHAIN", None)
    if force:
        env["SKUWIRE_WASM_TOOLCHAIN"] = force
    p = subprocess.run(["bash", str(ROOT / "scripts/build-wasm.sh"), "--print-toolchain"], env=env,
                       capture_output=True, text=True)
    return f"{p.returncode} {p.stdout.strip()}" if p.returncode else p.stdout.strip()


def check_wasm_toolchain_choice():
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        assert print_toolchain(tmp, wasm_std=True, rust_src=True) == "rustup build-std"
        assert print_toolchain(tmp, wasm_std=True, rust_src=False) == "rustup prebuilt-std"
        assert print_toolchain(tmp, wasm_std=False, rust_src=True) == "debian build-std"
        assert print_toolchain(tmp, wasm_std=False, rust_src=False) == "debian build-std"
        forced = print_toolchain(tmp, wasm_std=True, rust_src=True, force="debian")
        assert forced == "debian build-std", forced


CHECKS = [check_version_everywhere, check_license_everywhere, check_scripts_are_portable, check_wasm_toolchain_choice]


def main() -> int:
    passed = failed = 0
    for check in CHECKS:
        try:
            check()
        except Exception:  # noqa: BLE001 — report every failure, run the rest
            failed += 1
            print(f"FAILED {check.__name__}\n{traceback.format_exc()}", flush=True)
        else:
            passed += 1
            print(f"ok     {check.__name__}", flush=True)
    print(f"dist: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
