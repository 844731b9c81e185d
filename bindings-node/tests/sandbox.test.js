'use strict'
// End to end with fetch (undici) against the offline sandbox, which checks
// signatures, clock windows and tokens with its own code. A small sync loop,
// written the way a storefront back end would write it, pushes and reads
// through every injected fault; the sandbox's stored data and request log
// then show that nothing was lost, nothing was pushed twice, and rejected
// rows were reported at the right input positions with the server's message.

const test = require('node:test')
const assert = require('node:assert/strict')
const sw = require('..')
const { startSandbox, CREDENTIALS, processed, itemsOf } = require('./support/sandbox')

// Short delays keep the suite fast; the sandbox's timeout faults wait longer
// than FETCH_TIMEOUT_MS, so the fetch gives up first. 300 ms was too short
// for an ordinary call (addGoods of 23 goods) on a loaded 2-core machine.
const FETCH_TIMEOUT_MS = 1000
const FAULT_DELAY_S = 1.5
const BACKOFF_MS = 20
const MAX_ATTEMPTS = 6

const nowSecs = () => Math.floor(Date.now() / 1000)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Sends one request with a deadline. Resolves to `{status, body, date}`, or
 * `{error}` when no answer came (timeout, connection closed).
 */
async function send(request) {
  try {
    const res = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    })
    const body = Buffer.from(await res.arrayBuffer())
    return { status: res.status, body, date: res.headers.get('date') }
  } catch (e) {
    const why = e.name === 'TimeoutError' ? `no answer within ${FETCH_TIMEOUT_MS} ms` : String(e.cause ?? e)
    return { error: why }
  }
}

/** Follows retry advice; returns false when the advice is to stop. */
async function follow(retry, client, answer, attempt, clock) {
  switch (retry) {
    case 'resign':
      // The answer's Date header says how far our clock is off.
      if (answer.date) client.clockOffset = sw.clockOffsetFromHttpDate(answer.date, clock())
      return true
    case 'backoff':
      await sleep(BACKOFF_MS * 2 ** (attempt - 1) * (0.5 + Math.random()))
      return true
    case 'resend':
      return true
    default:
      return false
  }
}

/**
 * Pushes a plan: for each batch, sign at send time, send, parse, follow the
 * advice. `clock()` is the local clock (Unix seconds), `beforeBatch(n)` a
 * hook the tests use to queue faults for the n-th batch.
 * Returns `{accepted, rejected, unknown, pending, batches}`: input positions
 * accepted, `{index, key, message, reason}` rejected, `{index, reason}` of
 * unknown fate (not resent), positions still pending when attempts ran out,
 * and every batch's attempts.
 */
async function sync(plan, { clock = nowSecs, beforeBatch } = {}) {
  const report = { accepted: [], rejected: [], unknown: [], pending: [], batches: [], ids: [] }
  let n = 0
  for (const batch of plan) {
    if (beforeBatch) await beforeBatch(n)
    n += 1
    const attempts = []
    for (let attempt = 1; ; attempt += 1) {
      const request = batch.sign({ timestamp: clock() + batch.client.clockOffset })
      const answer = await send(request)
      const outcome = answer.error === undefined ? batch.parse(answer.status, answer.body) : batch.transportError(answer.error)
      attempts.push({ retry: outcome.retry, reason: outcome.reason, status: outcome.status, unknown: outcome.unknown.length > 0 })
      const again = attempt < MAX_ATTEMPTS && (await follow(outcome.retry, batch.client, answer, attempt, clock))
      if (again) continue
      report.accepted.push(...outcome.accepted)
      report.ids.push(...outcome.ids)
      for (const r of outcome.rejected) report.rejected.push({ ...r, reason: outcome.reason })
      if (outcome.retry === 'no') {
        for (const index of outcome.unknown) report.unknown.push({ index, reason: outcome.reason })
      } else {
        report.pending.push(...outcome.unknown, ...batch.indices.filter((i) => !outcome.accepted.includes(i) && !outcome.unknown.includes(i) && !outcome.rejected.some((r) => r.index === i)))
      }
      break
    }
    report.batches.push({ indices: batch.indices, attempts })
  }
  report.accepted.sort((a, b) => a - b)
  return report
}

/**
 * Reads a query plan to the end: nextRequest → fetch → feed, following the
 * advice on failed pages; `stopAfter` pages ends early (a "crash").
 * Returns the rows and the state saved after the last completed page.
 */
