'use strict'
// Whole pushes with `client.push` (the global fetch) against the offline
// sandbox: every fault kind on an upsert (batchPush) and on a create that is
// not one (YMCart addGoods), the report checked against the sandbox's store
// and request log; concurrency and the rate limit seen from the sandbox's
// arrival times; a push killed with SIGKILL at a random answer and resumed
// from its journal sends nothing twice; AbortSignal; the driver step by step.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawn } = require('node:child_process')
const sw = require('..')
const { startSandbox, CREDENTIALS } = require('./support/sandbox')

let sb
test.before(async () => {
  sb = await startSandbox(['--timeout-delay', '0.6'])
})
test.after(() => sb.stop())
test.beforeEach(() => sb.reset())

const flagship = (box = sb) => new sw.Flagship({ ...CREDENTIALS.flagship, baseUrl: box.flagshipUrl })
const ymcart = (box = sb) => new sw.Ymcart({ token: CREDENTIALS.ymcartToken, baseUrl: box.ymcartUrl })
const goods = (n, p = 'G') => Array.from({ length: n }, (_, i) => ({ goods_no: `${p}${i}`, goods_name: '保温杯', spec_list: [{ spec_no: `${p}${i}-1`, retail_price: '59.90' }] }))
const addGoods = (n, p = 'C') => Array.from({ length: n }, (_, i) => ({ base_name: `Cup ${i}`, codeno: `${p}${i}`, price: '9.90', category: 'Home', status: 1, main_image: 'http://img.test/cup.jpg' }))
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'skuwire-push-'))
const FAST = { timeoutMs: 300, backoffBaseMs: 50, backoffCapMs: 200 }

/** How many times the sandbox saved each item (its request log's `applied`). */
async function applied(box = sb) {
  const counts = new Map()
  for (const e of await box.requests()) for (const k of e.applied || []) counts.set(k, (counts.get(k) || 0) + 1)
  return counts
}

/** The report is the sandbox's truth: every item settled once, accepted ones stored, rejected ones not, no create applied twice. */
async function checkAgainstSandbox(report, op, items, box = sb) {
  const key = op === 'addGoods' ? 'codeno' : 'goods_no'
  const data = await box.data()
  const stored = new Map()
  for (const row of op === 'addGoods' ? data.ym_goods : data.goods) stored.set(row[key], (stored.get(row[key]) || 0) + 1)
  const rejected = report.rejected.map((r) => r.index)
  const settled = [...report.accepted, ...rejected, ...report.unknown, ...report.unsent, ...report.invalid.map((i) => i.index)].sort((a, b) => a - b)
  assert.deepEqual(settled, items.map((_, i) => i), 'every item settled exactly once')
  for (const i of report.accepted) assert.equal(stored.get(items[i][key]), 1, `accepted but not stored: ${items[i][key]}`)
  for (const i of rejected) assert.equal(stored.has(items[i][key]), false, `rejected but stored: ${items[i][key]}`)
  const maybe = new Set([...report.accepted, ...report.unknown, ...report.unsent].map((i) => items[i][key]))
  for (const k of stored.keys()) assert.ok(maybe.has(k), `stored but neither accepted nor unknown: ${k}`)
  const counts = await applied(box)
  if (op === 'addGoods') for (const [k, n] of counts) assert.equal(n, 1, `created twice: ${k}`)
  return counts
}

const FAULTS = ['rate_limit', 'clock_skew', 'http_502_html', 'timeout', 'partial_failure', 'expired_credential']

