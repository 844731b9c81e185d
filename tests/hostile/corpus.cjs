'use strict'
// The JS side of the hostile corpus, shared by the Node runner
// (bindings-node/tests/hostile_corpus.test.js) and the browser package's
// runner (bindings-wasm/test/hostile_corpus.test.mjs): reading corpus.json,
// expanding its directives into JS values, and checking what a host did
// against a case's expectation. Host calls stay in the runners.

const fs = require('node:fs')
const path = require('node:path')
const assert = require('node:assert/strict')

const CORPUS = JSON.parse(fs.readFileSync(path.join(__dirname, 'corpus.json'), 'utf8'))
const RECORD_KEYS = ['ctx', 'input', 'loc', 'msg', 'msg_zh', 'type']
const CJK = /[\u4e00-\u9fff]/

function isDirective(node) {
  return node !== null && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).some((k) => k.startsWith('$'))
}

/** A template with "{i}" in its strings replaced by the index. */
function fill(tpl, i) {
  if (typeof tpl === 'string') return tpl.replaceAll('{i}', String(i))
  if (Array.isArray(tpl)) return tpl.map((x) => fill(x, i))
  if (tpl !== null && typeof tpl === 'object') return Object.fromEntries(Object.entries(tpl).map(([k, v]) => [k, fill(v, i)]))
  return tpl
}

/** A corpus value as the JS value it stands for (tests/hostile/README.md). */
function expand(node) {
  if (Array.isArray(node)) return node.map(expand)
  if (node === null || typeof node !== 'object') return node
  if ('$nan' in node) return NaN
  if ('$inf' in node) return node.$inf * Infinity
  if ('$neg_zero' in node) return -0
  // JS money is a decimal string (a number would already be binary).
  if ('$decimal' in node) return node.$decimal
  if ('$float' in node) return Number(node.$float)
  if ('$bigint' in node) return BigInt(node.$bigint)
  if ('$lone_surrogate' in node) return (node.before || '') + String.fromCharCode(parseInt(node.$lone_surrogate, 16)) + (node.after || '')
  if ('$repeat' in node) return expand(node.$repeat).repeat(node.times)
  if ('$concat' in node) {
    const parts = node.$concat.map(expand)
    if (parts.some((p) => p instanceof Uint8Array)) return Buffer.concat(parts.map((p) => (p instanceof Uint8Array ? p : Buffer.from(p, 'utf8'))))
    return parts.join('')
  }
  if ('$hex' in node) return Buffer.from(node.$hex, 'hex')
  if ('$value' in node) return expand(node.$value)
  if ('$object' in node) {
    const out = {}
    for (const [k, v] of node.$object) Object.defineProperty(out, expand(k), { value: expand(v), enumerable: true, writable: true, configurable: true })
    return out
  }
  if ('$nest' in node) {
    let value = expand(node.leaf)
    for (let level = 0; level < node.$nest; level++) {
      const asList = node.shape === 'list' || (node.shape === 'mixed' && level % 2 === 0)
      value = asList ? [value] : { d: value }
    }
    return value
  }
  if ('$items' in node) {
    const at = node.at || {}
    const out = new Array(node.$items)
    for (let i = 0; i < node.$items; i++) out[i] = String(i) in at ? expand(at[String(i)]) : fill(node.template, i)
    return out.concat((node.then || []).map(expand))
  }
  assert.ok(!isDirective(node), `unknown directive in ${Object.keys(node)}`)
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, expand(v)]))
}

/** What a case's input is in JS: JSON text goes through JSON.parse, as a JS caller would. */
function payloadOf(c) {
  return 'json' in c ? JSON.parse(expand(c.json)) : expand(c.input)
}

/** `{expect, skip}` of a case for a host ("node" or "wasm"; "js" covers both). */
function view(c, host) {
  const hosts = c.hosts || {}
  const mine = hosts[host] || hosts.js || {}
  if ('skip' in mine) return { skip: mine.skip }
  return { expect: mine.expect || c.expect }
}

/** snake_case corpus options as the JS packages name them. */
function jsOptions(c) {
  const out = {}
  for (const [k, v] of Object.entries(c.options || {})) out[k.replace(/_([a-z])/g, (_, x) => x.toUpperCase())] = v
  if (c.on_invalid) out.onInvalid = c.on_invalid
  return out
}

/** A thrown value as plain data (it crosses from a worker thread). */
function describeError(e, isOurs) {
  if (isOurs(e)) {
    return { kind: 'error', code: e.code, message: e.message, msgZh: e.msgZh, records: e.code === 'validation' ? e.errors : null }
  }
  return { kind: 'crash', name: e && e.name, message: String(e && e.message), stack: String(e && e.stack) }
}

function checkRecordShape(r, errorTypes) {
  assert.deepEqual(Object.keys(r).sort(), RECORD_KEYS)
  assert.ok(errorTypes.has(r.type), r.type)
  assert.ok(Array.isArray(r.loc))
  assert.ok(typeof r.msg === 'string' && r.msg && typeof r.msg_zh === 'string' && CJK.test(r.msg_zh), JSON.stringify(r))
  assert.equal(typeof r.ctx, 'object')
}

function fits(r, w) {
  if (r.type !== w.type) return false
  if (w.loc && JSON.stringify(r.loc) !== JSON.stringify(w.loc)) return false
  if (w.loc_prefix && JSON.stringify(r.loc.slice(0, w.loc_prefix.length)) !== JSON.stringify(w.loc_prefix)) return false
  return w.loc_len === undefined || r.loc.length === w.loc_len
}

