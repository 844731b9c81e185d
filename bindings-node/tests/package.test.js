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
  for (const f of ['index.js', 'index.mjs', 'index.d.ts', 'index.d.mts', 'registry.d.ts', 'binding.js', 'platform.js',
    'README.md', 'LICENSE-MIT', 'LICENSE-APACHE']) {
    assert.ok(shipped.includes(f), `${f} is shipped`)
  }
  // The addon ships in the per-platform packages (npm/<id>/), never in this one.
  assert.ok(!pkg.files.some((f) => f.endsWith('.node')), 'no addon in the main package')
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
  // The platforms are the core's (Platform::ALL), at run time and in the types.
  assert.deepEqual(union('PlatformName'), [...sw.PLATFORMS])
  assert.deepEqual([...new Set(ops.map((o) => o.platform))].sort(), [...sw.PLATFORMS].sort())
  assert.ok(Object.isFrozen(sw.PLATFORMS))
  for (const p of sw.PLATFORMS) {
    const cap = p[0].toUpperCase() + p.slice(1)
    assert.deepEqual(union(`${cap}PushOperationName`), ops.filter((o) => o.platform === p && o.kind === 'push').map((o) => o.name))
  }
  assert.deepEqual(union('ErrorTypeName'), sw.errorTypes().map((t) => t.type))
  // The whole file (closed sets, item types) is what the generator makes from this addon.
  const check = execFileSync(process.execPath, [path.join(pkgDir, 'tools', 'gen-registry.js'), '--check'], { cwd: pkgDir, encoding: 'utf8' })
  assert.match(check, /is current/)
})

/** The members of a generated union in registry.d.ts. */
function registryUnion(name) {
  const text = fs.readFileSync(path.join(pkgDir, 'registry.d.ts'), 'utf8')
  const m = text.match(new RegExp(`export type ${name} = (.*)`))
  assert.ok(m, name)
  return m[1] === 'never' ? [] : m[1].split(' | ').map((s) => JSON.parse(s))
}

test('every outcome reason, retry and status the shared vectors expect is in the generated unions', () => {
  const reasons = new Set(registryUnion('Reason'))
  const retries = new Set(registryUnion('Retry'))
  const statuses = new Set(registryUnion('Status'))
  const dir = path.join(pkgDir, '..', 'tests', 'vectors')
  let seen = 0
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const v = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))
    if (v.kind !== 'parse') continue
    seen += 1
    if (typeof v.expected.reason === 'string') assert.ok(reasons.has(v.expected.reason), `${f}: ${v.expected.reason}`)
    if (typeof v.expected.retry === 'string') assert.ok(retries.has(v.expected.retry), `${f}: ${v.expected.retry}`)
    if (typeof v.expected.status === 'string') assert.ok(statuses.has(v.expected.status), `${f}: ${v.expected.status}`)
  }
  assert.ok(seen > 10, 'parse vectors found')
})

test('outcomes and errors at run time only carry names from the generated unions', () => {
  const reasons = new Set(registryUnion('Reason'))
  const retries = new Set(registryUnion('Retry'))
  const codes = new Set(registryUnion('ErrorCode'))
  const client = new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'a:b', baseUrl: sw.FLAGSHIP_TEST_URL })
  const [batch] = client.plan('goods.Goods.batchPush', [{ goods_no: 'G', goods_name: 'n', spec_list: [{ spec_no: 'S' }] }])
  const answers = [
    [200, '{"status":7,"message":"时间戳过期"}'],
    [200, '{"status":100,"message":"接口调用频率超过限制"}'],
    [429, ''],
    [502, '<html>bad gateway</html>'],
    [200, ''],
    [200, '{"status":0,"data":{"error_list":[{"no":"G","error":"分类不存在"}]}}'],
    [200, 'not json'],
  ]
  for (const [status, body] of answers) {
    const o = batch.parse(status, body)
    assert.ok(o.reason === null || reasons.has(o.reason), o.reason)
    assert.ok(retries.has(o.retry), o.retry)
  }
  assert.ok(reasons.has(batch.transportError('timeout').reason))
  const thrown = [
    () => sw.validate('nope', []),
    () => client.plan('goods.Goods.batchPush', [{}]),
    () => new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'no-colon', baseUrl: sw.FLAGSHIP_TEST_URL }),
    () => client.plan('goods.Goods.batchPush', [], { maxItems: 99 }),
  ]
  for (const f of thrown) {
    assert.throws(f, (e) => e instanceof sw.SkuwireError && codes.has(e.code), String(f))
  }
})

