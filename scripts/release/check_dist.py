"""Checks dist/ (scripts/release.sh) the way users meet it.

Run by scripts/test-release.sh with the release tool venv's Python (it has
auditwheel and pyelftools). Every check is a function `check_*`; all run,
and the last line says `release: N passed, N failed`.

What is checked:
- SHA256SUMS matches every file, and dist/ holds exactly the sdist, the four
  Linux wheels, the main npm package, the four Linux addon packages and the
  browser package, all of the one version in Cargo.toml, all licensed
  MIT OR Apache-2.0 with both license texts inside;
- each wheel's platform tag (WHEEL; auditwheel show for manylinux) and its native module's
  external symbols: glibc ≤ 2.17 and only manylinux2014 libraries, or for
  musl only libc.so and only symbols Debian's musl libc exports; the same for
  each Node addon, which must import no napi_* symbol (napi-rs dyn-symbols);
- the x86_64 manylinux wheel in a clean venv runs the README quickstart and
  prints what the README says; so does the sdist, built from source by pip;
  the aarch64 manylinux wheel does the same under qemu-user on Debian's arm64
  CPython; the x86_64 musllinux wheel does the same in a clean venv (made by
  `python -m venv`, pip from ensurepip) of a CPython 3.11 built here against
  Debian's musl (scripts/release/musl-python.sh: upstream sources from Debian's
  source packages, musl-gcc, cached under ~/.cache/skuwire), whose pip must
  refuse the manylinux wheel and take the musllinux one, and whose process maps
  musl's libc and no glibc;
- each musl native library is loaded with every symbol bound (RTLD_NOW) by
  Debian's musl dynamic loader (aarch64 under qemu-user): for the Node addons
  and the aarch64 musllinux wheel this is the only run, as there is no musl
  Node, nor an aarch64 musl CPython, here;
- the npm tarballs installed offline (empty cache) into a scratch project run
  the Node README quickstart as CommonJS and as ESM (x64 natively, arm64 under
  qemu-user on Debian's arm64 Node 18), and the browser package runs in Node
  (ESM, wasm bytes) and in headless Chromium from <script type="module">.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import traceback
import zipfile
from pathlib import Path

from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile
from elftools.elf.gnuversions import GNUVerNeedSection

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("SKUWIRE_DIST", ROOT / "dist"))
WORK = ROOT / "target" / "dist" / "check"
CARGO = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
VERSION = re.search(r'\[workspace\.package\][^\[]*?\nversion\s*=\s*"([^"]+)"', CARGO).group(1)
LICENSE = "MIT OR Apache-2.0"
LICENSE_FILES = ("LICENSE-MIT", "LICENSE-APACHE")

TARGETS = {
    "x86_64-unknown-linux-gnu": {"id": "linux-x64-gnu", "tag": "manylinux_2_17_x86_64", "machine": "EM_X86_64"},
    "aarch64-unknown-linux-gnu": {"id": "linux-arm64-gnu", "tag": "manylinux_2_17_aarch64", "machine": "EM_AARCH64"},
    "x86_64-unknown-linux-musl": {"id": "linux-x64-musl", "tag": "musllinux_1_2_x86_64", "machine": "EM_X86_64"},
    "aarch64-unknown-linux-musl": {"id": "linux-arm64-musl", "tag": "musllinux_1_2_aarch64", "machine": "EM_AARCH64"},
}
# manylinux2014's libraries (PEP 599), without libpython (abi3 links none).
MANYLINUX2014_LIBS = {
    "libgcc_s.so.1", "libstdc++.so.6", "libm.so.6", "libdl.so.2", "librt.so.1", "libc.so.6", "libnsl.so.1",
    "libutil.so.1", "libpthread.so.0", "libresolv.so.2", "libX11.so.6", "libXext.so.6", "libXrender.so.1",
    "libICE.so.6", "libSM.so.6", "libGL.so.1", "libgobject-2.0.so.0", "libgthread-2.0.so.0", "libglib-2.0.so.0",
    "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
}
MUSL_LIBS = {"libc.so", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"}

QEMU = shutil.which("qemu-aarch64")
NPM_ENV = dict(os.environ, npm_config_update_notifier="false", npm_config_fund="false", npm_config_audit="false")


def run(cmd, **kw):
    """Runs a command; its output on failure is part of the error."""
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    p = subprocess.run([str(c) for c in cmd], **kw)
    if p.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} exited {p.returncode}\n{p.stdout}\n{p.stderr}")
    return p.stdout


def fresh(name: str) -> Path:
    d = WORK / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    return d


# --------------------------------------------------------------- the files

def files(sub: str) -> list[Path]:
    return sorted((DIST / sub).iterdir())


def wheel_for(target: str) -> Path:
    tag = TARGETS[target]["tag"]
    found = [w for w in files("python") if w.suffix == ".whl" and tag in w.name]
    assert len(found) == 1, f"one wheel tagged {tag}: {found}"
    return found[0]


def npm_tarball(name: str) -> Path:
    p = DIST / "npm" / f"{name}-{VERSION}.tgz"
    assert p.is_file(), p
    return p


def check_checksums():
    lines = (DIST / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    present = sorted(str(p.relative_to(DIST)) for p in DIST.rglob("*") if p.is_file() and p.name != "SHA256SUMS")
    assert sorted(listed) == present, (sorted(listed), present)
    for name, digest in listed.items():
        assert hashlib.sha256((DIST / name).read_bytes()).hexdigest() == digest, name


def check_inventory():
    py = sorted(p.name for p in files("python"))
    want_py = [f"skuwire-{VERSION}.tar.gz"] + [wheel_for(t).name for t in TARGETS]
    assert py == sorted(want_py), py
    for w in py:
        if w.endswith(".whl"):
            assert w.startswith(f"skuwire-{VERSION}-cp39-abi3-"), w
    npm = sorted(p.name for p in files("npm"))
    want_npm = [f"skuwire-{VERSION}.tgz", f"skuwire-browser-{VERSION}.tgz"]
    want_npm += [f"skuwire-{t['id']}-{VERSION}.tgz" for t in TARGETS.values()]
    assert npm == sorted(want_npm), npm


# --------------------------------------------------------------- ELF checks

def elf_facts(data: bytes) -> dict:
    elf = ELFFile(io.BytesIO(data))
    needed, undefined, exported, glibc = [], [], set(), []
    for section in elf.iter_sections():
        if isinstance(section, DynamicSection):
            needed += [t.needed for t in section.iter_tags() if t.entry.d_tag == "DT_NEEDED"]
        elif isinstance(section, GNUVerNeedSection):
            for _, auxes in section.iter_versions():
                for aux in auxes:
                    m = re.fullmatch(r"GLIBC_(\d+)\.(\d+)(?:\.\d+)?", aux.name)
                    if m:
                        glibc.append((int(m.group(1)), int(m.group(2))))
    dynsym = elf.get_section_by_name(".dynsym")
    for sym in dynsym.iter_symbols():
        if not sym.name:
            continue
        if sym["st_shndx"] == "SHN_UNDEF":
            undefined.append((sym.name, sym["st_info"]["bind"]))
        elif sym["st_info"]["bind"] in ("STB_GLOBAL", "STB_WEAK"):
            exported.add(sym.name)
    return {"machine": elf["e_machine"], "needed": needed, "undefined": undefined, "exported": exported,
            "glibc": max(glibc) if glibc else None}


_musl_exports: dict[str, set] = {}


def musl_libc(target: str) -> Path:
    """Debian's musl libc.so for the target (the host's, or the arm64 root's)."""
    arch = target.split("-")[0]
    root = Path("/") if arch == "x86_64" else arm64_root()
    for rel in (f"usr/lib/{arch}-linux-musl/libc.so", f"lib/{arch}-linux-musl/libc.so"):
        if (root / rel).is_file():
            return root / rel
    raise AssertionError(f"no musl libc.so for {arch} under {root} (Debian package musl)")


