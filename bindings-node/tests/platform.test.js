'use strict'
// The per-platform packages and the loader: which package each platform
// gets, that bindings-node/npm/ holds exactly those packages at this
// version, and what a user sees when the addon package is missing or of
// another version (run against a copy of the loader in a scratch folder).

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { PLATFORM_IDS, platformId, isMusl } = require('../platform.js')

const pkgDir = path.join(__dirname, '..')
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))

test('platformId: one package per released platform, null elsewhere', () => {
  assert.equal(platformId('linux', 'x64', false), 'linux-x64-gnu')
  assert.equal(platformId('linux', 'x64', true), 'linux-x64-musl')
  assert.equal(platformId('linux', 'arm64', false), 'linux-arm64-gnu')
  assert.equal(platformId('linux', 'arm64', true), 'linux-arm64-musl')
  assert.equal(platformId('darwin', 'x64'), 'darwin-x64')
  assert.equal(platformId('darwin', 'arm64'), 'darwin-arm64')
  assert.equal(platformId('win32', 'x64'), 'win32-x64-msvc')
  for (const [p, a] of [['win32', 'arm64'], ['linux', 'arm'], ['freebsd', 'x64'], ['linux', 'ia32'], ['android', 'arm64']]) {
    assert.equal(platformId(p, a, false), null, `${p}-${a}`)
  }
  // This machine: glibc Linux (Debian) — the test command's own platform.
  if (process.platform === 'linux') assert.equal(isMusl(), !process.report.getReport().header.glibcVersionRuntime)
})

test('npm/<id>/package.json: one per platform, at this version, with os/cpu/libc and the addon as main', () => {
  const dirs = fs.readdirSync(path.join(pkgDir, 'npm')).sort()
  assert.deepEqual(dirs, [...PLATFORM_IDS].sort())
  const triples = { 'linux-x64-gnu': 'x86_64-unknown-linux-gnu', 'linux-arm64-gnu': 'aarch64-unknown-linux-gnu',
    'linux-x64-musl': 'x86_64-unknown-linux-musl', 'linux-arm64-musl': 'aarch64-unknown-linux-musl',
    'darwin-x64': 'x86_64-apple-darwin', 'darwin-arm64': 'aarch64-apple-darwin', 'win32-x64-msvc': 'x86_64-pc-windows-msvc' }
  assert.deepEqual([...pkg.napi.targets].sort(), Object.values(triples).sort())
  for (const id of PLATFORM_IDS) {
    const p = JSON.parse(fs.readFileSync(path.join(pkgDir, 'npm', id, 'package.json'), 'utf8'))
    const [platform, arch, abi] = id.split('-')
    assert.equal(p.name, `${pkg.name}-${id}`)
    assert.equal(p.version, pkg.version)
    assert.equal(p.license, pkg.license)
    assert.deepEqual(p.os, [platform])
    assert.deepEqual(p.cpu, [arch])
    if (platform === 'linux') assert.deepEqual(p.libc, [abi === 'musl' ? 'musl' : 'glibc'])
    else assert.equal(p.libc, undefined)
    assert.equal(p.main, `${pkg.binaryName || pkg.napi.binaryName}.${id}.node`)
    assert.deepEqual(p.files, [p.main, 'LICENSE-MIT', 'LICENSE-APACHE'])
    assert.equal(platformId(platform, arch, abi === 'musl'), id)
    assert.ok(fs.readFileSync(path.join(pkgDir, 'npm', id, 'README.md'), 'utf8').includes(triples[id]))
  }
})

/** A scratch copy of the main package's loader (no local addon), with node_modules as given. */
function scratch(t, platformPkg) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skuwire-loader-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  const main = path.join(dir, 'node_modules', pkg.name)
  fs.mkdirSync(main, { recursive: true })
  for (const f of ['binding.js', 'platform.js', 'package.json']) fs.copyFileSync(path.join(pkgDir, f), path.join(main, f))
  if (platformPkg) {
    const id = platformId()
    const dst = path.join(dir, 'node_modules', `${pkg.name}-${id}`)
    fs.mkdirSync(dst)
    const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'npm', id, 'package.json'), 'utf8'))
    fs.writeFileSync(path.join(dst, 'package.json'), JSON.stringify({ ...manifest, ...platformPkg.manifest }))
    fs.copyFileSync(path.join(pkgDir, `${pkg.name}.${id}.node`), path.join(dst, manifest.main))
  }
  return dir
}

function loadIn(dir) {
  return execFileSync(process.execPath, ['-e', `
    try { const b = require(${JSON.stringify(path.join(dir, 'node_modules', pkg.name, 'binding.js'))}); console.log('loaded', typeof b.constants) }
    catch (e) { console.log('error', e.message) }`], { cwd: dir, encoding: 'utf8' }).trim()
}

test('loader: the platform package of the same version loads', (t) => {
  assert.equal(loadIn(scratch(t, { manifest: {} })), 'loaded function')
})

test('loader: a missing platform package says which one and how to install it', (t) => {
  const out = loadIn(scratch(t, null))
  const want = `${pkg.name}-${platformId()}@${pkg.version}`
  assert.ok(out.startsWith('error ') && out.includes('is not installed') && out.includes(`npm install ${want}`), out)
})

test('loader: a platform package of another version is refused', (t) => {
  const out = loadIn(scratch(t, { manifest: { version: '0.0.0-other' } }))
  assert.ok(out.startsWith('error ') && out.includes('is version 0.0.0-other') && out.includes(pkg.version), out)
})