function matchRecords(records, wanted, errorTypes) {
  assert.ok(Array.isArray(records), `no records: ${JSON.stringify(records)}`)
  for (const r of records) checkRecordShape(r, errorTypes)
  const got = records.map((r) => [r.type, JSON.stringify(r.loc)]).sort()
  const want = wanted.map((w) => (Array.isArray(w) ? { type: w[0], loc: w[1] } : w))
  assert.equal(records.length, want.length, `records ${JSON.stringify(got)}, expected ${JSON.stringify(wanted)}`)
  const rest = [...records]
  for (const w of want) {
    const at = rest.findIndex((r) => fits(r, w))
    assert.ok(at >= 0, `no record like ${JSON.stringify(w)} in ${JSON.stringify(got)}`)
    if (w.input_len !== undefined) assert.equal(rest[at].input.length, w.input_len, 'the input was shortened')
    rest.splice(at, 1)
  }
}

function checkPlan(expect, seen) {
  const planned = seen.batches.flat()
  const invalid = seen.invalid.map(([i]) => i)
  // No row lost or sent twice: planned and invalid together are every input position, once.
  const all = [...planned, ...invalid].sort((a, b) => a - b)
  assert.deepEqual(all, Array.from({ length: all.length }, (_, i) => i), 'a row was lost or planned twice')
  if (expect.planned) assert.deepEqual(planned, expect.planned)
  if (expect.planned_count !== undefined) assert.equal(planned.length, expect.planned_count)
  if (expect.batches !== undefined) assert.equal(seen.batches.length, expect.batches)
}

/** Asserts that what a host did (`seen`) is what the case expects. */
function check(expect, seen, errorTypes) {
  if (seen.kind === 'crash') assert.fail(`not the library's answer but ${seen.name}: ${seen.message}\n${seen.stack}`)
  if (seen.kind === 'error' && seen.code !== 'validation') {
    assert.ok(typeof seen.msgZh === 'string' && CJK.test(seen.msgZh), `msgZh is not Chinese: ${JSON.stringify(seen.msgZh)} (message ${JSON.stringify(seen.message)})`)
  }
  if (expect.errors) {
    if (seen.kind === 'error') assert.equal(seen.code, 'validation', JSON.stringify(seen))
    else assert.equal(seen.kind, 'records', JSON.stringify(seen).slice(0, 2000))
    matchRecords(seen.records, expect.errors, errorTypes)
  } else if (expect.error) {
    assert.equal(seen.kind, 'error', `expected an error, got ${JSON.stringify(seen).slice(0, 2000)}`)
    const codes = [].concat(expect.error.code)
    assert.ok(codes.includes(seen.code), `code ${seen.code}, expected ${codes}: ${seen.message}`)
    if (expect.error.errors) matchRecords(seen.records, expect.error.errors, errorTypes)
  } else if (expect.valid) {
    assert.notEqual(seen.kind, 'error', `expected valid, got ${seen.message} ${JSON.stringify(seen.records)}`)
    if (seen.kind === 'records') assert.deepEqual(seen.records, [])
    else {
      assert.equal(seen.kind, 'plan')
      assert.deepEqual(seen.invalid, [])
      checkPlan(expect, seen)
    }
  } else if (expect.invalid || expect.planned || expect.planned_count !== undefined) {
    assert.equal(seen.kind, 'plan', JSON.stringify(seen).slice(0, 2000))
    for (const [, errs] of seen.invalid) for (const r of errs) checkRecordShape(r, errorTypes)
    assert.deepEqual(seen.invalid.map(([i, errs]) => [i, errs.map((r) => r.type)]), expect.invalid || [])
    checkPlan(expect, seen)
  } else if (expect.outcome) {
    assert.equal(seen.kind, 'outcome', JSON.stringify(seen).slice(0, 2000))
    const o = seen.outcome
    for (const field of ['status', 'reason', 'retry', 'accepted', 'unknown']) {
      if (field in expect.outcome) assert.deepEqual(o[field], expect.outcome[field], `${field} of ${JSON.stringify(o)}`)
    }
    if (expect.outcome.rejected) assert.deepEqual(o.rejected.map((r) => [r.index, r.key]), expect.outcome.rejected)
  } else {
    assert.fail(`unknown expectation ${JSON.stringify(expect)}`)
  }
}

/**
 * `check`, or — for a case listed as a known bug (`bug` is its TODO) — the
 * opposite: the case must still fail. A known bug that starts passing fails
 * the run until it is taken off the list (as pytest's strict xfail and the
 * Rust runner do), so a fix can never go unnoticed as a `todo` would.
 */
function checkOrKnownBug(expect, seen, errorTypes, id, bug) {
  if (!bug) return check(expect, seen, errorTypes)
  let failed = false
  try {
    check(expect, seen, errorTypes)
  } catch {
    failed = true
  }
  assert.ok(failed, `${id} now passes: remove it from KNOWN_BUGS (${bug})`)
}

/** The issue's list, each item present in the corpus. */
const ISSUE_ITEMS = [
  'wrong types', 'NaN', 'Infinity', '1e400', '-0', '5 decimals', '20-digit integers', 'string length limit', 'control characters',
  'lone surrogates', '10 MB string', 'nesting 10,000 deep', '100,000 items', 'duplicate keys', 'null where a list belongs', 'responses',
]

module.exports = { CORPUS, CASES: CORPUS.cases, ISSUE_ITEMS, CJK, isDirective, expand, payloadOf, view, jsOptions, describeError, check, checkOrKnownBug }
