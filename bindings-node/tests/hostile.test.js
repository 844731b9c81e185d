'use strict'
// Hostile input never crashes the process: every host conversion problem is
// a structured record at its location (the bad value replaced by null), the
// addon keeps working afterwards, and a Rust panic becomes a SkuwireError.

const test = require('node:test')
const assert = require('node:assert/strict')
const sw = require('..')

const OP = 'goods.Goods.batchPush'

function item(spec) {
  return { goods_no: 'H1', goods_name: 'h', spec_list: [{ spec_no: 'H1-1', ...spec }] }
}

function only(errors) {
  assert.equal(errors.length, 1, JSON.stringify(errors))
  return errors[0]
}

const AT = [0, 'spec_list', 0]

test('NaN and ±Infinity are decimal_not_finite at their location, never null', () => {
  for (const [value, text] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity']]) {
    const e = only(sw.validate(OP, [item({ retail_price: value })]))
    assert.equal(e.type, 'decimal_not_finite')
    assert.deepEqual(e.loc, [...AT, 'retail_price'])
    assert.equal(e.input, text)
    assert.equal(e.msg, 'Input should be a finite number')
  }
})

test('integers beyond ±(2^53 − 1) are unsafe_integer; the limit itself is fine', () => {
  const e = only(sw.validate(OP, [item({ validity_days: 2 ** 53 })]))
  assert.equal(e.type, 'unsafe_integer')
  assert.deepEqual(e.loc, [...AT, 'validity_days'])
  assert.equal(e.input, '9007199254740992')
  assert.equal(only(sw.validate(OP, [item({ retail_price: -1e21 })])).type, 'unsafe_integer')
  // MAX_SAFE_INTEGER converts exactly; the core then checks the field's own range.
  assert.deepEqual(sw.validate(OP, [item({ sales_days: 1 })]), [])
  const [inRange] = sw.validate(OP, [item({ validity_days: Number.MAX_SAFE_INTEGER })])
  assert.equal(inRange.type, 'int_out_of_range')
  assert.equal(inRange.input, Number.MAX_SAFE_INTEGER)
})

test('lone surrogates are string_unicode, in values and in keys', () => {
  const e = only(sw.validate(OP, [item({ spec_name: 'ab\uD800' })]))
  assert.equal(e.type, 'string_unicode')
  assert.deepEqual(e.loc, [...AT, 'spec_name'])
  const k = sw.validate(OP, [item({ ['\uDC00x']: 1 })], { strict: true })
  assert.ok(k.some((r) => r.type === 'string_unicode' && r.loc[3] === '\uFFFDx'), JSON.stringify(k))
  // Long strings too (past any short-string fast path), and a lone surrogate at the end.
  assert.equal(only(sw.validate(OP, [item({ remark: `${'长'.repeat(300)}\uD800` })])).type, 'string_unicode')
  const long = `${'杯'.repeat(250)}😀${'y'.repeat(250)}`
  const [batch] = new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'a:b', baseUrl: sw.FLAGSHIP_TEST_URL }).plan(OP, [item({ remark: long })]).batches
  assert.equal(batch.payload[0][0].spec_list[0].remark, long)
  // A well-formed pair is fine.
  assert.deepEqual(sw.validate(OP, [item({ spec_name: '杯子😀' })]), [])
})

test('deep nesting and cycles are nesting_too_deep, not a stack overflow', () => {
  let deep = 'leaf'
  for (let i = 0; i < 100_000; i++) deep = [deep]
  const e = only(sw.validate(OP, [item({ blob: deep })]))
  assert.equal(e.type, 'nesting_too_deep')
  assert.equal(e.ctx.max_depth, sw.MAX_DEPTH)
  assert.equal(e.loc.length, sw.MAX_DEPTH + 1, 'reported where the limit is crossed')
  const cyclic = item({})
  cyclic.spec_list[0].self = cyclic
  const c = sw.validate(OP, [cyclic])
  assert.deepEqual(c.map((r) => r.type), ['nesting_too_deep'])
  assert.deepEqual(c[0].loc, [...AT, 'self'])
  // A value shared between siblings is not a cycle.
  const shared = { spec_no: 'S' }
  assert.deepEqual(sw.validate(OP, [{ goods_no: 'A', goods_name: 'a', spec_list: [shared] }, { goods_no: 'B', goods_name: 'b', spec_list: [{ ...shared, spec_no: 'T' }] }]), [])
})

test('types with no JSON form are unsupported_type, named', () => {
  const cases = [
    [new Date(0), 'Date'],
    [new Map([[1, 2]]), 'Map'],
    [new Set([1]), 'Set'],
    [Buffer.from('x'), 'Buffer'],
    [new Uint8Array(2), 'Uint8Array'],
    [/x/, 'RegExp'],
    [Symbol('s'), 'symbol'],
    [() => 1, 'function'],
    [new Error('x'), 'Error'],
    [Promise.resolve(1), 'Promise'],
  ]
  for (const [value, name] of cases) {
    const e = only(sw.validate(OP, [item({ remark: value })]))
    assert.equal(e.type, 'unsupported_type', name)
    assert.deepEqual(e.loc, [...AT, 'remark'])
    assert.equal(e.ctx.type_name, name)
    assert.equal(e.input, null)
  }
  // undefined in a list has no JSON form; as a property it means "not set".
  assert.equal(only(sw.validate(OP, [item({ blob: [undefined] })])).ctx.type_name, 'undefined')
  assert.deepEqual(sw.validate(OP, [item({ remark: undefined })]), [])
})

