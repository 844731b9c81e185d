'use strict'
// The public API as a Node service uses it: planning, signing, parsing,
// the number rule, streaming, errors and batch persistence.

const test = require('node:test')
const assert = require('node:assert/strict')
const sw = require('..')

const OP = 'goods.Goods.batchPush'

function flagship(extra) {
  return new sw.Flagship({ sid: 'mysid', appkey: 'myappkey', appsecret: 'mysecret:mysalt', baseUrl: sw.FLAGSHIP_TEST_URL, ...extra })
}

function goods(n, price = '59.90') {
  return { goods_no: `G${n}`, goods_name: `货品${n}`, spec_list: [{ spec_no: `G${n}-1`, retail_price: price }] }
}

const many = (count) => Array.from({ length: count }, (_, i) => goods(i))

test('operations() lists the registry with limits', () => {
  const ops = sw.operations()
  const push = ops.find((o) => o.name === OP)
  assert.equal(push.platform, 'flagship')
  assert.equal(push.kind, 'push')
  assert.equal(push.limits.maxItems, 50)
  assert.equal(push.limits.documented, true)
  assert.equal(push.upsert, true)
  assert.equal(new Set(ops.map((o) => o.name)).size, ops.length)
})

test('errorTypes() is the whole catalogue, with templates in both languages', () => {
  const types = sw.errorTypes()
  const names = types.map((t) => t.type)
  for (const host of ['string_unicode', 'decimal_not_finite', 'unsupported_type', 'nesting_too_deep', 'unsafe_integer']) {
    assert.ok(names.includes(host), host)
  }
  for (const t of types) {
    assert.ok(t.template.length > 0 && t.templateZh.length > 0, t.type)
  }
})

test('validate returns every record in one pass, in the shared shape', () => {
  const errors = sw.validate(OP, [goods(1), { goods_no: 'x'.repeat(41), goods_name: 'n', spec_list: [] }])
  assert.deepEqual(errors.map((e) => [e.type, e.loc]), [
    ['string_too_long', [1, 'goods_no']],
    ['too_short', [1, 'spec_list']],
  ])
  const e = errors[0]
  assert.deepEqual(Object.keys(e), ['type', 'loc', 'msg', 'msg_zh', 'input', 'ctx'])
  assert.equal(e.ctx.max_length, 40)
  assert.equal(e.msg, 'String should have at most 40 characters')
  assert.equal(e.msg_zh, '字符串长度不能超过40个字符')
  assert.equal(e.input, 'x'.repeat(41))
  assert.deepEqual(sw.validate(OP, goods(2)), [], 'one item object')
  assert.deepEqual(sw.validate(OP, { ...goods(3), extra: 1 }, { strict: true }).map((r) => r.type), ['extra_forbidden'])
})

test('unknown operations raise SkuwireError with the core code', () => {
  assert.throws(() => sw.validate('goods.Goods.nope', []), (e) => {
    assert.ok(e instanceof sw.SkuwireError)
    assert.ok(!(e instanceof sw.ValidationError))
    assert.equal(e.code, 'unknown_operation')
    assert.match(e.message, /goods\.Goods\.nope/)
    assert.match(e.msgZh, /未知接口/)
    assert.match(e.stack, /^SkuwireError: unknown operation/)
    assert.match(e.stack, /api\.test\.js/, 'the stack points at the caller')
    return true
  })
})

test('plan splits an array by the operation limit and binds batches to the client', () => {
  const client = flagship()
  const plan = client.plan(OP, many(120))
  assert.ok(plan instanceof sw.Plan)
  assert.ok(Array.isArray(plan), 'a plan is an array of batches')
  assert.deepEqual(plan.map((b) => b.length), [50, 50, 20])
  assert.equal(Object.getPrototypeOf(plan.map((b) => b)), Array.prototype)
  assert.equal(plan.length, 3)
  assert.ok(plan[0] instanceof sw.Batch)
  assert.deepEqual(plan.batches, [...plan])
  assert.deepEqual([...plan].map((b) => b.indices[0]), [0, 50, 100])
  assert.deepEqual(Object.keys(plan), ['0', '1', '2'], 'invalid is not an element')
  const b = plan.batches[2]
  assert.equal(b.op, OP)
  assert.equal(b.method, OP)
  assert.equal(b.platform, 'flagship')
  assert.equal(b.upsert, true)
  assert.equal(b.client, client)
  assert.deepEqual(b.indices, Array.from({ length: 20 }, (_, i) => 100 + i))
  assert.deepEqual(plan.invalid, [])
})

