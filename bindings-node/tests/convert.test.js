'use strict'
// The shared conversion module (js/convert.mjs, as ./convert.js) has two
// ways to write an item: JSON.stringify for plain data, its own walk for
// everything else. They must differ in speed only: every payload gives the
// same records, batches and bodies as the walk alone, whatever mix of plain
// and hostile items it holds — and the same module serves the browser
// package, so these are the rules of both.

const test = require('node:test')
const assert = require('node:assert/strict')
const sw = require('..')
const native = require('../binding.js')
const convert = require('../convert.js')

const OP = 'goods.Goods.batchPush'
const client = new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'fp-secret:fp-salt', baseUrl: sw.FLAGSHIP_TEST_URL })

const goods = (i, extra = {}) => ({ goods_no: `G${i}`, goods_name: `货品${i}`, spec_list: [{ spec_no: `G${i}-1`, retail_price: '59.90', ...extra }] })

/** The walk alone: every item written value by value. */
function walked(payload) {
  const [text, notes] = convert.toWire(payload, Array.isArray(payload), sw.MAX_DEPTH, undefined, true)
  return [Buffer.from(text, 'utf8'), notes]
}
const walkerRecords = (payload) => native.validate(OP, ...walked(payload), false)
function planOf(r) {
  return { batches: r.batches.map((b) => [b.indices, b.bodyJson()]), invalid: r.invalid }
}
const walkerPlan = (items) => planOf(native.plan(OP, ...walked(items), 'skip'))
const packagePlan = (items) => {
  const p = client.plan(OP, items, { onInvalid: 'skip' })
  return { batches: p.batches.map((b) => [b.indices, b.bodyJson()]), invalid: p.invalid }
}

class Money {
  constructor(text) { this.text = text }
  toJSON() { return this.text }
}

/** Hostile values at a spec field, each with whether it is plain data (the
 * JSON.stringify way); either way the records must be the walk's. */
function hostileValues() {
  const cyclic = { a: 1 }
  cyclic.self = cyclic
  const nullProto = Object.assign(Object.create(null), { k: 'v' })
  const protoKey = JSON.parse('{"__proto__": "x"}')
  const arrWithToJSON = [1, 2]
  arrWithToJSON.toJSON = () => 'replaced'
  const sparse = [1, , 3] // eslint-disable-line no-sparse-arrays
  let deep = 'leaf'
  for (let i = 0; i < sw.MAX_DEPTH + 2; i++) deep = { d: deep }
  return [
    ['a plain decimal string', '59.90', true],
    ['a safe integer', 12, true],
    ['a fraction', 0.1, true],
    ['negative zero', -0, true],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER, true],
    ['escapes and controls', '"\\/\b\f\n\r\t\u0001\u007f\u0085', true],
    ['an emoji (a surrogate pair)', '货😀', true],
    ['a null-prototype object', nullProto, true],
    ['NaN', NaN, false],
    ['Infinity', Infinity, false],
    ['-Infinity', -Infinity, false],
    ['an unsafe integer', 2 ** 53, false],
    ['an exponent form (small)', 1e-7, false],
    ['an exponent form (large)', 1e21, false],
    ['a lone high surrogate', 'a\uD800b', false],
    ['a lone low surrogate', '\uDC00', false],
    ['a lone surrogate in a key', { ['k\uD801']: 1 }, false],
    ['a Date', new Date(0), false],
    ['a Map', new Map([[1, 2]]), false],
    ['a Set', new Set([1]), false],
    ['a Uint8Array', new Uint8Array([1]), false],
    ['a Buffer', Buffer.from('x'), false],
    ['a BigInt', 10n, false],
    ['a symbol', Symbol('s'), false],
    ['a function', () => 1, false],
    ['undefined in an array', [undefined], false],
    ['a hole in an array', sparse, false],
    ['a toJSON object (decimal.js-like)', new Money('1.25'), false],
    ['an array with its own toJSON', arrWithToJSON, false],
    ['a boxed string', Object('x'), false],
    ['a class instance', new (class Point { constructor() { this.x = 1 } })(), false],
    ['an own __proto__ key', protoKey, false],
    ['a cycle', cyclic, false],
    ['nesting past MAX_DEPTH', deep, false],
    ['a proxy', new Proxy({ a: 1 }, {}), true],
  ]
}