def musl_exports(target: str) -> set:
    if target not in _musl_exports:
        _musl_exports[target] = elf_facts(musl_libc(target).read_bytes())["exported"]
    return _musl_exports[target]


def check_native(target: str, data: bytes, host_prefixes: tuple, entry: str):
    """One native library built for `target`: machine, libraries, symbol versions, host API."""
    facts = elf_facts(data)
    assert facts["machine"] == TARGETS[target]["machine"], facts["machine"]
    assert entry in facts["exported"], f"{entry} is not exported"
    strong = [n for n, bind in facts["undefined"] if bind != "STB_WEAK"]
    host = [n for n in strong if n.startswith(host_prefixes)]
    libc = [n for n in strong if not n.startswith(host_prefixes)]
    if target.endswith("-gnu"):
        assert set(facts["needed"]) <= MANYLINUX2014_LIBS, facts["needed"]
        assert facts["glibc"] is not None and facts["glibc"] <= (2, 17), f"needs GLIBC_{facts['glibc']}"
    else:
        assert set(facts["needed"]) <= MUSL_LIBS, facts["needed"]
        missing = sorted(set(libc) - musl_exports(target))
        assert not missing, f"not in Debian's musl libc.so: {missing}"
    return host


def wheel_module(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as z:
        mods = [n for n in z.namelist() if re.fullmatch(r"skuwire/_skuwire\.[^/]*so", n)]
        assert len(mods) == 1, mods
        return z.read(mods[0])


def make_check_wheel(target):
    def check():
        wheel = wheel_for(target)
        tag = TARGETS[target]["tag"]
        with zipfile.ZipFile(wheel) as z:
            names = z.namelist()
            meta = z.read(f"skuwire-{VERSION}.dist-info/METADATA").decode()
            wheel_meta = z.read(f"skuwire-{VERSION}.dist-info/WHEEL").decode()
        tags = re.findall(r"^Tag: (.*)$", wheel_meta, re.M)
        assert all(t.startswith("cp39-abi3-") for t in tags) and f"cp39-abi3-{tag}" in tags, tags
        if target.endswith("-gnu"):
            # auditwheel reads the symbol versions and libraries (its own policy).
            out = run([sys.executable, "-m", "auditwheel", "show", wheel])
            found = re.findall(r'"((?:many|musl)linux_[0-9a-z_]+)"', out)
            assert found and found[0] == tag, out
        # musl: auditwheel on a glibc host cannot tell musl's version and expects
        # Alpine's soname libc.musl-<arch>.so.1 where zig links libc.so (every
        # musl loader maps both to itself). check_native reads the library
        # itself, and check_musl_loader_binds_every_symbol loads it with musl.
        host = check_native(target, wheel_module(wheel), ("Py", "_Py"), "PyInit__skuwire")
        assert host, "the module imports the CPython API"
        assert f"\nVersion: {VERSION}\n" in meta and f"\nLicense-Expression: {LICENSE}\n" in meta
        assert "Root-Is-Purelib: false" in wheel_meta
        for lic in LICENSE_FILES:
            assert f"skuwire-{VERSION}.dist-info/licenses/{lic}" in names, (lic, names)
        assert "skuwire/py.typed" in names and "skuwire/sandbox/server.py" in names
    check.__name__ = f"check_wheel[{target}]"
    return check


def make_check_addon(target):
    def check():
        pid = TARGETS[target]["id"]
        with tarfile.open(npm_tarball(f"skuwire-{pid}")) as t:
            names = sorted(m.name for m in t.getmembers())
            manifest = json.load(t.extractfile("package/package.json"))
            node = t.extractfile(f"package/skuwire.{pid}.node").read()
        assert names == sorted(f"package/{n}" for n in
                               ["package.json", "README.md", f"skuwire.{pid}.node", *LICENSE_FILES]), names
        committed = json.loads((ROOT / "bindings-node" / "npm" / pid / "package.json").read_text(encoding="utf-8"))
        assert manifest == committed
        assert manifest["version"] == VERSION and manifest["license"] == LICENSE
        host = check_native(target, node, ("napi_",), "napi_register_module_v1")
        assert host == [], f"imports napi symbols (dyn-symbols is off?): {host}"
    check.__name__ = f"check_addon_package[{target}]"
    return check


def check_sdist_contents():
    with tarfile.open(DIST / "python" / f"skuwire-{VERSION}.tar.gz") as t:
        names = set(m.name for m in t.getmembers())
        pkg_info = t.extractfile(f"skuwire-{VERSION}/PKG-INFO").read().decode()
    top = f"skuwire-{VERSION}"
    for n in ["pyproject.toml", "Cargo.toml", "Cargo.lock", "core/src/lib.rs", "bindings-py/src/lib.rs",
              "python/skuwire/__init__.py", "python/skuwire/sandbox/server.py", *LICENSE_FILES]:
        assert f"{top}/{n}" in names, n
    assert f"\nVersion: {VERSION}\n" in pkg_info and f"\nLicense-Expression: {LICENSE}\n" in pkg_info


def check_main_npm_package():
    with tarfile.open(npm_tarball("skuwire")) as t:
        names = sorted(m.name[len("package/"):] for m in t.getmembers())
        manifest = json.load(t.extractfile("package/package.json"))
    committed = json.loads((ROOT / "bindings-node" / "package.json").read_text(encoding="utf-8"))
    assert sorted(names) == sorted(committed["files"] + ["package.json"]), names
    assert not any(n.endswith(".node") for n in names)
    assert manifest["version"] == VERSION and manifest["license"] == LICENSE
    ids = sorted(p.name for p in (ROOT / "bindings-node" / "npm").iterdir())
    assert manifest["optionalDependencies"] == {f"skuwire-{i}": VERSION for i in ids}, manifest["optionalDependencies"]
    assert "devDependencies" not in manifest and "scripts" not in manifest


def check_browser_npm_package():
    with tarfile.open(npm_tarball("skuwire-browser")) as t:
        names = sorted(m.name[len("package/"):] for m in t.getmembers())
        manifest = json.load(t.extractfile("package/package.json"))
        wasm = t.extractfile("package/skuwire_bg.wasm").read()
        dts = t.extractfile("package/skuwire.d.ts").read().decode()
    for n in ["skuwire.js", "skuwire.d.ts", "skuwire_bg.wasm", "forms.js", "forms.d.ts", "forms-data.js", "forms-data.d.ts",
              "README.md", *LICENSE_FILES]:
        assert n in names, n
    assert wasm[:4] == b"\0asm"
    assert "export function validate(" in dts and "export default function __wbg_init" in dts
    assert manifest["version"] == VERSION and manifest["license"] == LICENSE and manifest["type"] == "module"
    assert manifest["exports"]["."]["default"] == "./skuwire.js"
    assert manifest["exports"]["./forms"]["default"] == "./forms.js"


# --------------------------------------------------------------- Python quickstart

def py_quickstart() -> tuple[str, str]:
    text = (ROOT / "bindings-py" / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    rest = text[text.index(code) + len(code):]
    expected = re.search(r"```text\n(.*?)```", rest, re.S).group(1)
    return code, expected


def clean_venv(name: str, base=None) -> Path:
    d = fresh(name)
    run([base or os.environ.get("SKUWIRE_BASE_PYTHON", "python3"), "-m", "venv", d / "venv"])
    return d / "venv" / "bin" / "python"


def assert_quickstart(run_python, where: Path):
    code, expected = py_quickstart()
    (where / "quickstart.py").write_text(code, encoding="utf-8")
    out = run_python(where / "quickstart.py")
    assert out == expected, f"quickstart printed:\n{out}\nREADME says:\n{expected}"


def check_wheel_x86_64_in_clean_venv():
    py = clean_venv("venv-wheel")
    run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-cache-dir", "--no-index",
         "--no-deps", wheel_for("x86_64-unknown-linux-gnu")])
    assert run([py, "-c", "import skuwire; print(skuwire.__version__)"]).strip() == VERSION
    assert "usage" in run([py.parent / "skuwire", "--help"]).lower()
    assert_quickstart(lambda f: run([py, f], cwd="/"), py.parents[2])