async function drain(plan, { stopAfter = Infinity } = {}) {
  const rows = []
  const failures = []
  let saved = JSON.stringify(plan.state())
  let pages = 0
  let attempt = 1
  while (pages < stopAfter) {
    const request = plan.nextRequest()
    if (request === null) break
    const answer = await send(request)
    const page = answer.error === undefined ? plan.feed(answer.status, answer.body) : plan.feedTransportError(answer.error)
    if (!page.ok) {
      failures.push({ retry: page.outcome.retry, reason: page.outcome.reason })
      if (attempt < MAX_ATTEMPTS && (await follow(page.outcome.retry, plan.client, answer, attempt, nowSecs))) {
        attempt += 1
        continue
      }
      throw new Error(`page failed: ${page.outcome.reason} ${page.outcome.message}`)
    }
    attempt = 1
    rows.push(...page.items)
    saved = JSON.stringify(plan.state()) // what a job would persist after each page
    pages += 1
  }
  return { rows, failures, saved, pages }
}

// ---------------------------------------------------------------- fixtures

let sb
test.before(async () => {
  sb = await startSandbox()
})
test.after(async () => {
  if (sb) await sb.stop()
})
test.beforeEach(async () => {
  await sb.reset()
})

const flagship = () => new sw.Flagship({ ...CREDENTIALS.flagship, baseUrl: sb.flagshipUrl })
const enterprise = () => new sw.Enterprise({ ...CREDENTIALS.enterprise, baseUrl: sb.enterpriseUrl })
const ymcart = () => new sw.Ymcart({ token: CREDENTIALS.ymcartToken, baseUrl: sb.ymcartUrl })

/** The three flagship pushes: items (one invalid, skipped), how the sandbox stores them, its per-item error. */
const FLAGSHIP = {
  'goods.Goods.batchPush': {
    item: (i) => ({ goods_no: `G${i}`, goods_name: `保温杯 ${i}`, spec_list: [{ spec_no: `G${i}-1`, retail_price: `${i}.90`, weight: '0.3500' }] }),
    invalid: { goods_no: 'BAD', spec_list: [] },
    key: (x) => x.goods_no,
    stored: (data) => new Map(data.specs.map((s) => [s.goods_no, s.doc.retail_price])),
    value: (x) => x.spec_list[0].retail_price,
    error: () => '分类不存在',
  },
  'purchase.ProviderGoods.upload': {
    item: (i) => ({ provider_no: 'P1', spec_no: `S${i}`, price: `${i}.5000`, is_master: true }),
    invalid: { provider_no: 'P1', spec_no: 'x'.repeat(41) },
    key: (x) => `${x.provider_no}/${x.spec_no}`,
    stored: (data) => new Map(data.provider_goods.map((r) => [`${r.provider_no}/${r.spec_no}`, r.doc.price])),
    value: (x) => x.price,
    error: (x) => `${x.provider_no} 供应商不存在,商家编码：${x.spec_no}`,
  },
  'goods.ApiGoods.upload': {
    item: (i) => ({ shop_no: 'shop1', goods_id: `g${i}`, spec_id: `s${i}`, goods_name: `平台货品 ${i}`, price: `${i}.10`, stock_num: '5' }),
    invalid: { shop_no: 'shop1', goods_id: 'g-bad', spec_id: 's-bad', status: 9 },
    key: (x) => `${x.shop_no}/${x.goods_id}/${x.spec_id}`,
    stored: (data) => new Map(data.api_goods.map((r) => [`${r.shop_no}/${r.goods_id}/${r.spec_id}`, r.price])),
    value: (x) => `${x.price}00`, // '3.10' is stored as Decimal(19,4) text '3.1000'
    error: () => '平台货品保存失败',
    // The answer's rec_ids belong to the rows the server saved, in order.
    ids: (data) => new Map(data.api_goods.map((r) => [`${r.shop_no}/${r.goods_id}/${r.spec_id}`, r.rec_id])),
  },
}

/** 14 items, the 4th invalid: planned in skip mode into batches of 4, so request positions ≠ input positions. */
function flagshipInput(op) {
  const spec = FLAGSHIP[op]
  return Array.from({ length: 14 }, (_, i) => (i === 3 ? spec.invalid : spec.item(i)))
}

/**
 * The checks every push run must pass, from the report, the sandbox's data
 * and its request log:
 * - every input position is accepted, rejected or invalid, exactly once;
 * - every accepted item is stored with its exact value, nothing else is;
 * - no item is sent again after a definite answer, and an item is processed
 *   twice only when the first answer was lost after processing (`applied`).
 */