test('plan options: maxItems lowers the limit; limits above the vendor one are refused', () => {
  const client = flagship()
  assert.deepEqual(client.plan(OP, many(7), { maxItems: 3 }).batches.map((b) => b.length), [3, 3, 1])
  assert.throws(() => client.plan(OP, many(1), { maxItems: 51 }), (e) => e instanceof sw.SkuwireError && e.code === 'invalid_argument' && /documented limit of 50/.test(e.message))
  // A limit skuwire chose where the page is silent (ApiGoods.upload: 100) may be raised.
  const rows = Array.from({ length: 150 }, (_, i) => ({ shop_no: 'S', goods_id: `g${i}` }))
  assert.deepEqual(client.plan('goods.ApiGoods.upload', rows, { maxItems: 150 }).batches.map((b) => b.length), [150])
  assert.deepEqual(client.plan('goods.ApiGoods.upload', rows).batches.map((b) => b.length), [100, 50])
  assert.throws(() => client.plan(OP, many(1), { maxItems: -1 }), (e) => e.code === 'invalid_argument')
  assert.throws(() => client.plan(OP, many(1), { maxItems: 2.5 }), (e) => e instanceof sw.ValidationError && e.errors[0].type === 'int_type')
  assert.throws(() => client.plan(OP, many(1), { onInvalid: 'ignore' }), (e) => e instanceof sw.SkuwireError && e.code === 'invalid_argument')
})

test('raise mode lists every problem of the whole input at once', () => {
  const items = [goods(1), { goods_no: 'A' }, goods(1)]
  assert.throws(() => flagship().plan(OP, items), (e) => {
    assert.ok(e instanceof sw.ValidationError)
    assert.ok(e instanceof sw.SkuwireError)
    assert.ok(e instanceof Error)
    assert.equal(e.name, 'ValidationError')
    assert.equal(e.op, OP)
    assert.deepEqual(e.errors.map((r) => [r.type, r.loc]), [
      ['missing', [1, 'goods_name']],
      ['missing', [1, 'spec_list']],
      ['duplicate_key', [2, 'goods_no']],
      ['duplicate_key', [2, 'spec_list', 0, 'spec_no']],
    ])
    assert.match(e.message, /^4 validation errors for goods\.Goods\.batchPush\n/)
    return true
  })
})

test('skip mode leaves invalid items out and reports them', () => {
  const plan = flagship().plan(OP, [goods(1), { goods_no: 'A' }, goods(3)], { onInvalid: 'skip' })
  assert.deepEqual(plan.batches.map((b) => b.indices), [[0, 2]])
  assert.deepEqual(plan.invalid.map((i) => [i.index, i.errors.map((r) => r.type)]), [[1, ['missing', 'missing']]])
})

test('a plan for an operation of another platform is refused before planning', () => {
  const ent = new sw.Enterprise({ sid: 's', appkey: 'k', appsecret: 'x', baseUrl: sw.ENTERPRISE_SANDBOX_URL })
  assert.throws(() => ent.plan(OP, many(1)), (e) => e instanceof sw.SkuwireError && e.code === 'invalid_argument' && /enterprise/.test(e.message))
})

test('plan streams a sync iterable lazily', () => {
  let pulled = 0
  function* source() {
    for (let i = 0; i < 120; i++) {
      pulled++
      yield goods(i)
    }
  }
  const stream = flagship().plan(OP, source())
  assert.ok(stream instanceof sw.PlanStream)
  assert.equal(pulled, 0, 'nothing is pulled before the first batch is asked for')
  const it = stream[Symbol.iterator]()
  const first = it.next().value
  assert.equal(first.length, 50)
  assert.equal(pulled, 50, 'only the items of the first batch were pulled')
  const rest = [...{ [Symbol.iterator]: () => it }]
  assert.deepEqual(rest.map((b) => b.length), [50, 20])
  assert.deepEqual([...stream], [], 'one pass, like a generator')
})

test('plan streams an async iterable with for await, reporting skipped rows', async () => {
  async function* cursor() {
    for (let i = 0; i < 60; i++) {
      await new Promise((r) => setImmediate(r))
      yield i === 7 ? { goods_no: 'bad' } : goods(i)
    }
  }
  const stream = flagship().plan(OP, cursor(), { onInvalid: 'skip' })
  assert.ok(stream instanceof sw.AsyncPlanStream)
  const sizes = []
  for await (const batch of stream) {
    assert.ok(batch instanceof sw.Batch)
    sizes.push(batch.length)
  }
  assert.deepEqual(sizes, [50, 9])
  assert.deepEqual(stream.invalid.map((i) => i.index), [7])
})