def check_sdist_builds_in_clean_venv():
    py = clean_venv("venv-sdist")
    # A new target dir every time: the sdist's files carry fixed mtimes, so a
    # reused one would look up to date and give the build of an earlier sdist.
    env = dict(os.environ, CARGO_TARGET_DIR=str(fresh("sdist-build")))
    # --no-cache-dir: pip caches a wheel it built from a local sdist by the
    # file's URL, and would install the one from an earlier dist/.
    run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-cache-dir",
         DIST / "python" / f"skuwire-{VERSION}.tar.gz"], env=env)
    # Never reused (above), so not kept: it is a whole release build (~250 MB).
    shutil.rmtree(env["CARGO_TARGET_DIR"], ignore_errors=True)
    assert run([py, "-c", "import skuwire; print(skuwire.__version__)"]).strip() == VERSION
    assert_quickstart(lambda f: run([py, f], cwd="/"), py.parents[2])


_musl_python = None


def musl_python() -> Path:
    """CPython built here against Debian's musl (scripts/release/musl-python.sh, cached)."""
    global _musl_python
    if _musl_python is None:
        # Its progress goes to the log (stderr); it prints the prefix.
        cmd = ["bash", str(ROOT / "scripts" / "release" / "musl-python.sh")]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
        assert p.returncode == 0, f"{' '.join(cmd)} exited {p.returncode}"
        _musl_python = Path(p.stdout.strip()) / "bin" / "python3"
    return _musl_python


