'use strict'
// Query plans driven the way a sync job drives them: nextRequest → fetch →
// feed, across windows and pages, with typed rows, de-duplication, a state
// saved after each page and resumed in a "new process".

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const sw = require('..')

const OP = 'vip_api_goods_query.php'

/** A fake enterprise endpoint: 5 rows per window, served by page_no/page_size. */
async function enterpriseServer() {
  const seen = []
  const srv = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString())
      seen.push(Object.fromEntries(form))
      const pageNo = Number(form.get('page_no'))
      const size = Number(form.get('page_size'))
      const window = form.get('start_time')
      const base = window.startsWith('2024-01-01') ? 100 : 200
      const all = Array.from({ length: 5 }, (_, i) => ({
        rec_id: String(base + i),
        api_goods_name: `商品${base + i}`,
        price: '20.0000',
        stock_num: '3.5000',
        modified: '2024-01-02 03:04:05',
      }))
      // In the first window a row moved while reading: later pages shift by
      // one, so page 1 starts with the last row of page 0 again.
      const from = base === 100 && pageNo > 0 ? pageNo * size - 1 : pageNo * size
      const rows = all.slice(from, from + size)
      const body = { code: 0, message: 'ok', goods_list: rows }
      if (pageNo === 0) body.total_count = String(all.length)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    })
  })
  await new Promise((r) => srv.listen(0, '127.0.0.1', r))
  return { base: `http://127.0.0.1:${srv.address().port}/openapi2`, seen, close: () => new Promise((r) => srv.close(r)) }
}

async function send(req) {
  const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body })
  return [res.status, Buffer.from(await res.arrayBuffer())]
}

test('a query walks every window and page, with typed, de-duplicated rows', async (t) => {
  const srv = await enterpriseServer()
  t.after(srv.close)
  const client = new sw.Enterprise({ sid: 's', appkey: 'k', appsecret: 'x', baseUrl: srv.base })
  const plan = client.query(OP, { start_time: '2024-01-01 00:00:00', end_time: '2024-02-14 00:00:00' }, { pageSize: 2 })
  assert.ok(plan instanceof sw.QueryPlan)
  assert.equal(plan.windowCount, 2)
  assert.deepEqual(plan.currentWindow, ['2024-01-01T00:00:00+08:00', '2024-01-30T23:59:59+08:00'])
  const rows = []
  let pages = 0
  let dropped = 0
  for (let req = plan.nextRequest(); req !== null; req = plan.nextRequest()) {
    const page = plan.feed(...(await send(req)))
    assert.ok(page.ok, JSON.stringify(page.outcome))
    rows.push(...page.items)
    dropped += page.duplicatesDropped
    pages++
  }
  assert.equal(plan.done, true)
  assert.equal(pages, 6, '3 pages of 2 per window of 5 rows')
  assert.deepEqual(rows.map((r) => r.rec_id), [100, 101, 102, 103, 104, 200, 201, 202, 203, 204])
  assert.equal(dropped, 1)
  assert.equal(plan.duplicatesDropped, 1)
  assert.deepEqual(rows[0], { rec_id: 100, api_goods_name: '商品100', price: '20.0000', stock_num: '3.5000', modified: '2024-01-02T03:04:05+08:00' })
  assert.deepEqual(srv.seen.map((f) => [f.start_time.slice(0, 10), f.page_no, f.page_size]), [
    ['2024-01-01', '0', '2'], ['2024-01-01', '1', '2'], ['2024-01-01', '2', '2'],
    ['2024-01-31', '0', '2'], ['2024-01-31', '1', '2'], ['2024-01-31', '2', '2'],
  ])
})

test('state() after a page resumes in a new plan where the old one stopped', async (t) => {
  const srv = await enterpriseServer()
  t.after(srv.close)
  const client = new sw.Enterprise({ sid: 's', appkey: 'k', appsecret: 'x', baseUrl: srv.base })
  const first = client.query(OP, { start_time: 1704038400, end_time: '2024-02-14T00:00:00+08:00' }, { pageSize: 2 })
  const p0 = first.feed(...(await send(first.nextRequest())))
  assert.deepEqual(p0.items.map((r) => r.rec_id), [100, 101])
  const saved = JSON.stringify(first) // what a job writes after each page
  const again = sw.QueryPlan.resume(JSON.parse(saved), client)
  assert.equal(again.pageNo, 1)
  const rest = []
  for (let req = again.nextRequest(); req !== null; req = again.nextRequest()) rest.push(...again.feed(...(await send(req))).items)
  assert.deepEqual(rest.map((r) => r.rec_id), [102, 103, 104, 200, 201, 202, 203, 204], 'the repeated row 101 is still known as seen')
  assert.equal(again.rowsDelivered, 10)
})

test('a failed page does not advance the plan; its outcome says what to do', () => {
  const client = new sw.Enterprise({ sid: 's', appkey: 'k', appsecret: 'x', baseUrl: sw.ENTERPRISE_SANDBOX_URL })
  const plan = client.query(OP, { start_time: '2024-01-01 00:00:00', end_time: '2024-01-02 00:00:00' })
  const a = plan.nextRequest({ timestamp: 1_700_000_000 })
  const clock = plan.feed(200, '{"code":100,"message":"timestamp过期"}')
  assert.equal(clock.ok, false)
  assert.equal(clock.outcome.retry, 'resign')
  assert.equal(plan.pageNo, 0)
  const b = plan.nextRequest({ timestamp: 1_700_000_100 })
  assert.notEqual(a.sign, b.sign, 'signed afresh')
  assert.equal(new URLSearchParams(b.body.toString()).get('page_no'), '0')
  const lost = plan.feedTransportError('ETIMEDOUT')
  assert.equal(lost.outcome.retry, 'resend')
  assert.throws(() => plan.feed(200, '{}'), (e) => e instanceof sw.SkuwireError && e.code === 'state')
  const batch = plan.nextBatch()
  assert.equal(batch.op, OP)
  const done = plan.feed(200, '{"code":0,"total_count":"0","goods_list":[]}')
  assert.equal(done.ok, true)
  assert.equal(done.done, true)
  assert.equal(plan.nextRequest(), null)
})

test('query parameters are validated with every problem at once', () => {
  const client = new sw.Enterprise({ sid: 's', appkey: 'k', appsecret: 'x', baseUrl: sw.ENTERPRISE_SANDBOX_URL })
  assert.throws(() => client.query(OP, { start_time: '2024-02-01 00:00:00', end_time: '2024-01-01 00:00:00', page_size: 500 }), (e) => {
    assert.ok(e instanceof sw.ValidationError)
    assert.deepEqual(e.errors.map((r) => r.type), ['time_range', 'int_out_of_range'])
    return true
  })
  assert.throws(() => client.query(OP, { start_time: NaN, end_time: '2024-01-01 00:00:00' }), (e) => e instanceof sw.ValidationError && e.errors[0].type === 'decimal_not_finite')
  assert.throws(() => client.query('goods.Goods.batchPush', {}), (e) => e instanceof sw.SkuwireError)
  assert.throws(() => sw.QueryPlan.resume({ type: 'skuwire.QueryState', json: '{"version":99}' }, client), (e) => e instanceof sw.SkuwireError)
})