async function checkPush(op, input, plan, report, { rejected = [], appliedLost = new Set() } = {}) {
  const spec = FLAGSHIP[op]
  const invalid = plan.invalid.map((x) => x.index)
  assert.deepEqual(report.pending, [], 'nothing left pending')
  const seen = [...report.accepted, ...report.rejected.map((r) => r.index), ...invalid].sort((a, b) => a - b)
  assert.deepEqual(seen, [...input.keys()], 'every input position accounted for exactly once')
  assert.deepEqual(
    report.rejected.map((r) => [r.index, r.message]),
    rejected.map((i) => [i, spec.error(input[i])]),
    'rejected at the right input positions with the server message',
  )
  const data = await sb.data()
  const stored = spec.stored(data)
  const expected = new Map(report.accepted.map((i) => [spec.key(input[i]), spec.value(input[i])]))
  assert.deepEqual(stored, expected, 'stored: exactly the accepted items, values exact')
  if (spec.ids) {
    const ids = spec.ids(data)
    assert.deepEqual(
      report.ids.map((a) => [a.index, a.id]).sort((a, b) => a[0] - b[0]),
      report.accepted.map((i) => [i, ids.get(spec.key(input[i]))]),
      'each accepted row has the id the server gave it; rejected rows have none',
    )
  }
  const sent = report.batches.reduce((n, b) => n + b.attempts.length, 0)
  const log = await sb.requestsOf(op, sent)
  assert.equal(log.length, sent, 'the sandbox saw every request the loop sent, and no other')
  for (const [i, item] of input.entries()) {
    const key = spec.key(item)
    const carrying = log.filter((e) => itemsOf(e).some((x) => x.key === key))
    if (invalid.includes(i)) {
      assert.equal(carrying.length, 0, `invalid item ${i} never sent`)
      continue
    }
    const batch = report.batches.find((b) => b.indices.includes(i))
    assert.equal(carrying.length, batch.attempts.length, `item ${i} sent once per attempt of its batch`)
    const times = carrying.filter(processed).length
    assert.equal(times, appliedLost.has(i) ? 2 : 1, `item ${i} processed ${appliedLost.has(i) ? 'twice (upsert resend after a lost answer)' : 'once'}`)
  }
}

// ---------------------------------------------------------------- flagship pushes

/** Each fault, queued for the second batch: input positions 5, 6, 7, 8 at request positions 0–3. */
const FLAGSHIP_FAULTS = [
  { name: 'rate_limit twice → backoff, backoff, accepted', fault: { kind: 'rate_limit', times: 2 }, advice: ['backoff', 'backoff', 'no'] },
  { name: 'rate_limit as HTTP 429 → backoff', fault: { kind: 'rate_limit', http_status: 429 }, advice: ['backoff', 'no'] },
  { name: 'http_502_html, not applied → resend', fault: { kind: 'http_502_html' }, advice: ['resend', 'no'] },
  { name: 'http_502_html, applied → resend, stored once', fault: { kind: 'http_502_html', applied: true }, advice: ['resend', 'no'], applied: true },
  { name: 'empty_body, not applied → resend', fault: { kind: 'empty_body' }, advice: ['resend', 'no'] },
  { name: 'empty_body, applied → resend, stored once', fault: { kind: 'empty_body', applied: true }, advice: ['resend', 'no'], applied: true },
  { name: 'timeout (connection closed), not applied → transportError → resend', fault: { kind: 'timeout', delay: FAULT_DELAY_S }, advice: ['resend', 'no'] },
  { name: 'timeout, applied → transportError → resend, stored once', fault: { kind: 'timeout', delay: FAULT_DELAY_S, applied: true }, advice: ['resend', 'no'], applied: true },
  { name: 'timeout, late answer → transportError → resend', fault: { kind: 'timeout', delay: FAULT_DELAY_S, mode: 'late' }, advice: ['resend', 'no'], applied: true },
  { name: 'clock_skew → resign, accepted', fault: { kind: 'clock_skew' }, advice: ['resign', 'no'] },
  // request positions 1 and 3 of [5, 6, 7, 8]
  { name: 'partial_failure → the right rows rejected, never resent', fault: { kind: 'partial_failure', indices: [1, -1] }, advice: ['no'], rejected: [6, 8] },
]