def mapped_libraries(py: Path, code: str) -> set[str]:
    """The shared objects mapped into `py` after it ran `code`."""
    out = run([py, "-c", code + "\nprint(open('/proc/self/maps').read())"], cwd="/")
    return {line.split()[-1] for line in out.splitlines() if re.search(r"\.so(\.[\d.]+)?$", line)}


def check_wheel_musl_x86_64_in_clean_venv():
    base = musl_python()
    musl = str(Path("/lib/ld-musl-x86_64.so.1").resolve())
    # The interpreter is a musl program: musl's loader, and musl's libc the only
    # shared object in the running process (no glibc), as CPython itself says.
    with open(base.resolve(), "rb") as f:
        interp = [s.get_interp_name() for s in ELFFile(f).iter_segments() if s["p_type"] == "PT_INTERP"]
    assert interp == ["/lib/ld-musl-x86_64.so.1"], interp
    assert mapped_libraries(base, "") == {musl}, mapped_libraries(base, "")
    assert run([base, "-c", "import sys; print(sys.implementation._multiarch)"]).strip() == "x86_64-linux-musl"
    py = clean_venv("venv-musl", base)
    pip = [py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-cache-dir", "--no-index", "--no-deps"]
    # pip (from ensurepip) decides whether a wheel fits by the platform tags it
    # reads off this interpreter: the glibc wheel must not, the musl one must.
    p = subprocess.run([str(c) for c in pip] + [str(wheel_for("x86_64-unknown-linux-gnu"))], capture_output=True,
                       text=True)
    assert p.returncode != 0 and "is not a supported wheel on this platform" in p.stderr, (p.returncode, p.stderr)
    run([*pip, wheel_for("x86_64-unknown-linux-musl")])
    assert run([py, "-c", "import skuwire; print(skuwire.__version__)"]).strip() == VERSION
    # Importing the wheel maps its module beside musl's libc, and nothing else
    # from outside this CPython (the sandbox's sqlite3 is CPython's _sqlite3).
    libs = mapped_libraries(py, "import skuwire, skuwire.sandbox, sqlite3")
    venv = str(py.parents[1])
    assert any(lib.startswith(venv) and "/skuwire/_skuwire" in lib for lib in libs), libs
    dynload = str(base.resolve().parents[1] / "lib")
    assert all(lib == musl or lib.startswith((venv, dynload)) for lib in libs), libs
    assert "usage" in run([py.parent / "skuwire", "--help"]).lower()
    # The shipped sandbox runs in the quickstart's process: sqlite3, threads and sockets on musl.
    assert_quickstart(lambda f: run([py, f], cwd="/"), py.parents[2])


_arm64_root = None


def arm64_root() -> Path:
    global _arm64_root
    if _arm64_root is None:
        _arm64_root = Path(run(["bash", ROOT / "scripts" / "release" / "sysroot-arm64.sh"]).strip())
    return _arm64_root


def check_wheel_aarch64_under_qemu():
    assert QEMU, "qemu-aarch64 missing (Debian: qemu-user)"
    d = fresh("qemu-wheel")
    # Host pip installs for the foreign platform, as pip on an aarch64 box would choose.
    run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index", "--no-deps",
         "--target", d / "site", "--platform", "manylinux2014_aarch64", "--python-version", "3.11",
         "--only-binary=:all:", wheel_for("aarch64-unknown-linux-gnu")])
    root = arm64_root()
    env = dict(os.environ, PYTHONPATH=str(d / "site"), PYTHONNOUSERSITE="1")
    arch = run([QEMU, "-L", root, root / "usr/bin/python3.11", "-c",
                "import platform, skuwire; print(platform.machine(), skuwire.__version__)"], env=env).split()
    assert arch == ["aarch64", VERSION], arch
    assert_quickstart(lambda f: run([QEMU, "-L", root, root / "usr/bin/python3.11", f], env=env, cwd="/"), d)


