'use strict'
// The JSON-text fast path (fastpath.js + src/fast.rs, src/json16.rs) must
// change nothing but speed: every payload gives the same records, batches and
// bodies as the napi walker alone (the addon called without the fast path's
// input), whatever mix of plain and hostile items it holds.

const test = require('node:test')
const assert = require('node:assert/strict')
const sw = require('..')
const native = require('../binding.js')
const fastpath = require('../fastpath.js')

const OP = 'goods.Goods.batchPush'
const client = new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'fp-secret:fp-salt', baseUrl: sw.FLAGSHIP_TEST_URL })

const goods = (i, extra = {}) => ({ goods_no: `G${i}`, goods_name: `货品${i}`, spec_list: [{ spec_no: `G${i}-1`, retail_price: '59.90', ...extra }] })

/** Validation through the walker only. */
const walkerRecords = (payload) => native.validate(OP, payload, false)

/** Plan (skip mode) as plain data: batches with their bodies, invalid items. */
function planOf(r) {
  return { batches: r.batches.map((b) => [b.indices, b.bodyJson()]), invalid: r.invalid }
}
const walkerPlan = (items) => planOf(native.plan(OP, items, 'skip'))
const packagePlan = (items) => {
  const p = client.plan(OP, items, { onInvalid: 'skip' })
  return { batches: p.batches.map((b) => [b.indices, b.bodyJson()]), invalid: p.invalid }
}

class Money {
  constructor(text) { this.text = text }
  toJSON() { return this.text }
}

/** Hostile values at a spec field, each with what the JS check must do: pass
 * it (true: the addon finds the rest in the text — a lone surrogate, a number
 * the walker would write differently, NaN as `null`) or leave it to the walker
 * (false). Either way the records must be the walker's. */
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
    ['NaN', NaN, true],
    ['Infinity', Infinity, true],
    ['-Infinity', -Infinity, true],
    ['an unsafe integer', 2 ** 53, true],
    ['an exponent form (small)', 1e-7, true],
    ['an exponent form (large)', 1e21, true],
    ['a lone high surrogate', 'a\uD800b', true],
    ['a lone low surrogate', '\uDC00', true],
    ['a lone surrogate in a key', { ['k\uD801']: 1 }, true],
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

/** Values that end up taking the fast path (the rest take the walker). */
const PLAIN = new Set(['a plain decimal string', 'a safe integer', 'a fraction', 'negative zero', 'the largest safe integer', 'escapes and controls', 'an emoji (a surrogate pair)', 'a null-prototype object', 'a proxy'])

test('each hostile value gives the walker\'s records, and only plain data takes the fast path', () => {
  for (const [label, value, fast] of hostileValues()) {
    const make = () => [goods(0), goods(1, { remark: value }), goods(2, { weight: value })]
    const items = make()
    const prepared = fastpath.prepareList(items, sw.MAX_DEPTH)
    assert.ok(prepared, label)
    assert.equal(prepared.ok[0], 1, label)
    assert.equal(prepared.ok[2], prepared.ok[1], label)
    assert.equal(prepared.ok[1], fast ? 1 : 0, `${label}: the JS check`)
    assert.deepEqual(sw.validate(OP, make()), walkerRecords(make()), label)
    // Plain data crossed as text; everything else went through the walker.
    const taken = PLAIN.has(label) ? [3, 0] : [1, 2]
    sw.validate(OP, make())
    assert.deepEqual(native.__lastConversionForTests(), taken, `${label}: items from the text, by the walker`)
    assert.deepEqual(packagePlan(make()), walkerPlan(make()), label)
    // As a lone payload too (validate's single-item form).
    assert.deepEqual(sw.validate(OP, make()[1]), native.validate(OP, make()[1], false), `${label} (one item)`)
  }
})

test('a getter that changes between the check and JSON.stringify sends its item to the walker', () => {
  let reads = 0
  const item = goods(1)
  Object.defineProperty(item.spec_list[0], 'weight', { enumerable: true, get: () => (reads++ === 0 ? '1.5' : NaN) })
  const records = sw.validate(OP, [goods(0), item])
  // The walker read it a third time: NaN, reported where it is.
  assert.deepEqual(records.map((r) => [r.type, r.loc]), [['decimal_not_finite', [1, 'spec_list', 0, 'weight']]])
  let n = 0
  const vanishing = goods(2)
  Object.defineProperty(vanishing, 'remark', { enumerable: true, get: () => (n++ === 0 ? 'x' : undefined) })
  assert.deepEqual(sw.validate(OP, [vanishing]), [])
  assert.equal(n, 3, 'read by the check, by JSON.stringify and by the walker')
})

test('a polluted Object.prototype turns the fast path off, with the same records', () => {
  const items = [goods(0), goods(1)]
  const before = sw.validate(OP, items)
  Object.prototype.polluted = 'x' // eslint-disable-line no-extend-native
  try {
    assert.equal(fastpath.prepareList(items, sw.MAX_DEPTH), null)
    assert.deepEqual(sw.validate(OP, items), before)
  } finally {
    delete Object.prototype.polluted
  }
  Object.defineProperty(Object.prototype, 'toJSON', { value: () => 'hijacked', configurable: true })
  try {
    const p = fastpath.prepareList(items, sw.MAX_DEPTH)
    assert.ok(p === null || (p.ok[0] === 0 && p.ok[1] === 0))
    assert.deepEqual(sw.validate(OP, items), before)
  } finally {
    delete Object.prototype.toJSON
  }
})