test('each hostile value gives the walk\'s records, and only plain data takes JSON.stringify', () => {
  for (const [label, value, plain] of hostileValues()) {
    const make = () => [goods(0), goods(1, { remark: value }), goods(2, { weight: value })]
    assert.equal(convert.plainData(make()[1], sw.MAX_DEPTH), plain, `${label}: the check`)
    assert.equal(convert.plainData(make()[0], sw.MAX_DEPTH), true, label)
    assert.deepEqual(sw.validate(OP, make()), walkerRecords(make()), label)
    assert.deepEqual(packagePlan(make()), walkerPlan(make()), label)
    // As a lone payload too (validate's single-item form).
    assert.deepEqual(sw.validate(OP, make()[1]), walkerRecords(make()[1]), `${label} (one item)`)
  }
})

test('a getter that answers differently on its second read sends its item to the walk', () => {
  let reads = 0
  const item = goods(1)
  Object.defineProperty(item.spec_list[0], 'weight', { enumerable: true, get: () => (reads++ === 0 ? '1.5' : NaN) })
  const records = sw.validate(OP, [goods(0), item])
  // The check read '1.5' then NaN: the walk read it once more, NaN, reported where it is.
  assert.deepEqual(records.map((r) => [r.type, r.loc]), [['decimal_not_finite', [1, 'spec_list', 0, 'weight']]])
  let n = 0
  const vanishing = goods(2)
  Object.defineProperty(vanishing, 'remark', { enumerable: true, get: () => (n++ === 0 ? 'x' : undefined) })
  assert.deepEqual(sw.validate(OP, [vanishing]), [])
  assert.equal(n, 3, 'read twice by the check, once by the walk')
})

test('a polluted Object.prototype turns JSON.stringify off, with the same records', () => {
  const items = [goods(0), goods(1)]
  const before = sw.validate(OP, items)
  Object.prototype.polluted = 'x' // eslint-disable-line no-extend-native
  try {
    assert.equal(convert.plainData(items[0], sw.MAX_DEPTH), false)
    assert.deepEqual(sw.validate(OP, items), before)
  } finally {
    delete Object.prototype.polluted
  }
  Object.defineProperty(Object.prototype, 'toJSON', { value: () => 'hijacked', configurable: true })
  try {
    assert.equal(convert.plainData(items[0], sw.MAX_DEPTH), false)
    assert.deepEqual(sw.validate(OP, items), before)
  } finally {
    delete Object.prototype.toJSON
  }
})

test('a throwing getter is the caller\'s error, rethrown as is', () => {
  const item = goods(0)
  Object.defineProperty(item, 'remark', { enumerable: true, get: () => { throw new RangeError('from the getter') } })
  assert.throws(() => sw.validate(OP, [item]), RangeError)
  assert.throws(() => client.plan(OP, [item]), RangeError)
})

test('random mixes of plain and hostile items: records, batches and bodies as the walk\'s', () => {
  const values = hostileValues().map(([, v]) => v)
  let seed = 20241122
  const rand = (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed % n
  }
  for (let round = 0; round < 40; round++) {
    const n = 1 + rand(30)
    const build = () => {
      const items = []
      for (let i = 0; i < n; i++) {
        const g = goods(i % 25) // some duplicates across the input
        if (rand(3) === 0) g.spec_list[0][['remark', 'weight', 'barcode', 'prop1'][rand(4)]] = values[rand(values.length)]
        if (rand(10) === 0) delete g.goods_name
        items.push(rand(15) === 0 ? values[rand(values.length)] : g)
      }
      return items
    }
    const s = seed
    const a = build()
    seed = s
    const b = build()
    assert.deepEqual(sw.validate(OP, a), walkerRecords(b), `round ${round}`)
    seed = s
    const c = build()
    seed = s
    const d = build()
    assert.deepEqual(packagePlan(c), walkerPlan(d), `round ${round}`)
  }
})