for (const op of Object.keys(FLAGSHIP)) {
  for (const c of FLAGSHIP_FAULTS) {
    // A late answer is a timeout to the client like any other: one operation is enough.
    if (c.fault.mode === 'late' && op !== 'goods.Goods.batchPush') continue
    test(`flagship ${op}: ${c.name}`, async () => {
      const input = flagshipInput(op)
      const plan = flagship().plan(op, input, { onInvalid: 'skip', maxItems: 4 })
      assert.deepEqual(plan.map((b) => b.indices), [[0, 1, 2, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13]])
      const report = await sync(plan, {
        beforeBatch: async (n) => {
          if (n === 1) await sb.faults([{ ...c.fault, method: op }])
        },
      })
      assert.deepEqual(report.batches[1].attempts.map((a) => a.retry), c.advice, JSON.stringify(report.batches[1].attempts))
      // Flagship pushes are upserts: an answer that leaves the outcome unknown is exactly one advised `resend`.
      assert.deepEqual(report.batches[1].attempts.map((a) => a.unknown), c.advice.map((a) => a === 'resend'))
      for (const b of [0, 2, 3]) assert.deepEqual(report.batches[b].attempts.map((a) => a.retry), ['no'], `batch ${b} untouched`)
      await checkPush(op, input, plan, report, {
        rejected: c.rejected || [],
        appliedLost: new Set(c.applied ? [5, 6, 7, 8] : []),
      })
      assert.deepEqual(await sb.pendingFaults(), [], 'the fault was used')
    })
  }
}

test('flagship: a local clock 10 minutes slow is corrected from the Date header, then every batch is accepted', async () => {
  // The sandbox verifies the ±120 s window itself: the first signature is
  // refused (status 7), the offset comes from the answer's Date header.
  const slow = () => nowSecs() - 600
  const client = flagship()
  const input = flagshipInput('goods.Goods.batchPush')
  const plan = client.plan('goods.Goods.batchPush', input, { onInvalid: 'skip', maxItems: 4 })
  const report = await sync(plan, { clock: slow })
  assert.deepEqual(report.batches[0].attempts.map((a) => [a.retry, a.reason]), [['resign', 'clock_skew'], ['no', null]])
  assert.ok(Math.abs(client.clockOffset - 600) <= 2, `offset ${client.clockOffset}`)
  for (const b of report.batches.slice(1)) assert.deepEqual(b.attempts.map((a) => a.retry), ['no'])
  await checkPush('goods.Goods.batchPush', input, plan, report)
  const log = await sb.requests()
  assert.match(log[0].verdict, /status 7/, 'the sandbox itself refused the stale timestamp')
})

test('flagship: a server clock 15 minutes behind is learnt from its Date header; every batch is then accepted', async () => {
  // No injected fault: the sandbox's own ±120 s check refuses the first
  // signature, and its Date header follows its (shifted) clock.
  await sb.setClock({ offset: -900 })
  const client = flagship()
  const input = flagshipInput('goods.Goods.batchPush')
  const plan = client.plan('goods.Goods.batchPush', input, { onInvalid: 'skip', maxItems: 4 })
  const report = await sync(plan)
  assert.deepEqual(report.batches[0].attempts.map((a) => [a.retry, a.reason]), [['resign', 'clock_skew'], ['no', null]])
  assert.ok(Math.abs(client.clockOffset + 900) <= 2, `offset ${client.clockOffset}`)
  for (const b of report.batches.slice(1)) assert.deepEqual(b.attempts.map((a) => a.retry), ['no'])
  await checkPush('goods.Goods.batchPush', input, plan, report)
  assert.match((await sb.requests())[0].verdict, /status 7/)
})

// ---------------------------------------------------------------- enterprise query

// Three bursts of platform goods, pushed with the sandbox clock frozen at
// these Beijing times so their `modified` spreads over three 30-day windows.
const BURSTS = [
  { at: '2024-01-05T10:00:00+08:00', count: 23 },
  { at: '2024-02-12T10:00:00+08:00', count: 17 },
  { at: '2024-03-20T10:00:00+08:00', count: 9 },
]

/** Seeds api_goods through goods.ApiGoods.upload (itself signed against the frozen clock). */
async function seedPlatformGoods() {
  let n = 0
  for (const burst of BURSTS) {
    const at = Date.parse(burst.at) / 1000
    await sb.setClock({ now: at })
    const rows = Array.from({ length: burst.count }, () => {
      n += 1
      return { shop_no: 'shop1', goods_id: `g${n}`, spec_id: `s${n}`, goods_name: `平台货品 ${n}`, price: `${n}.25`, stock_num: `${n}` }
    })
    const report = await sync(flagship().plan('goods.ApiGoods.upload', rows), { clock: () => at })
    assert.equal(report.accepted.length, burst.count)
  }
  await sb.setClock({ offset: 0 })
  return (await sb.data()).api_goods
}