test('a check that throws (a throwing getter) leaves the walker to report it', () => {
  const item = goods(0)
  Object.defineProperty(item, 'remark', { enumerable: true, get: () => { throw new RangeError('from the getter') } })
  assert.throws(() => sw.validate(OP, [item]), RangeError)
  assert.throws(() => client.plan(OP, [item]), RangeError)
})

test('random mixes of plain and hostile items: records, batches and bodies as the walker\'s', () => {
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

test('text with a payload of numbers, strings and nulls at the top level', () => {
  for (const payload of [[1, 'x', null, true], [], [[]], [{}], 'text', 42, null]) {
    assert.deepEqual(sw.validate(OP, payload), native.validate(OP, payload, false), JSON.stringify(payload))
  }
})

test('payloads of many chunks (read on worker threads): hostile items at chunk edges, same as the walker', () => {
  const values = hostileValues()
  const n = 1300
  const build = () => {
    const items = Array.from({ length: n }, (_, i) => goods(i))
    let k = 0
    for (const at of [0, 255, 256, 257, 511, 512, 777, 1023, 1024, 1299]) {
      const [, value] = values[k++ % values.length]
      items[at].spec_list[0].remark = value
    }
    items[600] = values[3][1] // a whole item that is not an object
    items[601].goods_no = items[5].goods_no // a duplicate across chunks
    return items
  }
  const prepared = fastpath.prepareList(build(), sw.MAX_DEPTH, () => ({ push() {}, reader: 'stub' }))
  assert.ok(prepared && prepared.reader === 'stub', 'more than one chunk goes through a reader')
  const ours = sw.validate(OP, build())
  const [fromText, walked] = native.__lastConversionForTests()
  assert.ok(fromText >= n - 11 && walked <= 11 && fromText + walked === n, `${fromText} from the text, ${walked} by the walker`)
  assert.deepEqual(ours, walkerRecords(build()))
  assert.deepEqual(packagePlan(build()), walkerPlan(build()))
  const clean = Array.from({ length: n }, (_, i) => goods(i))
  assert.deepEqual(packagePlan(clean), walkerPlan(Array.from({ length: n }, (_, i) => goods(i))))
  assert.deepEqual(sw.validate(OP, clean), [])
})

test('a check that throws in a later chunk leaves the pushed chunks behind, and the walker reports it', () => {
  const items = Array.from({ length: 900 }, (_, i) => goods(i))
  Object.defineProperty(items[700], 'remark', { enumerable: true, configurable: true, get: () => { throw new RangeError('late getter') } })
  for (let i = 0; i < 3; i++) assert.throws(() => client.plan(OP, items), RangeError)
  delete items[700].remark
  assert.equal(client.plan(OP, items).length, 18)
})

test('planning on the reader\'s workers: invalid plain items, duplicates across chunks, a late hostile item, raise and skip', () => {
  const build = (hostileAt) => {
    const items = Array.from({ length: 1100 }, (_, i) => goods(i))
    delete items[3].goods_name // invalid, plain: planned (and refused) on a worker
    items[300].goods_no = '货'.repeat(41)
    items[700].goods_no = items[20].goods_no // a duplicate two chunks later
    items[1050].spec_list[0].spec_no = items[1].spec_list[0].spec_no
    if (hostileAt !== undefined) items[hostileAt].spec_list[0].weight = NaN // the walker's from here on
    return items
  }
  const thrown = (fn) => {
    try {
      fn()
    } catch (e) {
      return { code: e.code, errors: e.errors }
    }
    assert.fail('no error')
  }
  for (const at of [undefined, 0, 255, 256, 900, 1099]) {
    const ourPlan = packagePlan(build(at))
    assert.deepEqual(native.__lastConversionForTests(), at === undefined ? [1100, 0] : [1099, 1], `hostile at ${at}: items from the text, by the walker`)
    assert.deepEqual(ourPlan, walkerPlan(build(at)), `skip, hostile at ${at}`)
    const ours = thrown(() => client.plan(OP, build(at)))
    const walker = thrown(() => native.plan(OP, build(at)))
    assert.equal(ours.code, 'validation')
    assert.deepEqual(ours.errors, walker.errors, `raise, hostile at ${at}`)
  }
  // Options reach the workers' planner: smaller batches, a body limit.
  const items = Array.from({ length: 800 }, (_, i) => goods(i))
  const p = client.plan(OP, items, { maxItems: 7, maxBodyBytes: 4000 })
  const w = native.plan(OP, Array.from({ length: 800 }, (_, i) => goods(i)), null, 7, 4000)
  assert.deepEqual(p.batches.map((b) => [b.indices, b.bodyJson()]), w.batches.map((b) => [b.indices, b.bodyJson()]))
  assert.ok(p.batches.every((b) => b.length <= 7))
})
