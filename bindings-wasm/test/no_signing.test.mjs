// No signing in the browser: a secret shipped to a browser is a leaked
// secret. These tests inspect what is actually shipped.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import { PKG, RAW_WASM, ROOT } from './pkg.mjs';

const TARGETS = ['web', 'bundler', 'nodejs'];
const PUBLIC = ['errorTypes', 'isSkuwireError', 'operations', 'plan', 'validate', 'version'];
// Words of signing and credentials (case-insensitive; `unsigned`/`assign` do not match).
const SIGNING = /\bsign|md_?5|appsecret|\bsalt\b|\btoken\b|\bsecret|credential/i;
const BUDGET_GZIP_BYTES = 150_000;

for (const target of TARGETS) {
  test(`${target}: the .wasm exports only the public functions and wasm-bindgen internals`, () => {
    const mod = new WebAssembly.Module(fs.readFileSync(path.join(PKG, target, 'skuwire_bg.wasm')));
    const names = WebAssembly.Module.exports(mod).map((e) => e.name);
    const api = names.filter((n) => !n.startsWith('__') && n !== 'memory' && n !== 'start');
    assert.deepEqual(api.sort(), PUBLIC);
    assert.deepEqual(names.filter((n) => SIGNING.test(n)), []);
  });

  test(`${target}: the generated JS and .d.ts neither export nor mention signing`, () => {
    const files = fs.readdirSync(path.join(PKG, target), { recursive: true }).filter((f) => /\.(js|d\.ts)$/.test(f));
    assert.ok(files.some((f) => f.includes('snippets')), 'the JS snippets are scanned too');
    assert.ok(files.some((f) => f.endsWith('.d.ts')));
    for (const f of files) {
      const text = fs.readFileSync(path.join(PKG, target, f), 'utf8');
      const hits = text.split('\n').filter((line) => SIGNING.test(line));
      assert.deepEqual(hits, [], `${target}/${f}`);
    }
    const dts = fs.readFileSync(path.join(PKG, target, 'skuwire.d.ts'), 'utf8');
    const fns = [...dts.matchAll(/^export function (\w+)/gm)].map((m) => m[1]).filter((n) => !/^(initSync)$/.test(n));
    assert.deepEqual(fns.sort(), PUBLIC);
  });

  test(`${target}: size budget, ${BUDGET_GZIP_BYTES} bytes gzipped after wasm-opt -Oz`, () => {
    const bytes = fs.readFileSync(path.join(PKG, target, 'skuwire_bg.wasm'));
    const gz = zlib.gzipSync(bytes, { level: 9 }).length;
    console.log(`# ${target}/skuwire_bg.wasm: ${bytes.length} bytes, ${gz} gzipped`);
    assert.ok(gz <= BUDGET_GZIP_BYTES, `${gz} bytes gzipped is over the budget`);
  });
}

test('no signing code was compiled in (function names of the unstripped build)', () => {
  const mod = new WebAssembly.Module(fs.readFileSync(RAW_WASM));
  const [section] = WebAssembly.Module.customSections(mod, 'name');
  assert.ok(section, 'the cargo artifact keeps its name section');
  const text = Buffer.from(section).toString('latin1');
  assert.ok(/skuwire/.test(text) && /validate/.test(text), 'names are readable');
  // md-5, the sign-only modules' types, and sign functions of the core.
  for (const re of [/md_?5/i, /Flagship/, /Enterprise/, /Ymcart/, /6Secret/, /string_to_sign/, /[^0-9]4sign[^a-z_]/]) {
    assert.equal(re.exec(text), null, `found ${re}`);
  }
});

function cargoTree(args) {
  const cargo = fs.existsSync('/usr/bin/cargo') ? '/usr/bin/cargo' : 'cargo';
  const env = { ...process.env, RUSTC: process.env.RUSTC || '/usr/bin/rustc' };
  delete env.RUSTUP_TOOLCHAIN;
  return execFileSync(cargo, ['tree', '-e', 'features', '--target', 'wasm32-unknown-unknown', ...args], { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test('cargo tree: the wasm crate pulls no `sign` feature and no md-5 (normal, build and dev)', () => {
  const tree = cargoTree(['-p', 'skuwire-wasm']);
  assert.match(tree, /skuwire v/);
  assert.doesNotMatch(tree, /feature "sign"/);
  assert.doesNotMatch(tree, /md-5|md5/);
  // The same query with the feature switched on does show it: the check can fail.
  const signed = cargoTree(['-p', 'skuwire-wasm', '--features', 'skuwire/sign']);
  assert.match(signed, /md-5/);
});