def dlopen_tool(target: str) -> Path:
    """A tiny C program (built with zig) that dlopen()s each argument with RTLD_NOW."""
    arch = target.split("-")[0]
    out = WORK / f"dlopen-{arch}"
    if not out.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        run([sys.executable, "-m", "ziglang", "cc", "-target", f"{arch}-linux-musl", "-dynamic", "-O1",
             "-o", out, ROOT / "scripts" / "release" / "dlopen.c"])
    return out


def musl_load(target: str, *libs: Path) -> str:
    tool = dlopen_tool(target)
    if target.startswith("x86_64"):
        assert Path("/lib/ld-musl-x86_64.so.1").exists(), "Debian's musl package is missing"
        p = subprocess.run([tool, *libs], capture_output=True, text=True)
    else:
        assert QEMU, "qemu-aarch64 missing (Debian: qemu-user)"
        p = subprocess.run([QEMU, "-L", arm64_root(), tool, *libs], capture_output=True, text=True)
    return f"{p.returncode} {p.stdout}{p.stderr}"


def python_stub(target: str, names: list[str], d: Path) -> Path:
    """A stand-in libpython defining the given symbols (only their names matter to the loader)."""
    src = d / "stub.c"
    src.write_text("".join(f"char {n}[64];\n" for n in names))
    out = d / "libpython-stub.so"
    run([sys.executable, "-m", "ziglang", "cc", "-target", f"{target.split('-')[0]}-linux-musl", "-shared",
         "-o", out, src])
    return out