const RANGE = { start_time: '2024-01-01 00:00:00', end_time: '2024-03-31 23:59:59' }

/** Rows read compared with the sandbox's table: each rec_id exactly once, values exact. */
function checkRows(rows, table) {
  const ids = rows.map((r) => r.rec_id)
  assert.equal(new Set(ids).size, ids.length, 'no row delivered twice')
  assert.deepEqual([...ids].sort((a, b) => a - b), table.map((r) => r.rec_id).sort((a, b) => a - b), 'every row delivered')
  const byId = new Map(table.map((r) => [r.rec_id, r]))
  for (const r of rows) {
    assert.equal(r.price, byId.get(r.rec_id).price, 'decimal kept exactly')
    assert.equal(r.api_goods_id, byId.get(r.rec_id).goods_id)
  }
}

test('enterprise query: several windows and pages, every row once, values exact', async () => {
  const table = await seedPlatformGoods()
  assert.equal(table.length, 49)
  const plan = enterprise().query('vip_api_goods_query.php', RANGE, { pageSize: 10 })
  assert.equal(plan.windowCount, 4)
  const { rows, pages, failures } = await drain(plan)
  assert.deepEqual(failures, [])
  assert.equal(pages, 3 + 2 + 1 + 1, 'pages: 23, 17 and 9 rows by 10, and an empty fourth window')
  assert.ok(plan.done)
  checkRows(rows, table)
  assert.equal(rows[0].modified, '2024-01-05T10:00:00+08:00', 'datetimes typed in Beijing time')
})

/** Enterprise faults: all on one page mid-run; the plan never advances on a failed page. */
const ENTERPRISE_FAULTS = [
  { name: 'rate_limit (code 1007)', fault: { kind: 'rate_limit', times: 2 }, advice: ['backoff', 'backoff'] },
  { name: 'http_502_html', fault: { kind: 'http_502_html' }, advice: ['resend'] },
  { name: 'empty_body, applied', fault: { kind: 'empty_body', applied: true }, advice: ['resend'] },
  { name: 'timeout, not applied', fault: { kind: 'timeout', delay: FAULT_DELAY_S }, advice: ['resend'] },
  { name: 'timeout, applied', fault: { kind: 'timeout', delay: FAULT_DELAY_S, applied: true }, advice: ['resend'] },
  { name: 'clock_skew (code 1005)', fault: { kind: 'clock_skew' }, advice: ['resign'] },
]

for (const c of ENTERPRISE_FAULTS) {
  test(`enterprise query: ${c.name} on the third page → ${c.advice.join(', ')}; every row once`, async () => {
    const table = await seedPlatformGoods()
    await sb.control('DELETE', 'requests')
    const plan = enterprise().query('vip_api_goods_query.php', RANGE, { pageSize: 10 })
    const first = await drain(plan, { stopAfter: 2 })
    await sb.faults([{ ...c.fault, method: 'vip_api_goods_query.php' }])
    const rest = await drain(plan)
    assert.deepEqual(rest.failures.map((f) => f.retry), c.advice)
    checkRows([...first.rows, ...rest.rows], table)
    const pageRequests = await sb.requestsOf('vip_api_goods_query.php', 7 + c.advice.length)
    assert.equal(pageRequests.length, 7 + c.advice.length, 'each failed page asked again, nothing else')
  })
}

test('enterprise query: partial_failure does not apply to a query (no items): rows unaffected, fault left queued', async () => {
  const table = await seedPlatformGoods()
  await sb.faults([{ kind: 'partial_failure', method: 'vip_api_goods_query.php' }])
  const { rows, failures } = await drain(enterprise().query('vip_api_goods_query.php', RANGE, { pageSize: 10 }))
  assert.deepEqual(failures, [])
  checkRows(rows, table)
  assert.equal((await sb.pendingFaults()).length, 1)
})

test('enterprise query: resume from the saved state after a "crash" midway through the second window', async () => {
  const table = await seedPlatformGoods()
  const plan = enterprise().query('vip_api_goods_query.php', RANGE, { pageSize: 10 })
  const first = await drain(plan, { stopAfter: 4 })
  assert.equal(plan.windowIndex, 1, 'stopped inside the second window')
  // A new process: only the saved text survives.
  const resumed = sw.QueryPlan.resume(JSON.parse(first.saved), enterprise())
  assert.deepEqual([resumed.windowIndex, resumed.pageNo], [1, 1])
  const rest = await drain(resumed)
  checkRows([...first.rows, ...rest.rows], table)
  assert.ok(resumed.done)
})