test('a streaming plan in raise mode stops at the first invalid item', () => {
  function* source() {
    yield goods(1)
    yield { goods_no: 'A' }
    yield goods(3)
  }
  const seen = []
  assert.throws(() => {
    for (const b of flagship().plan(OP, source())) seen.push(b)
  }, (e) => e instanceof sw.ValidationError && e.errors.every((r) => r.loc[0] === 1))
  assert.deepEqual(seen, [])
})

test('errors thrown by the caller\'s own iterator pass through unchanged', () => {
  const boom = new RangeError('cursor lost')
  function* source() {
    yield goods(1)
    throw boom
  }
  assert.throws(() => [...flagship().plan(OP, source())], (e) => e === boom)
})

test('number rule: safe integers as numbers, every other number as its exact text', () => {
  const client = flagship()
  const item = {
    goods_no: 'N1', goods_name: 'n', goods_type: 1,
    spec_list: [{ spec_no: 'N1-1', retail_price: '59.90', market_price: 0.1, weight: 0.0001, validity_days: 30, lowest_price: 12345678901234n }],
  }
  const [batch] = client.plan(OP, [item]).batches
  const spec = batch.payload[0][0].spec_list[0]
  assert.equal(spec.retail_price, '59.90', 'decimal strings stay strings')
  assert.equal(spec.market_price, '0.1', 'a fraction comes back as its exact text')
  assert.equal(spec.weight, '0.0001')
  assert.equal(spec.validity_days, 30)
  assert.equal(spec.lowest_price, 12345678901234)
  assert.equal(batch.payload[0][0].goods_type, 1)
  // The body carries the numbers as JSON numbers with those exact digits.
  assert.match(batch.bodyJson(), /"market_price":0\.1,"weight":0\.0001,"validity_days":30,"lowest_price":12345678901234\}/)
  // A tiny number is plain digits, never exponent text, and never rounded.
  const [tiny] = sw.validate(OP, { ...item, spec_list: [{ spec_no: 'x', weight: 1e-7 }] })
  assert.equal(tiny.type, 'decimal_max_places')
  assert.equal(tiny.input, '0.0000001')
  // A BigInt keeps every digit (here in the record of a value too long for the field).
  const [big] = sw.validate(OP, { ...item, spec_list: [{ spec_no: 'x', retail_price: 123456789012345678n }] })
  assert.equal(big.type, 'decimal_max_whole_digits')
  assert.equal(big.input, '123456789012345678')
})

test('outcome data follows the number rule too', () => {
  const [batch] = flagship().plan(OP, [goods(1)]).batches
  const o = batch.parse(200, '{"status":0,"data":{"error_list":[],"price":12.50,"big":12345678901234567890,"n":5,"neg":-3}}')
  assert.equal(o.ok, true)
  assert.equal(o.data.price, '12.50')
  assert.equal(o.data.big, '12345678901234567890')
  assert.equal(o.data.n, 5)
  assert.equal(o.data.neg, -3)
})

test('parse reports partial failures with input positions', () => {
  const [batch] = flagship().plan(OP, [goods(1), goods(2), goods(3)]).batches
  const body = JSON.stringify({ status: 0, data: { error_list: [{ no: 'G2', error: '品牌不存在' }] } })
  for (const form of [body, Buffer.from(body), new Uint8Array(Buffer.from(body)), new TextEncoder().encode(body).buffer]) {
    const o = batch.parse(200, form)
    assert.equal(o.status, 'partial')
    assert.equal(o.partial, true)
    assert.equal(o.ok, false)
    assert.equal(o.reason, 'item_errors')
    assert.deepEqual(o.accepted, [0, 2])
    assert.deepEqual(o.rejected, [{ index: 1, key: 'G2', message: '品牌不存在' }])
    assert.equal(o.retry, 'no')
  }
})