def make_check_musl_load(target):
    def check():
        d = fresh(f"musl-{target}")
        so = d / "_skuwire.so"
        so.write_bytes(wheel_module(wheel_for(target)))
        py_api = sorted({n for n, bind in elf_facts(so.read_bytes())["undefined"] if n.startswith(("Py", "_Py"))})
        full = python_stub(target, py_api, d)
        out = musl_load(target, full, so)
        assert out.startswith("0 "), out
        # The control: one CPython symbol left out, and binding now must fail.
        (d / "partial").mkdir()
        partial = python_stub(target, py_api[1:], d / "partial")
        out = musl_load(target, partial, so)
        assert not out.startswith("0 ") and py_api[0] in out, out
        node = d / "skuwire.node"
        pid = TARGETS[target]["id"]
        with tarfile.open(npm_tarball(f"skuwire-{pid}")) as t:
            node.write_bytes(t.extractfile(f"package/skuwire.{pid}.node").read())
        out = musl_load(target, node)
        assert out.startswith("0 "), out
    check.__name__ = f"check_musl_loader_binds_every_symbol[{target}]"
    return check


# --------------------------------------------------------------- npm

def node_quickstart() -> tuple[str, str]:
    text = (ROOT / "bindings-node" / "README.md").read_text(encoding="utf-8")
    cjs = re.search(r"```js\n(.*?)```", text, re.S).group(1)
    m = re.search(r"const (\{[^}]*\}) = require\('skuwire'\)", cjs)
    assert m, "the quickstart requires skuwire"
    esm = cjs.replace(m.group(0), f"import {m.group(1)} from 'skuwire'")
    return cjs, esm