test('objects with toJSON (decimal libraries) convert through it; class instances walk their fields', () => {
  class Decimal {
    constructor(text) { this.d = [text]; this.e = 0; this.s = 1; this.text = text }
    toJSON() { return this.text }
  }
  const b = sw.validate(OP, [item({ retail_price: new Decimal('59.90') })])
  assert.deepEqual(b, [])
  const [batch] = new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'a:b', baseUrl: sw.FLAGSHIP_TEST_URL }).plan(OP, [item({ retail_price: new Decimal('12.3456') })]).batches
  assert.match(batch.bodyJson(), /"retail_price":"12\.3456"/)
  class Spec {
    constructor() { this.spec_no = 'C1'; this.retail_price = '1.00' }
    get computed() { return 'not data' }
  }
  assert.deepEqual(sw.validate(OP, [{ goods_no: 'C', goods_name: 'c', spec_list: [new Spec()] }], { strict: true }), [])
  // An own "__proto__" key is an ordinary key, reported like any other.
  const proto = JSON.parse('{"spec_no":"P","__proto__":{"x":1}}')
  assert.deepEqual(sw.validate(OP, [item(proto)], { strict: true }).map((r) => [r.type, r.loc[3]]), [['extra_forbidden', '__proto__']])
})

test('wrong types where values are expected are core records; wrong argument types are SkuwireError', () => {
  assert.deepEqual(sw.validate(OP, ['not an object', 42, null]).map((r) => [r.type, r.loc]), [
    ['dict_type', [0]],
    ['dict_type', [1]],
    ['dict_type', [2]],
  ])
  assert.deepEqual(sw.validate(OP, [item({ retail_price: { a: 1 }, spec_name: 12 })]).map((r) => r.type), ['decimal_type', 'string_type'])
  for (const bad of [[42, []], [OP, [], 'strict'], [null, []]]) {
    assert.throws(() => sw.validate(...bad.slice(0, 2), bad[2] === undefined ? undefined : { strict: bad[2] }), (e) => e instanceof sw.SkuwireError && e.code === 'invalid_argument')
  }
  const client = new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'a:b', baseUrl: sw.FLAGSHIP_TEST_URL })
  assert.throws(() => client.plan(OP, 42), (e) => e instanceof sw.ValidationError && e.errors[0].type === 'list_type')
  assert.throws(() => client.plan(OP, 'abc'), (e) => e instanceof sw.ValidationError && e.errors[0].type === 'list_type')
  assert.throws(() => client.sign({ not: 'a batch' }), (e) => e instanceof sw.SkuwireError && e.code === 'invalid_argument')
  const [batch] = client.plan(OP, [item({})]).batches
  assert.throws(() => batch.parse('200', '{}'), (e) => e instanceof sw.ValidationError && e.errors[0].type === 'int_type')
  assert.throws(() => batch.parse(70000, '{}'), (e) => e instanceof sw.ValidationError && e.errors[0].type === 'int_out_of_range')
  assert.throws(() => batch.parse(200, 12), (e) => e instanceof sw.SkuwireError && e.code === 'invalid_argument')
})

test('hostile rows are skipped with their records while the good rows plan; the addon keeps working', async () => {
  const client = new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'a:b', baseUrl: sw.FLAGSHIP_TEST_URL })
  const rows = [item({ retail_price: NaN }), { ...item({}), goods_no: 'OK1', spec_list: [{ spec_no: 'OK1-1' }] }, item({ remark: '\uD800' }), Symbol('row')]
  const plan = client.plan(OP, rows, { onInvalid: 'skip' })
  assert.deepEqual(plan.batches.map((b) => b.indices), [[1]])
  assert.deepEqual(plan.invalid.map((i) => [i.index, i.errors.map((r) => r.type)]), [[0, ['decimal_not_finite']], [2, ['string_unicode']], [3, ['unsupported_type']]])
  async function* source() { yield* rows }
  const stream = client.plan(OP, source(), { onInvalid: 'skip' })
  const got = []
  for await (const b of stream) got.push(b.indices)
  assert.deepEqual(got, [[1]])
  assert.deepEqual(stream.invalid.map((i) => i.index), [0, 2, 3])
  // Still answering normally.
  assert.deepEqual(sw.validate(OP, [item({ retail_price: '1.00' })]), [])
})

test('a garbled answer is an outcome, never an exception', () => {
  const client = new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'a:b', baseUrl: sw.FLAGSHIP_TEST_URL })
  const [batch] = client.plan(OP, [item({})]).batches
  for (const body of ['', '<html>502</html>', '{"status":', Buffer.from([0xff, 0xfe, 0x00]), '[1,2]', '{"status":"x"}']) {
    const o = batch.parse(200, body)
    assert.equal(o.status, 'failure')
    assert.ok(o.reason !== null)
  }
})

test('a Rust panic at the boundary is a SkuwireError, and the addon keeps working', () => {
  assert.throws(() => sw.__panicForTests(), (e) => {
    assert.ok(e instanceof sw.SkuwireError)
    assert.equal(e.code, 'internal')
    assert.match(e.message, /^internal error in skuwire .*deliberate panic/)
    assert.match(e.msgZh, /skuwire内部错误/)
    return true
  })
  assert.deepEqual(sw.validate(OP, [item({})]), [])
})