test('the generated item types accept what the core accepts and refuse its type errors (shared vectors and the README example, tsc)', () => {
  // Every item of every validate vector becomes one typed declaration. An
  // item the core refuses for a reason a type can express (a missing
  // required field, a wrong JSON type, a value outside an enum) must fail to
  // compile; every other item (valid, or refused for a length, a digit
  // count, a duplicate…) must compile. tsc fails on either disagreement.
  const dir = path.join(pkgDir, '..', 'tests', 'vectors')
  const pushOps = new Set(sw.operations().filter((o) => o.kind === 'push').map((o) => o.name))
  const described = new Map(require('../binding.js').describeOperations().map((d) => [d.name, d]))
  const typeLevel = (op, rec, loc) => {
    switch (rec.type) {
      case 'missing':
        // only a field the page marks required; "required when…" rules are the core's own
        return fieldAt(described.get(op).item, loc)?.required === true
      case 'string_type':
      case 'list_type':
      case 'dict_type':
      case 'bool_type':
      case 'decimal_type':
        return true
      case 'enum':
        // a documented enum is a literal union; an enum checked inside a custom rule is typed by what the rule takes
        return fieldAt(described.get(op).item, loc)?.kind?.enum !== undefined
      case 'int_type': {
        // integers may be numbers or integer text; only other JSON types are type errors —
        // except for an integer enum, whose type lists its values' text too, so other text is refused
        const isEnum = fieldAt(described.get(op).item, loc)?.kind?.enum !== undefined
        return (typeof rec.input !== 'number' && typeof rec.input !== 'string') || (isEnum && typeof rec.input === 'string')
      }
      default:
        return false
    }
  }
  const lines = [
    '// Generated by tests/package.test.js from tests/vectors; deleted after the check.',
    "import type { ItemOf } from 'skuwire'",
  ]
  let n = 0
  let refused = 0
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const v = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))
    if (v.kind !== 'validate' || !pushOps.has(v.op)) continue
    const single = !Array.isArray(v.payload)
    const items = single ? [v.payload] : v.payload
    items.forEach((item, i) => {
      const records = v.expected.errors.filter((r) => (single ? true : r.loc[0] === i))
      const refusedByType = records.some((r) => {
        const loc = single ? r.loc : r.loc.slice(1)
        return typeLevel(v.op, { ...r, input: inputAt(item, loc) }, loc)
      })
      lines.push(`// ${f} item ${i}: ${records.map((r) => r.type).join(', ') || 'valid'}`)
      if (refusedByType) {
        lines.push('// @ts-expect-error')
        refused += 1
      }
      lines.push(`export const v${n++}: ItemOf<${JSON.stringify(v.op)}> = ${JSON.stringify(item)}`)
    })
  }
  assert.ok(n > 30 && refused > 5, `${n} items, ${refused} refused by type`)
  const file = path.join(pkgDir, 'tests', 'types', '.vectors.generated.ts')
  fs.writeFileSync(file, lines.join('\n') + '\n')
  // The README's typed example (its one ```ts block), with its expected error.
  const readme = fs.readFileSync(path.join(pkgDir, 'README.md'), 'utf8')
  const typed = readme.match(/```ts\n([\s\S]*?)```/)[1]
  assert.match(typed, /@ts-expect-error/)
  const readmeFile = path.join(pkgDir, 'tests', 'types', '.readme.generated.ts')
  fs.writeFileSync(readmeFile, `export {}\n${typed}`)
  try {
    const tsc = path.join(pkgDir, 'node_modules', 'typescript', 'bin', 'tsc')
    // --skipLibCheck: the typings themselves are checked by scripts/test-node.sh; here only their use.
    const args = [tsc, '--noEmit', '--skipLibCheck', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', file, readmeFile]
    try {
      execFileSync(process.execPath, args, { cwd: pkgDir, encoding: 'utf8' })
    } catch (e) {
      assert.fail(`tsc disagrees with the core:\n${e.stdout}`)
    }
  } finally {
    if (!process.env.SKUWIRE_KEEP_GENERATED) {
      fs.rmSync(file, { force: true })
      fs.rmSync(readmeFile, { force: true })
    }
  }
})

/** The described field at `loc` (list indexes skipped), or undefined. */
function fieldAt(schema, loc) {
  let kind = schema
  let field
  for (const k of loc) {
    while (kind && kind.type === 'list') kind = kind.items
    if (typeof k === 'number') continue
    field = kind && kind.type === 'object' ? kind.fields.find((f) => f.name === k) : undefined
    if (!field) return undefined
    kind = field.kind
  }
  return field
}

/** The value at `loc` inside `item` (undefined when absent). */
function inputAt(item, loc) {
  let v = item
  for (const k of loc) {
    if (v === null || typeof v !== 'object') return undefined
    v = v[k]
  }
  return v
}

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

test('the README quickstart (one-call push) runs as pasted and prints what the README shows', () => {
  const readme = fs.readFileSync(path.join(pkgDir, 'README.md'), 'utf8')
  const [, code, shown] = readme.match(/```js\n([\s\S]*?)```\n\nIt prints:\n\n```text\n([\s\S]*?)```/)
  const file = path.join(pkgDir, 'tests', '.readme-quickstart.js')
  fs.writeFileSync(file, code)
  try {
    const env = { ...process.env }
    for (const k of Object.keys(env)) if (k.startsWith('SKUWIRE_')) delete env[k]
    const out = execFileSync(process.execPath, [file], { cwd: pkgDir, encoding: 'utf8', env })
    assert.equal(out, shown)
    assert.ok(!out.includes('mysalt'), 'the salt is not printed')
  } finally {
    fs.rmSync(file, { force: true })
  }
})

test("the README's one-call-at-a-time example runs as pasted", () => {
  const readme = fs.readFileSync(path.join(pkgDir, 'README.md'), 'utf8')
  const code = readme.match(/```js\n(\/\/ one call at a time\n[\s\S]*?)```/)[1]
  const file = path.join(pkgDir, 'tests', '.readme-one-call.js')
  fs.writeFileSync(file, code)
  try {
    const env = { ...process.env }
    for (const k of Object.keys(env)) if (k.startsWith('SKUWIRE_')) delete env[k]
    const out = execFileSync(process.execPath, [file], { cwd: pkgDir, encoding: 'utf8', env })
    assert.match(out, /Request \{/)
    assert.match(out, /salt=\*\*\+REDACTED\+\*\*/)
    assert.ok(!out.includes('mysalt'), 'the salt is not printed')
    assert.match(out, /partial accepted \[ 0 \] rejected \[ \{ index: 1, key: 'G002', message: '品牌不存在' \} \] retry no/)
  } finally {
    fs.rmSync(file, { force: true })
  }
})