for (const fault of FAULTS) {
  test(`batchPush (an upsert) through ${fault}`, async () => {
    const items = goods(100)
    await sb.faults([{ kind: fault, ...(fault === 'timeout' ? { delay: 0.6 } : {}) }])
    const answers = []
    const report = await flagship().push('goods.Goods.batchPush', items, { maxItems: 25, concurrency: 2, rate: 50, ...FAST, onAnswer: (p, o) => answers.push([p, o]) })
    assert.equal((await sb.until((log) => log.length >= report.calls)).length, report.calls)
    const counts = await checkAgainstSandbox(report, 'goods.Goods.batchPush', items)
    if (fault === 'partial_failure') {
      assert.deepEqual(report.rejected.map((r) => r.message), ['分类不存在'])
      assert.equal(report.calls, 4)
    } else if (fault === 'expired_credential') {
      assert.equal(report.rejected.length, 25)
      assert.deepEqual([...new Set(report.rejected.map((r) => r.message))], ['appkey已过期'])
      assert.equal(report.calls, 4, 'an expired credential is not retried')
    } else {
      assert.deepEqual(report.accepted, items.map((_, i) => i))
      const kind = { rate_limit: 'backoff', clock_skew: 'resign', http_502_html: 'resend', timeout: 'resend' }[fault]
      assert.equal(report.retries[kind], 1)
      assert.equal(report.calls, 5)
    }
    assert.deepEqual([report.unknown, report.unsent], [[], []])
    assert.equal(answers.length, report.calls)
    for (const n of counts.values()) assert.equal(n, 1)
  })

  test(`addGoods (not an upsert) through ${fault}`, async () => {
    const items = addGoods(60)
    const options = fault === 'timeout' ? { delay: 0.6, applied: true } : fault === 'http_502_html' ? { applied: true } : {}
    await sb.faults([{ kind: fault, ...options }])
    const report = await ymcart().push('addGoods', items, { maxItems: 20, concurrency: 2, ...FAST })
    assert.equal((await sb.until((log) => log.length >= report.calls)).length, report.calls)
    await checkAgainstSandbox(report, 'addGoods', items)
    const stored = new Set((await sb.data()).ym_goods.map((g) => g.codeno))
    if (fault === 'timeout' || fault === 'http_502_html') {
      // Applied, then the answer was lost: unknown, stored once, never resent.
      assert.equal(report.unknown.length, 20)
      assert.equal(report.calls, 3)
      for (const i of report.unknown) assert.ok(stored.has(items[i].codeno))
    } else if (fault === 'partial_failure') {
      assert.equal(report.rejected.length, 1)
      assert.equal(report.accepted.length, 59)
    } else if (fault === 'expired_credential') {
      assert.deepEqual([...new Set(report.rejected.map((r) => r.message))], ['token_expired'])
      assert.equal(report.rejected.length, 20)
      assert.equal(report.calls, 3)
    } else if (fault === 'rate_limit') {
      assert.equal(report.accepted.length, 60)
      assert.equal(report.retries.backoff, 1)
    } else {
      // clock_skew: YMCart has no clock; the fault waits for another platform.
      assert.equal(report.accepted.length, 60)
    }
  })
}

test('concurrency and the rate limit, seen from the sandbox', async () => {
  const box = await startSandbox(['--latency', '0.2', '--rate-limit', '10'])
  try {
    const t = Date.now()
    const report = await flagship(box).push('goods.Goods.batchPush', goods(200), { maxItems: 10, concurrency: 8, rate: 10 })
    const took = (Date.now() - t) / 1000
    assert.equal(report.accepted.length, 200)
    assert.equal(report.calls, 20)
    const log = await box.requests()
    const arrivals = log.map((e) => e.received).sort((a, b) => a - b)
    const most = Math.max(...arrivals.map((a) => arrivals.filter((b) => b >= a && b < a + 1).length))
    assert.ok(most <= 10, `${most} calls within a second`)
    assert.equal(log.filter((e) => e.verdict.startsWith('rate limited')).length, 0)
    assert.ok(took >= 1.9 && took < 4, `${took} s`)
  } finally {
    await box.stop()
  }
})

test('calls overlap (real concurrency)', async () => {
  const box = await startSandbox(['--latency', '0.3'])
  try {
    const t = Date.now()
    const report = await flagship(box).push('goods.Goods.batchPush', goods(160), { maxItems: 20, concurrency: 8 })
    assert.equal(report.calls, 8)
    assert.ok(Date.now() - t < 1500, 'sequentially 8 × 0.3 s')
  } finally {
    await box.stop()
  }
})

const CHILD = `
const sw = require(process.argv[1])
const [url, op, journal] = process.argv.slice(2)
const client = op === 'addGoods'
  ? new sw.Ymcart({ token: 'sandbox-token', baseUrl: url + '/ymcart/{method}' })
  : new sw.Flagship({ sid: 'sandbox', appkey: 'sandbox-key', appsecret: 'sandbox-secret:sandbox-salt', baseUrl: url + '/openapi' })
const items = ${'${ITEMS}'}
client.push(op, items, { journal, maxItems: 10, concurrency: 3 }).then((r) => console.log(r.calls))
`

const itemsFor = (op) => (op === 'addGoods' ? addGoods(300, 'K') : goods(300, 'K'))

