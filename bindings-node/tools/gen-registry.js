'use strict'
// Writes registry.d.ts from the core, read through the freshly built addon:
// the string-literal unions of operation names, error types, outcome
// reasons, retry advice, statuses and error codes, and one item type per
// push operation generated from the core's item schema
// (`Operation::describe`). Run by scripts/build-node.sh after `napi build`;
// never edit the output by hand. With `--check` it only reports whether the
// file on disk is current (exit 1 when not).

const fs = require('node:fs')
const path = require('node:path')
const native = require('../binding.js')

const union = (names) => (names.length === 0 ? 'never' : names.map((n) => JSON.stringify(n)).join(' | '))
const ops = native.operations()
const described = new Map(native.describeOperations().map((d) => [d.name, d]))
const enums = native.enumNames()
const names = (pred) => ops.filter(pred).map((o) => o.name)
// The core's platforms (`Platform::ALL`); every operation names one of them.
const platforms = enums.platforms
for (const o of ops) if (!platforms.includes(o.platform)) throw new Error(`${o.name}: platform ${o.platform} is not in Platform::ALL`)
const cap = (s) => s[0].toUpperCase() + s.slice(1)

// ---------------------------------------------------------------- item types

/** `goods.Goods.batchPush` → `GoodsGoodsBatchPushItem`, `updateSkuQty` → `UpdateSkuQtyItem`. */
const typeName = (op) => op.replace(/\.php$/, '').split(/[^A-Za-z0-9]+/).filter(Boolean).map(cap).join('') + 'Item'

const isIdent = (s) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)
const key = (s) => (isIdent(s) ? s : JSON.stringify(s))

/** A bound the core uses for "no limit" (usize/i64 extremes arrive as exact strings). */
const unbounded = (n) => n === null || n === undefined || typeof n === 'string' || !Number.isSafeInteger(n)

/** The limits of a kind in words, for the doc comment (the core's numbers, not ours). */
function limitsText(k) {
  switch (k.type) {
    case 'string': {
      const min = k.min_length || 0
      const max = k.max_length
      if (k.enum) return `one of ${k.enum.map((v) => JSON.stringify(v)).join(', ')}`
      if (max === null || max === undefined) return min > 0 ? `string, not empty` : 'string'
      return min > 0 ? `string, ${min}–${max} characters` : `string, at most ${max} characters`
    }
    case 'integer':
      if (k.enum) return `integer, one of ${k.enum.join(', ')}`
      if (k.flags) return `integer, a sum of the flags ${k.flags.join(', ')}`
      if (unbounded(k.minimum) && unbounded(k.maximum)) return 'integer'
      if (unbounded(k.maximum)) return `integer, at least ${k.minimum}`
      if (unbounded(k.minimum)) return `integer, at most ${k.maximum}`
      return `integer, ${k.minimum}–${k.maximum}`
    case 'decimal':
      return `decimal, at most ${k.max_whole_digits} digits before the point and ${k.decimal_places} after (never rounded)`
    case 'boolean':
      return 'boolean (true/false or 0/1)'
    case 'list':
      return unbounded(k.max_items) ? `list of at least ${k.min_items}` : `list of ${k.min_items}–${k.max_items}`
    case 'object':
      return 'object'
    case 'url':
      return 'http(s) URL'
    case 'datetime':
      return `date-time text, ${k.format} (Beijing time)`
    case 'custom':
      // The core's own words for a rule written as code.
      return k.summary || 'checked by a rule of its own in the core'
    default:
      return 'free-form JSON'
  }
}

/** The TypeScript type that accepts what the core accepts for a kind. */
function tsType(k, indent) {
  switch (k.type) {
    case 'string':
      return k.enum ? union(k.enum) : 'string'
    case 'integer':
      // The core reads integers from numbers and integer text ("12").
      if (k.enum) return union([...k.enum, ...k.enum.map(String)])
      return 'IntegerInput'
    case 'decimal':
      return 'DecimalInput'
    case 'boolean':
      return 'BooleanInput'
    case 'url':
    case 'datetime':
      return 'string'
    case 'list':
      return `ReadonlyArray<${tsType(k.items, indent)}>`
    case 'object':
      return objectType(k, indent)
    case 'custom':
      return acceptsType(k.accepts)
    default:
      // Free-form fields: any JSON value.
      return 'unknown'
  }
}

/** What a rule written as code accepts (`accepts`: the value shapes it takes). */
function acceptsType(accepts) {
  const shapes = {
    string: 'string',
    integer: 'IntegerInput',
    decimal: 'DecimalInput',
    boolean: 'BooleanInput',
    list: 'ReadonlyArray<unknown>',
    object: '{ [field: string]: unknown }',
  }
  const types = [...new Set((accepts || []).map((a) => shapes[a]))]
  // A shape this generator does not know yet: accept anything rather than refuse valid input.
  if (types.length === 0 || types.includes(undefined)) return 'unknown'
  return types.join(' | ')
}