// ---------------------------------------------------------------- YMCart

const ymGoods = (i) => ({
  base_name: `杯子 ${i}`,
  codeno: `YG${i}`,
  price: `${i}.90`,
  category: '家居,杯子',
  status: 1,
  main_image: `https://img.example.com/${i}.jpg`,
  spec_mode: 0,
  single_res: { codeno: `YS${i}`, price: `${i}.90`, stock: 5 },
})

/** YMCart addGoods is not an upsert: after an ambiguous failure it is never resent. */
const ADD_GOODS_FAULTS = [
  { name: 'rate_limit (HTTP 429) → backoff (refused before processing), created once', fault: { kind: 'rate_limit', http_status: 429 }, advice: ['backoff', 'no'], created: true },
  // The envelope form: HTTP 200 with {"code":429,"msg":"too_many_requests"}.
  { name: 'rate_limit (code 429 in the envelope) → backoff', fault: { kind: 'rate_limit' }, advice: ['backoff', 'no'], created: true },
  { name: 'http_502_html, applied → not resent; created once', fault: { kind: 'http_502_html', applied: true }, advice: ['no'], reason: 'html_body', created: true },
  { name: 'http_502_html, not applied → not resent; not created', fault: { kind: 'http_502_html' }, advice: ['no'], reason: 'html_body', created: false },
  { name: 'empty_body, applied → not resent', fault: { kind: 'empty_body', applied: true }, advice: ['no'], reason: 'empty_body', created: true },
  { name: 'empty_body, not applied → not resent', fault: { kind: 'empty_body' }, advice: ['no'], reason: 'empty_body', created: false },
  { name: 'timeout, applied → not resent', fault: { kind: 'timeout', delay: FAULT_DELAY_S, applied: true }, advice: ['no'], reason: 'transport', created: true },
  { name: 'timeout, not applied → not resent', fault: { kind: 'timeout', delay: FAULT_DELAY_S }, advice: ['no'], reason: 'transport', created: false },
  { name: 'partial_failure → insert_fail at the right rows', fault: { kind: 'partial_failure', indices: [0, 2] }, advice: ['no'], created: true, rejected: [4, 7] },
]

for (const c of ADD_GOODS_FAULTS) {
  test(`ymcart addGoods: ${c.name}`, async () => {
    const input = Array.from({ length: 10 }, (_, i) => (i === 5 ? { ...ymGoods(i), price: 'cheap' } : ymGoods(i)))
    const plan = ymcart().plan('addGoods', input, { onInvalid: 'skip', maxItems: 4 })
    assert.deepEqual(plan.map((b) => b.indices), [[0, 1, 2, 3], [4, 6, 7, 8], [9]])
    const report = await sync(plan, {
      beforeBatch: async (n) => {
        if (n === 1) await sb.faults([{ ...c.fault, method: 'addGoods' }])
      },
    })
    const hit = [4, 6, 7, 8]
    assert.deepEqual(report.batches[1].attempts.map((a) => a.retry), c.advice)
    // addGoods is no upsert: a lost or garbled answer is `unknown`, never resent.
    assert.equal(report.batches[1].attempts.at(-1).unknown, Boolean(c.reason))
    assert.deepEqual(report.pending, [])
    const all = [...report.accepted, ...report.rejected.map((r) => r.index), ...report.unknown.map((u) => u.index), 5].sort((a, b) => a - b)
    assert.deepEqual(all, [...input.keys()], 'every input position accounted for exactly once')
    if (c.reason) {
      // The outcome is unknown: reported, with the reason, for every item of the batch.
      assert.deepEqual(report.rejected, [])
      assert.deepEqual(report.unknown.map((u) => [u.index, u.reason]), hit.map((i) => [i, c.reason]))
    } else {
      const rejected = c.rejected || []
      assert.deepEqual(report.rejected.map((r) => [r.index, r.key, r.message]), rejected.map((i) => [i, input[i].codeno, 'insert_fail']))
    }
    const log = await sb.requestsOf('addGoods', report.batches.reduce((n, b) => n + b.attempts.length, 0))
    for (const i of hit) {
      const carrying = log.filter((e) => itemsOf(e).some((x) => x.key === input[i].codeno))
      assert.equal(carrying.length, c.advice.length, `item ${i}: sent once per attempt`)
      assert.ok(carrying.filter(processed).length <= 1, `item ${i}: processed at most once`)
    }
    const codenos = (await sb.data()).ym_goods.map((g) => g.codeno)
    assert.equal(new Set(codenos).size, codenos.length, 'no goods created twice')
    const expected = [...input.keys()]
      .filter((i) => i !== 5 && !(c.rejected || []).includes(i) && (c.created || !hit.includes(i)))
      .map((i) => input[i].codeno)
    assert.deepEqual([...codenos].sort(), [...expected].sort(), 'created: exactly what the server processed')
  })
}

