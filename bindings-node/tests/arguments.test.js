'use strict'
// Arguments of the wrong JS type are refused with the core's bilingual
// Error::argument_type (code invalid_argument, English message naming the
// parameter, Chinese msgZh) — never napi's English glue text; and a saved
// batch or query state is refused for a client of another platform.

const test = require('node:test')
const assert = require('node:assert/strict')
const sw = require('..')

const CJK = /[\u4e00-\u9fff]/
const OP = 'goods.Goods.batchPush'
const GOOD = { goods_no: 'G1', goods_name: '货品1', spec_list: [{ spec_no: 'G1-1', retail_price: '59.90' }] }
const flagship = new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'ArgSecret:ArgSalt', baseUrl: sw.FLAGSHIP_TEST_URL })
const enterprise = new sw.Enterprise({ sid: 's', appkey: 'k', appsecret: 'ArgEntSecret', baseUrl: sw.ENTERPRISE_SANDBOX_URL })
const ymcart = new sw.Ymcart({ token: 'ArgToken', baseUrl: 'https://shop.example.com/api/{method}' })
const QUERY = ['vip_api_goods_query.php', { start_time: '2024-01-01 00:00:00', end_time: '2024-01-02 00:00:00' }]

/** Asserts `fn` throws the core's argument error naming `param` (and the type it got). */
function refused(fn, param, got) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof sw.SkuwireError, `${e && e.name}: ${e && e.message}`)
    assert.equal(e.code, 'invalid_argument', e.message)
    assert.ok(!/Failed to|convert JavaScript value|rust type/i.test(e.message), `napi glue text: ${e.message}`)
    assert.ok(e.message.includes(param), `${e.message} does not name ${param}`)
    if (got !== undefined) assert.ok(e.message.endsWith(`not ${got}`), e.message)
    assert.ok(CJK.test(e.msgZh) && e.msgZh.includes(param), `msgZh: ${e.msgZh}`)
    assert.notEqual(e.msgZh, e.message)
    return true
  })
}

test('wrong argument types are the core\'s bilingual argument errors', () => {
  const [batch] = flagship.plan(OP, [GOOD]).batches
  const q = enterprise.query(...QUERY)
  q.nextBatch()
  refused(() => sw.validate(42, [GOOD]), 'op', 'number')
  refused(() => sw.validate(OP, [GOOD], { strict: 'yes' }), 'strict', 'string')
  refused(() => flagship.plan(null, [GOOD]), 'op', 'null')
  refused(() => flagship.plan(OP, [GOOD], { onInvalid: 5 }), 'onInvalid', 'number')
  refused(() => flagship.plan(OP, [GOOD], { strict: 1 }), 'strict', 'number')
  refused(() => flagship.plan(OP, [GOOD][Symbol.iterator](), { strict: [] }), 'strict', 'array')
  refused(() => batch.parse(200, null), 'body', 'null')
  refused(() => batch.parse(200, 12), 'body', 'number')
  refused(() => batch.parse(200, { status: 0 }), 'body', 'object')
  refused(() => q.feed(200, undefined), 'body', 'undefined')
  refused(() => flagship.call(42, []), 'method', 'number')
  refused(() => flagship.call('a.b', [], { pager: { pageNo: 1, pageSize: 10, calcTotal: 'yes' } }), 'calcTotal', 'string')
  refused(() => enterprise.query(QUERY[0], QUERY[1], { dedup: 'no' }), 'dedup', 'string')
  refused(() => enterprise.query(7, QUERY[1]), 'op', 'number')
  refused(() => sw.clockOffsetFromHttpDate(1700000000), 'date', 'number')
  refused(() => flagship.sign({ method: 'goods.Goods.batchPush' }), 'batch', 'object')
  refused(() => flagship.sign(undefined), 'batch', 'undefined')
  refused(() => sw.Batch.fromJSON(42, flagship), 'data', 'undefined')
  refused(() => sw.Batch.fromJSON(batch.toJSON(), {}), 'client', 'object')
  refused(() => sw.Batch.fromJSON(batch.toJSON(), null), 'client', 'null')
  refused(() => sw.QueryPlan.resume(q.state(), 'flagship'), 'client', 'string')
  refused(() => sw.QueryPlan.resume({ json: 5 }, enterprise), 'state', 'number')
  refused(() => new sw.Client(), 'Client')
  // The right types still work.
  assert.equal(batch.parse(200, '{"status":0,"data":{"error_list":[]}}').ok, true)
  assert.equal(batch.parse(200, new Uint8Array(Buffer.from('{"status":0,"data":{"error_list":[]}}'))).ok, true)
  assert.deepEqual(sw.validate(OP, [GOOD], { strict: false }), [])
})

test('a saved batch or query state is refused for a client of another platform', () => {
  const [batch] = flagship.plan(OP, [GOOD]).batches
  const saved = JSON.parse(JSON.stringify(batch))
  for (const other of [enterprise, ymcart]) {
    assert.throws(() => sw.Batch.fromJSON(saved, other), (e) => {
      assert.ok(e instanceof sw.SkuwireError && e.code === 'invalid_argument', String(e))
      assert.ok(e.message.includes('flagship') && e.message.includes(other.platform), e.message)
      assert.ok(CJK.test(e.msgZh) && e.msgZh.includes(other.platform), e.msgZh)
      return true
    })
  }
  const again = sw.Batch.fromJSON(saved, flagship)
  assert.deepEqual(again.indices, batch.indices)
  assert.equal(again.sign({ timestamp: 1_700_000_000 }).body.toString(), batch.sign({ timestamp: 1_700_000_000 }).body.toString())

  // A generic call (no operation) carries its platform too.
  const call = JSON.stringify(flagship.call('some.Method', [{ a: 1 }]))
  assert.throws(() => sw.Batch.fromJSON(JSON.parse(call), ymcart), (e) => e.code === 'invalid_argument' && e.message.includes('flagship') && e.message.includes('ymcart') && CJK.test(e.msgZh))
  assert.equal(sw.Batch.fromJSON(JSON.parse(call), flagship).method, 'some.Method')

  const q = enterprise.query(...QUERY)
  const state = q.state()
  for (const other of [flagship, ymcart]) {
    assert.throws(() => sw.QueryPlan.resume(state, other), (e) => {
      assert.ok(e instanceof sw.SkuwireError && e.code === 'invalid_argument', String(e))
      assert.ok(e.message.includes('enterprise') && e.message.includes(other.platform), e.message)
      assert.ok(CJK.test(e.msgZh), e.msgZh)
      return true
    })
  }
  assert.equal(sw.QueryPlan.resume(state, enterprise).op, QUERY[0])
})
