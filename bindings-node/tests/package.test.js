'use strict'
// The package as users install it: require and import both work, the
// exports map carries types, the shipped typings hold no `any`, the
// generated unions match the registry, and the README quickstart runs.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const sw = require('..')

const pkgDir = path.join(__dirname, '..')
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))

function shippedFiles() {
  // The `files` patterns are plain names or a single `*` glob.
  const all = fs.readdirSync(pkgDir)
  return pkg.files.flatMap((pattern) => {
    if (!pattern.includes('*')) return fs.existsSync(path.join(pkgDir, pattern)) ? [pattern] : []
    const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
    return all.filter((f) => re.test(f))
  })
}

test('package.json: engines, files, and an exports map with types for import and require', () => {
  assert.ok(pkg.engines && pkg.engines.node)
  const dot = pkg.exports['.']
  assert.equal(dot.require.types, './index.d.ts')
  assert.equal(dot.require.default, './index.js')
  assert.equal(dot.import.types, './index.d.mts')
  assert.equal(dot.import.default, './index.mjs')
  const shipped = shippedFiles()
  for (const f of ['index.js', 'index.mjs', 'index.d.ts', 'index.d.mts', 'registry.d.ts', 'binding.js', 'README.md']) {
    assert.ok(shipped.includes(f), `${f} is shipped`)
  }
  assert.ok(shipped.some((f) => f.endsWith('.node')), 'the addon is shipped')
})

test('the shipped typings hold no `any`', () => {
  const typings = shippedFiles().filter((f) => /\.d\.m?ts$/.test(f))
  assert.ok(typings.length >= 4)
  for (const f of typings) {
    const text = fs.readFileSync(path.join(pkgDir, f), 'utf8')
    const hits = text.split('\n').filter((line) => /\bany\b/.test(line))
    assert.deepEqual(hits, [], f)
  }
})

test('registry.d.ts is generated from the registry: one union member per operation', () => {
  const text = fs.readFileSync(path.join(pkgDir, 'registry.d.ts'), 'utf8')
  const union = (name) => {
    const m = text.match(new RegExp(`export type ${name} = (.*)`))
    assert.ok(m, name)
    return m[1] === 'never' ? [] : m[1].split(' | ').map((s) => JSON.parse(s))
  }
  const ops = sw.operations()
  assert.deepEqual(union('OperationName'), ops.map((o) => o.name))
  assert.deepEqual(union('PushOperationName'), ops.filter((o) => o.kind === 'push').map((o) => o.name))
  for (const p of ['flagship', 'enterprise', 'ymcart']) {
    const cap = p[0].toUpperCase() + p.slice(1)
    assert.deepEqual(union(`${cap}PushOperationName`), ops.filter((o) => o.platform === p && o.kind === 'push').map((o) => o.name))
  }
  assert.deepEqual(union('ErrorTypeName'), sw.errorTypes().map((t) => t.type))
})

test('every outcome reason the shared vectors expect is in the Reason type', () => {
  const dts = fs.readFileSync(path.join(pkgDir, 'index.d.ts'), 'utf8')
  const block = dts.slice(dts.indexOf('export type Reason ='))
  const declared = new Set([...block.slice(0, block.indexOf('\n\n')).matchAll(/'([a-z_]+)'/g)].map((m) => m[1]))
  const dir = path.join(pkgDir, '..', 'tests', 'vectors')
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const v = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))
    if (v.kind === 'parse' && typeof v.expected.reason === 'string') assert.ok(declared.has(v.expected.reason), `${f}: ${v.expected.reason}`)
  }
})

test('require and import give the same API', () => {
  const script = `
    import * as esm from 'skuwire'
    import def from 'skuwire'
    import { createRequire } from 'node:module'
    const cjs = createRequire(${JSON.stringify(path.join(pkgDir, 'x.js'))})('skuwire')
    const names = Object.keys(cjs).sort()
    const missing = names.filter((n) => esm[n] !== cjs[n])
    if (missing.length) throw new Error('not exported to ESM: ' + missing)
    if (def !== cjs) throw new Error('default export differs')
    if (!(new esm.ValidationError('x') instanceof cjs.SkuwireError)) throw new Error('classes differ')
    console.log(names.length)
  `
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: pkgDir, encoding: 'utf8' })
  assert.ok(Number(out.trim()) >= 20, out)
})

test('the README quickstart runs as pasted', () => {
  const readme = fs.readFileSync(path.join(pkgDir, 'README.md'), 'utf8')
  const code = readme.match(/```js\n([\s\S]*?)```/)[1]
  const file = path.join(pkgDir, 'tests', '.readme-quickstart.js')
  fs.writeFileSync(file, code)
  try {
    const env = { ...process.env }
    delete env.SKUWIRE_SEND
    const out = execFileSync(process.execPath, [file], { cwd: pkgDir, encoding: 'utf8', env })
    assert.match(out, /Request \{/)
    assert.match(out, /salt=\*\*\+REDACTED\+\*\*/)
    assert.ok(!out.includes('mysalt'), 'the salt is not printed')
    assert.match(out, /partial accepted \[ 0 \] rejected \[ \{ index: 1, key: 'G002', message: '品牌不存在' \} \] retry no/)
  } finally {
    fs.rmSync(file, { force: true })
  }
})