def masked(out: str) -> str:
    """The quickstart's output without what depends on the clock (timestamp and signature)."""
    out = re.sub(r"timestamp=\d+", "timestamp=T", out)
    out = re.sub(r"timestamp: \d+", "timestamp: T", out)
    return re.sub(r"\b[0-9a-f]{32}\b", "SIGN", out)


def npm_project(name: str, tarballs: list[Path], *extra) -> Path:
    d = fresh(name)
    (d / "package.json").write_text(json.dumps({"name": name, "version": "1.0.0", "private": True}))
    cache = d / ".empty-npm-cache"
    run(["npm", "install", "--offline", "--cache", cache, "--no-audit", "--no-fund", "--loglevel=error",
         *extra, *tarballs], cwd=d, env=NPM_ENV)
    return d


def run_node_quickstart(d: Path, node_cmd: list) -> None:
    cjs, esm = node_quickstart()
    (d / "quickstart.cjs").write_text(cjs, encoding="utf-8")
    (d / "quickstart.mjs").write_text(esm, encoding="utf-8")
    outs = [masked(run([*node_cmd, d / f], cwd=d)) for f in ("quickstart.cjs", "quickstart.mjs")]
    assert outs[0] == outs[1], outs
    out = outs[0]
    text = (ROOT / "bindings-node" / "README.md").read_text(encoding="utf-8")
    rest = text[text.index(cjs) + len(cjs):]
    expected = re.search(r"```text\n(.*?)```", rest, re.S).group(1)
    assert out == masked(expected), f"quickstart printed:\n{out}\nREADME says:\n{expected}"


def installed(d: Path) -> list[str]:
    return sorted(p.name for p in (d / "node_modules").iterdir() if not p.name.startswith("."))


def check_npm_offline_install_x64():
    d = npm_project("npm-x64", [npm_tarball("skuwire"), npm_tarball("skuwire-linux-x64-gnu")])
    # npm skips the other platforms' optional packages (os/cpu/libc), offline.
    assert installed(d) == ["skuwire", "skuwire-linux-x64-gnu"], installed(d)
    run_node_quickstart(d, ["node"])
    version = run(["node", "-p", "require('skuwire').VERSION"], cwd=d).strip()
    assert version == VERSION, version


def check_npm_offline_install_arm64_under_qemu():
    assert QEMU, "qemu-aarch64 missing (Debian: qemu-user)"
    d = npm_project("npm-arm64", [npm_tarball("skuwire"), npm_tarball("skuwire-linux-arm64-gnu")],
                    # --force: npm checks a package named on the command line against this
                    # machine (x64) even when told which platform to install for.
                    "--cpu=arm64", "--os=linux", "--libc=glibc", "--force")
    assert installed(d) == ["skuwire", "skuwire-linux-arm64-gnu"], installed(d)
    root = arm64_root()
    node = [QEMU, "-L", root, root / "usr/bin/node"]
    assert run([*node, "-p", "process.arch + ' ' + process.version"], cwd=d).startswith("arm64 v18.")
    run_node_quickstart(d, node)