test('clock errors advise re-signing, and clockOffset moves the signing time', () => {
  const client = flagship()
  const [batch] = client.plan(OP, [goods(1)]).batches
  const o = batch.parse(200, '{"status":7,"message":"时间戳过期"}')
  assert.equal(o.retry, 'resign')
  assert.equal(o.reason, 'clock_skew')
  const offset = sw.clockOffsetFromHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', 784111777 - 30)
  assert.equal(offset, 30)
  client.clockOffset = 100_000
  assert.equal(client.clockOffset, 100_000)
  const now = Math.floor(Date.now() / 1000)
  const wire = batch.sign().timestamp + 1_325_347_200
  assert.ok(wire >= now + 100_000 - 5 && wire <= now + 100_000 + 5, `signed at ${wire}, now ${now}`)
  assert.throws(() => { client.clockOffset = 1.5 }, (e) => e instanceof sw.ValidationError)
  assert.throws(() => sw.clockOffsetFromHttpDate('yesterday'), (e) => e.code === 'invalid_argument')
})

test('transportError advises resending an upsert; its outcome is unknown, a definite answer\'s is not', () => {
  const [batch] = flagship().plan(OP, [goods(1)]).batches
  const o = batch.transportError('socket hang up')
  assert.equal(o.status, 'failure')
  assert.equal(o.reason, 'transport')
  assert.equal(o.retry, 'resend')
  assert.equal(o.httpStatus, 0)
  assert.deepEqual(o.unknown, [0])
  assert.deepEqual(batch.parse(200, '{"status":0,"data":{"error_list":[]}}').unknown, [])
  assert.deepEqual(batch.parse(200, '{"status":100,"message":"接口调用频率超过限制"}').unknown, [])
  // An expired appkey is its own reason, never retried (not the clock).
  const expired = batch.parse(200, '{"status":3,"message":"appkey已过期"}')
  assert.deepEqual([expired.reason, expired.retry], ['credentials_expired', 'no'])
  assert.ok(sw.REASONS.includes('credentials_expired') && sw.REASONS.includes('unconfirmed'))
  assert.deepEqual([...sw.RETRIES], ['no', 'resign', 'backoff', 'resend'])
  assert.deepEqual([...sw.STATUSES], ['success', 'partial', 'failure'])
})

test('sign takes Unix seconds; the same batch signed at the same time gives the same request', () => {
  const [batch] = flagship().plan(OP, [goods(1)]).batches
  const a = batch.sign({ timestamp: 1_700_000_000 })
  const b = flagship().sign(batch, { timestamp: 1_700_000_000 })
  assert.equal(a.url, b.url)
  assert.ok(a.body.equals(b.body))
  assert.equal(a.timestamp, 1_700_000_000 - 1_325_347_200)
  assert.equal(a.headers['Content-Type'], 'application/json')
  assert.throws(() => batch.sign({ timestamp: 1.5 }), (e) => e instanceof sw.ValidationError && e.errors[0].loc[0] === 'timestamp')
  assert.throws(() => batch.sign({ timestamp: '1700000000' }), (e) => e instanceof sw.ValidationError && e.errors[0].type === 'int_type')
})

test('generic calls: flagship positional arguments with paging; enterprise parameters', () => {
  const call = flagship().call('goods.Goods.queryWithSpec', [{ start_time: '2024-01-01 00:00:00' }], { pager: { pageNo: 2, pageSize: 50, calcTotal: true } })
  assert.equal(call.op, null)
  assert.equal(call.method, 'goods.Goods.queryWithSpec')
  assert.equal(call.upsert, false)
  const req = call.sign({ timestamp: 1_700_000_000 })
  const q = new URL(req.url).searchParams
  assert.equal(q.get('page_no'), '2')
  assert.equal(q.get('page_size'), '50')
  assert.equal(q.get('calc_total'), '1')
  assert.throws(() => flagship().call('x', { not: 'a list' }), (e) => e.code === 'invalid_argument')
  assert.throws(() => flagship().call('x', [], { pager: { pageNo: 1 } }), (e) => e instanceof sw.SkuwireError && e.code === 'invalid_argument')
  const ent = new sw.Enterprise({ sid: 's', appkey: 'k', appsecret: 'x', baseUrl: sw.ENTERPRISE_SANDBOX_URL })
  const er = ent.call('vip_api_goods_query.php', { page_no: 0, shop_no: '店' }).sign({ timestamp: 1_700_000_000 })
  assert.equal(er.url, `${sw.ENTERPRISE_SANDBOX_URL}/vip_api_goods_query.php`)
  assert.match(er.body.toString(), /^appkey=k&page_no=0&shop_no=%E5%BA%97&sid=s&timestamp=1700000000&sign=[0-9a-f]{32}$/)
})