test('payloads of numbers, strings and nulls at the top level', () => {
  for (const payload of [[1, 'x', null, true], [], [[]], [{}], 'text', 42, null]) {
    assert.deepEqual(sw.validate(OP, payload), walkerRecords(payload), JSON.stringify(payload))
  }
})

test('long payloads: hostile items at the edges of JSON.stringify runs, same as the walk', () => {
  const values = hostileValues()
  const n = 1300
  const build = () => {
    // Goods of ~1,100 characters, so runs are ~30 items (they are sized by
    // their text and the edges move): hostile items with 0, 1, 2, … 48
    // plain items between them put one right after a full run of any length
    // up to 48 (and at the first and last positions).
    const items = Array.from({ length: n }, (_, i) => goods(i, { remark: 'x'.repeat(1000) }))
    let k = 0
    for (let at = 0, gap = 0; at < n; at += ++gap) {
      const [, value] = values[k++ % values.length]
      items[at].spec_list[0].remark = value
    }
    items[n - 1].spec_list[0].remark = values[0][1]
    items[600] = values[3][1] // a whole item that is not an object
    items[601].goods_no = items[5].goods_no // a duplicate far away
    return items
  }
  assert.deepEqual(sw.validate(OP, build()), walkerRecords(build()))
  assert.deepEqual(packagePlan(build()), walkerPlan(build()))
  const clean = Array.from({ length: n }, (_, i) => goods(i))
  assert.deepEqual(packagePlan(clean), walkerPlan(Array.from({ length: n }, (_, i) => goods(i))))
  assert.deepEqual(sw.validate(OP, clean), [])
})

test('the browser package writes with the same module (one set of rules)', () => {
  const fs = require('node:fs')
  const path = require('node:path')
  const shared = path.join(__dirname, '..', '..', 'js', 'convert.mjs')
  const browser = path.join(__dirname, '..', '..', 'bindings-wasm', 'src', 'convert.js')
  assert.equal(fs.realpathSync(browser), fs.realpathSync(shared), 'bindings-wasm/src/convert.js is js/convert.mjs')
  const generated = fs.readFileSync(path.join(__dirname, '..', 'convert.js'), 'utf8')
  const source = fs.readFileSync(shared, 'utf8').replace(/^export (?=(?:async )?(?:function|const|let|class) )/gm, '')
  assert.ok(generated.includes(source), 'convert.js is generated from js/convert.mjs')
})

test('engines without String.prototype.isWellFormed (Node 18) write and note the same', () => {
  // The module picks its lone-surrogate check when loaded: load it in a
  // process where the Node 20 methods are gone and compare with this one's.
  const { execFileSync } = require('node:child_process')
  const payload = [goods(1, { spec_name: 'a\uD800b' }), { goods_no: 'G\uDC00', goods_name: '\uD83D\uDE00 ok', spec_list: [{ ['k\uDBFF']: 1, spec_no: '\uDFFF\uD800' }] }]
  const here = convert.toWire(payload, true, sw.MAX_DEPTH)
  const script = `
    delete String.prototype.isWellFormed
    delete String.prototype.toWellFormed
    const convert = require(${JSON.stringify(require.resolve('../convert.js'))})
    const payload = JSON.parse(process.argv[1], (k, v) => v)
    process.stdout.write(JSON.stringify(convert.toWire(payload, true, ${sw.MAX_DEPTH})))`
  // JSON keeps lone surrogates as \u escapes, so the payload crosses intact.
  const there = JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(payload)], { encoding: 'utf8' }))
  assert.deepEqual(there, here)
  assert.equal(JSON.parse(here[1]).length, 4, 'the payload has lone surrogates to note')
})