def check_browser_package_in_node_and_chromium():
    d = npm_project("npm-browser", [npm_tarball("skuwire-browser")])
    assert installed(d) == ["skuwire-browser"], installed(d)
    readme = (ROOT / "bindings-wasm" / "README.md").read_text(encoding="utf-8")
    item = re.search(r"const item = (\{.*?\});", readme, re.S).group(1)
    probe = f"""
const OP = 'goods.Goods.batchPush';
const item = {item};
const bad = {{ ...item, goods_no: 'G'.repeat(41) }};
const result = {{
  version: version(),
  valid: validate(OP, item, {{ strict: false }}),
  invalid: validate(OP, bad).map((e) => [e.type, e.loc.join('.')]),
  calls: plan(OP, Array.from({{ length: 60 }}, (_, i) => ({{ ...item, goods_no: 'G' + i,
    spec_list: [{{ ...item.spec_list[0], spec_no: 'S' + i }}] }}))).batches.map((b) => b.indices.length),
}};
"""
    want = {"version": VERSION, "valid": [], "invalid": [["string_too_long", "goods_no"]], "calls": [50, 10]}
    (d / "node.mjs").write_text(
        "import { readFileSync } from 'node:fs';\n"
        "import { fileURLToPath } from 'node:url';\n"
        "import init, { validate, plan, version } from 'skuwire-browser';\n"
        "await init({ module_or_path: readFileSync(fileURLToPath(import.meta.resolve('skuwire-browser/skuwire_bg.wasm'))) });\n"
        + probe + "console.log(JSON.stringify(result));\n", encoding="utf-8")
    assert json.loads(run(["node", d / "node.mjs"], cwd=d)) == want
    # The page imports the installed package as a browser would, by URL.
    (d / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><script type=module>\n"
        "import init, { validate, plan, version } from './node_modules/skuwire-browser/skuwire.js';\n"
        "await init();\n" + probe + "document.body.dataset.result = JSON.stringify(result);\n</script><body>",
        encoding="utf-8")
    playwright = ROOT / "bindings-wasm" / "node_modules" / "playwright-core"
    assert playwright.is_dir(), "playwright-core missing: scripts/setup-wasm.sh installs it"
    out = run(["node", ROOT / "scripts" / "release" / "browser_page.cjs", playwright, d], cwd=d)
    assert json.loads(out) == want, out


# --------------------------------------------------------------- runner

CHECKS = [
    check_checksums, check_inventory, check_sdist_contents, check_main_npm_package, check_browser_npm_package,
    *[make_check_wheel(t) for t in TARGETS], *[make_check_addon(t) for t in TARGETS],
    check_wheel_x86_64_in_clean_venv, check_wheel_musl_x86_64_in_clean_venv, check_wheel_aarch64_under_qemu,
    *[make_check_musl_load(t) for t in TARGETS if t.endswith("-musl")],
    check_npm_offline_install_x64, check_npm_offline_install_arm64_under_qemu,
    check_browser_package_in_node_and_chromium, check_sdist_builds_in_clean_venv,
]


def main(argv):
    only = argv[1:]
    passed = failed = 0
    for check in CHECKS:
        if only and not any(o in check.__name__ for o in only):
            continue
        print(f"[check-dist] {check.__name__} …", flush=True)
        try:
            check()
        except Exception:  # noqa: BLE001 — every failure is reported, the rest still run
            failed += 1
            print(f"FAILED {check.__name__}\n{traceback.format_exc()}", flush=True)
        else:
            passed += 1
            print(f"ok     {check.__name__}", flush=True)
    print(f"release: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