test('batches survive JSON.stringify / Batch.fromJSON with every digit (queues, workers)', () => {
  const client = flagship()
  const items = [{ shop_no: 'S1', goods_id: 'g', spec_id: 's', price: 9.5, stock_num: '1.2500' }]
  const [batch] = client.plan('goods.ApiGoods.upload', items).batches
  const message = JSON.stringify({ batch })
  const again = sw.Batch.fromJSON(JSON.parse(message).batch, client)
  assert.equal(again.bodyJson(), batch.bodyJson())
  assert.match(again.bodyJson(), /"price":9\.5,"stock_num":"1\.2500"\}/)
  assert.deepEqual(again.indices, batch.indices)
  assert.equal(again.sign({ timestamp: 1_700_000_000 }).sign, batch.sign({ timestamp: 1_700_000_000 }).sign)
  const paged = client.call('goods.Goods.queryWithSpec', [{ n: 12345678901234567890n, f: 0.1 }], { pager: { pageNo: 1, pageSize: 10 } })
  const pagedAgain = sw.Batch.fromJSON(JSON.parse(JSON.stringify(paged)), client)
  assert.equal(pagedAgain.sign({ timestamp: 1_700_000_000 }).url, paged.sign({ timestamp: 1_700_000_000 }).url)
  assert.equal(pagedAgain.bodyJson(), '[{"n":12345678901234567890,"f":0.1}]')
  assert.throws(() => sw.Batch.fromJSON({ type: 'skuwire.Batch', json: '{"method":"nope","platform":"flagship","indices":[],"items":[]}' }, client), (e) => e instanceof sw.SkuwireError)
  assert.throws(() => sw.Batch.fromJSON({ type: 'skuwire.Batch', json: '{' }, client), (e) => e instanceof sw.ValidationError && e.errors[0].type === 'json_invalid')
  assert.throws(() => sw.Batch.fromJSON(JSON.parse(message).batch), (e) => e instanceof sw.SkuwireError && e.code === 'invalid_argument')
})

test('JSON text that repeats a key is refused with json_duplicate_key at its path, never read with one twin dropped', () => {
  const client = flagship()
  const [batch] = client.plan('goods.ApiGoods.upload', [{ shop_no: 'S1', goods_id: 'g', spec_id: 's', price: '9.5' }]).batches
  const text = batch.toJSON().json
  assert.ok(text.includes('"goods_id":"g"'))
  const twin = text.replace('"goods_id":"g"', '"goods_id":"g","goods_id":"h"')
  assert.throws(() => sw.Batch.fromJSON(twin, client), (e) => {
    assert.ok(e instanceof sw.ValidationError)
    assert.deepEqual(e.errors.map((r) => [r.type, r.loc, r.input, r.ctx]), [['json_duplicate_key', ['items', 0, 'goods_id'], 'h', { key: 'goods_id' }]])
    assert.match(e.errors[0].msg, /goods_id/)
    assert.match(e.errors[0].msg_zh, /goods_id/)
    return true
  })
  const ent = new sw.Enterprise({ sid: 's', appkey: 'k', appsecret: 'x', baseUrl: sw.ENTERPRISE_SANDBOX_URL })
  const state = ent.query('vip_api_goods_query.php', { start_time: '2024-01-01 00:00:00', end_time: '2024-01-02 00:00:00' }).state()
  assert.ok(state.json.includes('"page_no":0'))
  const repeated = { ...state, json: state.json.replace('"page_no":0', '"page_no":0,"page_no":5') }
  assert.throws(() => sw.QueryPlan.resume(repeated, ent), (e) => e instanceof sw.ValidationError && e.errors[0].type === 'json_duplicate_key' && e.errors[0].loc.join('.') === 'page_no')
  // The text as written resumes.
  assert.equal(sw.QueryPlan.resume(state, ent).pageNo, 0)
})

test('client constructors report bad credentials with the core\'s codes', () => {
  assert.throws(() => new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'no-colon', baseUrl: sw.FLAGSHIP_TEST_URL }), (e) => e.code === 'credentials')
  assert.throws(() => new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'a:b', baseUrl: 'ftp://x' }), (e) => e.code === 'invalid_argument')
  assert.throws(() => new sw.Flagship(), (e) => e instanceof sw.ValidationError && e.errors[0].type === 'string_type' && e.errors[0].loc[0] === 'sid')
  assert.throws(() => new sw.Ymcart({ token: '', baseUrl: 'https://x.example/api' }), (e) => e.code === 'credentials')
  assert.throws(() => new sw.Client(), (e) => e instanceof sw.SkuwireError)
})