function fieldLines(schema, indent) {
  const pad = '  '.repeat(indent)
  const out = []
  for (const f of schema.fields) {
    const doc = [f.label_zh, f.required ? 'required' : null, limitsText(f.kind)].filter(Boolean).join(' · ')
    out.push(`${pad}/** ${doc} */`)
    const t = tsType(f.kind, indent)
    const optional = t === 'unknown' ? t : `${t} | null` // null: "not given"
    out.push(f.required ? `${pad}${key(f.name)}: ${t}` : `${pad}${key(f.name)}?: ${optional}`)
  }
  const rules = (schema.rules || []).map((r) => {
    if (r.one_of) return `at least one of ${r.one_of.join(', ')}`
    if (r.conflict) return `not more than one of ${r.conflict.join(', ')}`
    return null
  }).filter(Boolean)
  const note = rules.length > 0 ? ` Rules checked by the core: ${rules.join('; ')}.` : ''
  out.push(`${pad}/** Undocumented fields pass through unchanged (\`strict\` reports them).${note} */`)
  out.push(`${pad}[field: string]: unknown`)
  return out
}

function objectType(schema, indent) {
  return ['{', ...fieldLines(schema, indent + 1), `${'  '.repeat(indent)}}`].join('\n')
}

const push = ops.filter((o) => o.kind === 'push')
const typeNames = new Map(push.map((o) => [o.name, typeName(o.name)]))
if (new Set(typeNames.values()).size !== typeNames.size) throw new Error('two operations map to one item type name')

const itemLines = []
for (const o of push) {
  const d = described.get(o.name)
  if (!d || d.item.type !== 'object') throw new Error(`no item schema for ${o.name}`)
  const limit = `at most ${d.max_items} per call${d.documented_limit ? '' : ' by default (the page gives no limit: maxItems may raise it)'}`
  itemLines.push(`/** One item of \`${o.name}\` (${d.title_zh}): ${d.item_name}; ${limit}. */`)
  itemLines.push(`export interface ${typeNames.get(o.name)} ${objectType(d.item, 0)}`)
}
itemLines.push('/** The item type of every push operation, by name. */')
itemLines.push('export interface PushItems {')
for (const o of push) itemLines.push(`  ${JSON.stringify(o.name)}: ${typeNames.get(o.name)}`)
itemLines.push('}')
itemLines.push('/** The documented item type of a push operation (`ItemOf<\'goods.Goods.batchPush\'>`). */')
itemLines.push('export type ItemOf<O extends PushOperationName> = PushItems[O]')

// ---------------------------------------------------------------- the file

const lines = [
  '// Generated by tools/gen-registry.js from the core registry (skuwire ' + native.constants().version + '). Do not edit.',
  '',
  '/** Every operation skuwire models. */',
  `export type OperationName = ${union(names(() => true))}`,
  '/** Operations that send items (planned into batches). */',
  `export type PushOperationName = ${union(names((o) => o.kind === 'push'))}`,
  '/** Operations that read pages. */',
  `export type QueryOperationName = ${union(names((o) => o.kind === 'query'))}`,
]
for (const p of platforms) {
  lines.push(`/** ${cap(p)} operations. */`)
  lines.push(`export type ${cap(p)}OperationName = ${union(names((o) => o.platform === p))}`)
  lines.push(`/** ${cap(p)} push operations. */`)
  lines.push(`export type ${cap(p)}PushOperationName = ${union(names((o) => o.platform === p && o.kind === 'push'))}`)
  lines.push(`/** ${cap(p)} query operations. */`)
  lines.push(`export type ${cap(p)}QueryOperationName = ${union(names((o) => o.platform === p && o.kind === 'query'))}`)
}
lines.push('/** The catalogue of validation error types. */')
lines.push(`export type ErrorTypeName = ${union(native.errorTypes().map((t) => t.type))}`)
lines.push('/** The platforms skuwire speaks to. */')
lines.push(`export type PlatformName = ${union(platforms)}`)
lines.push('/** Why a call did not fully succeed (`outcome.reason`). */')
lines.push(`export type Reason = ${union(enums.reasons)}`)
lines.push('/** What to do next (`outcome.retry`): `resign` = fix the clock offset and sign again; `backoff` = wait, then sign and send again; `resend` = sign and send again. */')
lines.push(`export type Retry = ${union(enums.retries)}`)
lines.push('/** `outcome.status`: everything accepted, some accepted, or nothing accepted. */')
lines.push(`export type Status = ${union(enums.statuses)}`)
lines.push('/** `SkuwireError.code`: the core\'s error codes (`internal`: a bug in skuwire). */')
lines.push(`export type ErrorCode = ${union(enums.errorCodes)}`)
lines.push('')
lines.push('/** A decimal (money, quantities): a decimal string such as `\'59.90\'` (recommended) or a finite number, taken as its shortest round-trip decimal. Never rounded. */')
lines.push('export type DecimalInput = string | number')
lines.push('/** An integer: a number, a BigInt or integer text (`\'12\'`). */')
lines.push('export type IntegerInput = number | bigint | string')
lines.push('/** `true`/`false`, or `0`/`1` as the vendor pages also write. */')
lines.push('export type BooleanInput = boolean | 0 | 1')
lines.push('')
lines.push(...itemLines)
lines.push('')

const text = lines.join('\n')
// The package promises no `any` in its typings (tests/package.test.js checks the file too).
if (/\bany\b/.test(text)) throw new Error('generated registry.d.ts would contain the word "any"')

const out = path.join(__dirname, '..', 'registry.d.ts')
const current = fs.existsSync(out) && fs.readFileSync(out, 'utf8') === text
if (process.argv.includes('--check')) {
  console.log(current ? 'registry.d.ts is current' : 'registry.d.ts is stale: run scripts/build-node.sh')
  process.exit(current ? 0 : 1)
}
if (!current) fs.writeFileSync(out, text)
console.log(`registry.d.ts: ${ops.length} operations, ${push.length} item types`)