test('ymcart: a queued clock_skew fault never touches YMCart (no clock): accepted, fault left queued', async () => {
  await sb.faults([{ kind: 'clock_skew' }])
  const report = await sync(ymcart().plan('addGoods', [ymGoods(1), ymGoods(2)]))
  assert.deepEqual(report.accepted, [0, 1])
  assert.equal((await sb.pendingFaults()).length, 1)
})

/** updateSkuQty is an upsert (stock is set, not added): resent after an ambiguous failure. */
const SKU_QTY_FAULTS = [
  { name: 'rate_limit (HTTP 429) twice', fault: { kind: 'rate_limit', times: 2, http_status: 429 }, advice: ['backoff', 'backoff', 'no'] },
  // The envelope form, as for addGoods.
  { name: 'rate_limit (code 429 in the envelope)', fault: { kind: 'rate_limit' }, advice: ['backoff', 'no'] },
  { name: 'http_502_html, applied', fault: { kind: 'http_502_html', applied: true }, advice: ['resend', 'no'], applied: true },
  { name: 'empty_body', fault: { kind: 'empty_body' }, advice: ['resend', 'no'] },
  { name: 'timeout, applied', fault: { kind: 'timeout', delay: FAULT_DELAY_S, applied: true }, advice: ['resend', 'no'], applied: true },
  { name: 'timeout, not applied', fault: { kind: 'timeout', delay: FAULT_DELAY_S }, advice: ['resend', 'no'] },
  { name: 'partial_failure', fault: { kind: 'partial_failure', indices: [1] }, advice: ['no'], rejected: [4] },
]

for (const c of SKU_QTY_FAULTS) {
  test(`ymcart updateSkuQty: ${c.name}`, async () => {
    const goods = Array.from({ length: 8 }, (_, i) => ymGoods(i))
    assert.equal((await sync(ymcart().plan('addGoods', goods))).accepted.length, 8)
    await sb.control('DELETE', 'requests')
    const input = goods.map((g, i) => ({ codeno: g.single_res.codeno, num: 100 + i }))
    const plan = ymcart().plan('updateSkuQty', input, { maxItems: 3 })
    const report = await sync(plan, {
      beforeBatch: async (n) => {
        if (n === 1) await sb.faults([{ ...c.fault, method: 'updateSkuQty' }])
      },
    })
    assert.deepEqual(report.batches[1].attempts.map((a) => a.retry), c.advice)
    const rejected = c.rejected || []
    assert.deepEqual(report.rejected.map((r) => [r.index, r.key, r.message]), rejected.map((i) => [i, input[i].codeno, 'update_fail']))
    assert.deepEqual(report.accepted, [...input.keys()].filter((i) => !rejected.includes(i)))
    const stock = new Map((await sb.data()).ym_sku.map((s) => [s.codeno, s.stock_nums]))
    for (const [i, x] of input.entries()) assert.equal(stock.get(x.codeno), rejected.includes(i) ? 5 : x.num, x.codeno)
    const log = await sb.requestsOf('updateSkuQty', report.batches.reduce((n, b) => n + b.attempts.length, 0))
    for (const [i, x] of input.entries()) {
      const carrying = log.filter((e) => itemsOf(e).some((y) => y.key === x.codeno))
      const inHit = [3, 4, 5].includes(i)
      assert.equal(carrying.length, inHit ? c.advice.length : 1, `item ${i} sent once per attempt`)
      assert.equal(carrying.filter(processed).length, inHit && c.applied ? 2 : 1, `item ${i} processed`)
    }
  })
}