for (const op of ['addGoods', 'goods.Goods.batchPush']) {
  test(`${op}: killed with SIGKILL at a random answer, resumed from the journal, nothing sent twice`, async () => {
    const box = await startSandbox(['--latency', '0.05'])
    const dir = tmp()
    try {
      const journal = path.join(dir, 'push.jsonl')
      const killAfter = 3 + Math.floor(Math.random() * 18)
      const code = CHILD.replace('${ITEMS}', JSON.stringify(itemsFor(op)))
      const child = spawn(process.execPath, ['-e', code, path.join(__dirname, '..'), box.url, op, journal], { stdio: 'ignore' })
      const exited = new Promise((resolve) => child.once('exit', (c, s) => resolve(s)))
      await box.until((log) => log.length >= killAfter, 30000)
      child.kill('SIGKILL')
      assert.equal(await exited, 'SIGKILL', `killed after ${killAfter} answers`)
      await new Promise((resolve) => setTimeout(resolve, 200))
      const client = op === 'addGoods' ? ymcart(box) : flagship(box)
      const items = itemsFor(op)
      const before = await applied(box)
      const report = await client.push(op, items, { journal, maxItems: 10, concurrency: 3 })
      const counts = await checkAgainstSandbox(report, op, items, box)
      const key = op === 'addGoods' ? 'codeno' : 'goods_no'
      if (op === 'addGoods') {
        assert.equal(report.accepted.length + report.unknown.length, 300)
      } else {
        assert.equal(report.accepted.length, 300)
        assert.deepEqual(report.unknown, [])
        // What the killed run had stored is sent again only if its answer was not recorded.
        for (const [k, n] of counts) assert.ok(n - (before.get(k) || 0) <= 1, k)
      }
      // Once more: nothing left, nothing sent.
      const n = (await box.requests()).length
      const again = await client.push(op, items, { journal, maxItems: 7 })
      assert.equal((await box.requests()).length, n)
      assert.deepEqual([again.accepted, again.unknown], [report.accepted, report.unknown])
      assert.ok([...counts.keys()].every((k) => items.some((it) => it[key] === k)))
    } finally {
      await box.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
}

test('an AbortSignal stops the push; the journal resumes it', async () => {
  const box = await startSandbox(['--latency', '0.1'])
  const dir = tmp()
  try {
    const journal = path.join(dir, 'push.jsonl')
    const items = addGoods(100)
    const controller = new AbortController()
    let answers = 0
    const reason = new Error('enough')
    const stopped = ymcart(box).push('addGoods', items, {
      journal,
      maxItems: 10,
      concurrency: 2,
      signal: controller.signal,
      onAnswer: () => {
        answers += 1
        if (answers === 3) controller.abort(reason)
      },
    })
    await assert.rejects(stopped, (e) => e === reason)
    const partial = reason.report
    assert.ok(partial.accepted.length >= 30 && partial.unsent.length > 0, JSON.stringify([partial.accepted.length, partial.unsent.length]))
    // The call aborted in flight may have been applied: unknown, never resent.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const report = await ymcart(box).push('addGoods', items, { journal, maxItems: 10, concurrency: 2 })
    await checkAgainstSandbox(report, 'addGoods', items, box)
    assert.deepEqual(report.unknown, partial.unknown)
    assert.equal(report.accepted.length + report.unknown.length, 100)
  } finally {
    await box.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('the driver step by step, its state and its journal', async () => {
  const client = flagship()
  const driver = client.pushDriver('goods.Goods.batchPush', goods(120), { concurrency: 2, rate: 100, seed: 7 })
  const journal = [driver.takeJournal()]
  for (;;) {
    const act = driver.next()
    if (act.kind === 'done') break
    if (act.kind === 'wait') {
      await new Promise((resolve) => setTimeout(resolve, act.waitMs ?? 10))
      continue
    }
    journal.push(driver.takeJournal())
    const res = await fetch(act.request.url, { method: act.request.method, headers: act.request.headers, body: act.request.body })
    const outcome = driver.feed(act.call, res.status, Buffer.from(await res.arrayBuffer()), res.headers)
    assert.equal(outcome.ok, true)
    journal.push(driver.takeJournal())
  }
  const report = driver.report()
  assert.deepEqual([report.accepted.length, report.calls, report.ok], [120, 3, true])
  assert.deepEqual(sw.PushDriver.restore(JSON.parse(JSON.stringify(driver)), client).report(), report)
  const resumed = client.pushDriver('goods.Goods.batchPush', goods(120), { journal: Buffer.concat(journal) })
  assert.deepEqual(resumed.report().accepted, report.accepted)
  assert.equal(resumed.next().kind, 'done')
  assert.throws(() => client.pushDriver('goods.Goods.batchPush', goods(121), { journal: Buffer.concat(journal) }), (e) => e instanceof sw.SkuwireError && e.code === 'state')
  assert.throws(() => driver.feed(0, 200, ''), (e) => e instanceof sw.SkuwireError && e.code === 'state')
  assert.throws(() => client.pushDriver('goods.Goods.batchPush', goods(1), { concurrency: 0 }), (e) => e instanceof sw.SkuwireError)
  await assert.rejects(client.push('goods.Goods.batchPush', goods(1), { fetch: 'nope' }), (e) => e.code === 'invalid_argument')
})

test('a journal in use by a live process is refused; a dead one is taken over', async () => {
  const dir = tmp()
  try {
    const journal = path.join(dir, 'push.jsonl')
    fs.writeFileSync(`${journal}.lock`, String(process.pid))
    const started = Date.now()
    const pushing = flagship().push('goods.Goods.batchPush', goods(3), { journal })
    setTimeout(() => fs.rmSync(`${journal}.lock`), 300)
    const r = await pushing
    assert.ok(Date.now() - started >= 250 && r.accepted.length === 3)
    fs.writeFileSync(`${journal}.lock`, '999999999')
    assert.equal((await flagship().push('goods.Goods.batchPush', goods(3), { journal })).accepted.length, 3)
    assert.equal(fs.existsSync(`${journal}.lock`), false)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