/** skuList / goodsList: pages through every row, with faults on the way. */
for (const op of ['skuList', 'goodsList']) {
  test(`ymcart ${op}: pages through every row once, across faults`, async () => {
    const goods = Array.from({ length: 23 }, (_, i) => ymGoods(i))
    assert.equal((await sync(ymcart().plan('addGoods', goods))).accepted.length, 23)
    const data = await sb.data()
    const table = op === 'skuList' ? data.ym_sku : data.ym_goods
    const plan = ymcart().query(op, {}, { pageSize: 5 })
    const first = await drain(plan, { stopAfter: 1 })
    await sb.faults([
      { kind: 'rate_limit', http_status: 429, method: op },
      { kind: 'http_502_html', method: op },
      { kind: 'empty_body', method: op },
      { kind: 'timeout', delay: FAULT_DELAY_S, method: op },
    ])
    const mid = await drain(plan, { stopAfter: 2 })
    assert.deepEqual(mid.failures.map((f) => f.retry), ['backoff', 'resend', 'resend', 'resend'])
    // continue in a "new process" from the saved state
    const rest = await drain(sw.QueryPlan.resume(JSON.parse(mid.saved), ymcart()))
    await sb.until((log) => log.some((e) => /^fault: timeout/.test(e.verdict))) // the abandoned request, logged late
    const rows = [...first.rows, ...mid.rows, ...rest.rows]
    const ids = rows.map((r) => r.id)
    assert.equal(new Set(ids).size, ids.length, 'no row twice')
    assert.deepEqual([...ids].sort((a, b) => a - b), table.map((r) => r.id).sort((a, b) => a - b), 'every row')
    const codeno = new Map(table.map((r) => [r.id, r.codeno]))
    for (const r of rows) assert.equal(r.codeno, codeno.get(r.id))
  })
}

// ---------------------------------------------------------------- the README's loop

test("the README's push driver loop, as printed, through a run of faults", async () => {
  const fs = require('node:fs')
  const path = require('node:path')
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8')
  const code = readme.match(/```js\n(\/\/ push driver\n[\s\S]*?)```/)[1]
  const load = new Function('require', `${code}\nreturn pushByHand`)
  const pushByHand = load((name) => (name === 'skuwire' ? sw : require(name)))
  const op = 'goods.Goods.batchPush'
  const input = flagshipInput(op)
  await sb.faults([
    { kind: 'rate_limit', method: op },
    { kind: 'clock_skew', method: op },
    { kind: 'http_502_html', method: op },
    { kind: 'timeout', delay: FAULT_DELAY_S, method: op },
    { kind: 'partial_failure', indices: [2], method: op },
  ])
  const journal = []
  const report = await pushByHand(flagship(), op, input, { journal, timeoutMs: FETCH_TIMEOUT_MS })
  assert.deepEqual([report.unsent, report.unknown], [[], []])
  assert.deepEqual(report.invalid.map((i) => i.index), [3])
  assert.deepEqual(report.rejected, [{ index: 2, key: 'G2', message: '分类不存在' }])
  assert.deepEqual(report.accepted, [0, 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
  assert.deepEqual(report.retries, { resign: 1, backoff: 1, resend: 2 })
  const stored = FLAGSHIP[op].stored(await sb.data())
  assert.deepEqual([...stored.keys()].sort(), report.accepted.map((i) => input[i].goods_no).sort())
  const log = await sb.requestsOf(op, report.calls) // the timed-out one is logged last
  assert.equal(log.length, report.calls)
  assert.equal(log.filter((e) => !processed(e)).length, 4, 'four faults, none processed')
  for (const [i, item] of input.entries()) {
    const times = log.filter((e) => processed(e) && itemsOf(e).some((x) => x.key === item.goods_no)).length
    assert.equal(times, i === 3 ? 0 : 1, `item ${i} processed ${i === 3 ? 'never (invalid)' : 'once'}`)
  }
  // The journal it wrote resumes to the same report, with nothing left to send.
  const resumed = flagship().pushDriver(op, input, { journal: Buffer.concat(journal) })
  assert.deepEqual(resumed.report().accepted, report.accepted)
  assert.equal(resumed.next().kind, 'done')

  // addGoods is no upsert: a lost answer is not resent, its items are of unknown outcome.
  await sb.reset()
  await sb.faults([{ kind: 'timeout', delay: FAULT_DELAY_S, applied: true, method: 'addGoods' }])
  const goods = [ymGoods(1), ymGoods(2)]
  const lost = await pushByHand(ymcart(), 'addGoods', goods, { timeoutMs: FETCH_TIMEOUT_MS })
  assert.deepEqual([lost.accepted, lost.rejected, lost.unsent, lost.unknown], [[], [], [], [0, 1]])
  assert.equal(lost.calls, 1)
  await sb.until((log) => log.some((e) => /^fault: timeout/.test(e.verdict)))
  assert.deepEqual((await sb.data()).ym_goods.map((g) => g.codeno).sort(), ['YG1', 'YG2'], 'applied: checking first was right')
})
