'use strict'
// The shared hostile-input corpus (tests/hostile/corpus.json) through the
// Node package, then secrets and panics. Every case must end in the
// library's own answer (records, a SkuwireError/ValidationError with records
// of the expected type and location, or an Outcome) — never a crash, a glue
// TypeError or a hang — and the addon must keep working afterwards.
//
// Cases run one at a time in a worker thread, so a hang (which no timer can
// interrupt in the thread it blocks) fails its case: the worker is terminated
// and a fresh one takes the next case. Cases that find a bug stay in as
// listed in KNOWN_BUGS, which must still fail (a fixed one fails the run
// until it is taken off the list), as Python's strict xfail and Rust do.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const util = require('node:util')
const { Worker, isMainThread, parentPort } = require('node:worker_threads')
const sw = require('..')
const corpus = require(path.join(__dirname, '../../tests/hostile/corpus.cjs'))

const HOST = 'node'
const OP = 'goods.Goods.batchPush'
const ERROR_TYPES = new Set(sw.errorTypes().map((t) => t.type))
const PLATFORM_OF = new Map(sw.operations().map((o) => [o.name, o.platform]))

const KNOWN_BUGS = {}

function clientFor(platform, creds = {}) {
  if (platform === 'flagship') return new sw.Flagship({ sid: 'hostile-sid', appkey: 'hostile-key', appsecret: creds.appsecret || 'HostileSecret1:HostileSalt2', baseUrl: sw.FLAGSHIP_TEST_URL })
  if (platform === 'enterprise') return new sw.Enterprise({ sid: 'hostile-sid', appkey: 'hostile-key', appsecret: creds.appsecret || 'HostileEntSecret3', baseUrl: sw.ENTERPRISE_SANDBOX_URL })
  return new sw.Ymcart({ token: creds.token || 'HostileToken4', baseUrl: 'https://shop.example.com/api/{method}' })
}

function run(c, op) {
  const { expand, payloadOf, jsOptions } = corpus
  if (c.call === 'validate') return { kind: 'records', records: sw.validate(op, payloadOf(c)) }
  const client = clientFor(PLATFORM_OF.get(op))
  if (c.call === 'plan') {
    const plan = client.plan(op, payloadOf(c), jsOptions(c))
    return { kind: 'plan', batches: plan.batches.map((b) => b.indices), invalid: plan.invalid.map((i) => [i.index, i.errors]) }
  }
  if (c.call === 'query') {
    assert.ok(client.query(op, expand(c.input)).nextBatch())
    return { kind: 'records', records: [] }
  }
  if (c.call === 'parse') {
    const batches = c.items ? client.plan(op, expand(c.items)).batches : [client.query(op, expand(c.params)).nextBatch()]
    assert.equal(batches.length, 1)
    const o = batches[0].parse(expand(c.status), expand(c.body))
    return { kind: 'outcome', outcome: { status: o.status, reason: o.reason, retry: o.retry, accepted: o.accepted, unknown: o.unknown, rejected: o.rejected.map((r) => ({ index: r.index, key: r.key })) } }
  }
  throw new Error(`unknown call ${c.call}`)
}

function observe(c) {
  const op = corpus.isDirective(c.op) ? corpus.expand(c.op) : c.op
  try {
    return run(c, op)
  } catch (e) {
    return corpus.describeError(e, (x) => x instanceof sw.SkuwireError)
  }
}

function stillWorks() {
  const good = { goods_no: 'OK1', goods_name: '好', spec_list: [{ spec_no: 'OK1-1', retail_price: '1.50' }] }
  assert.deepEqual(sw.validate(OP, [good]), [])
  const [batch] = clientFor('flagship').plan(OP, [good]).batches
  assert.ok(batch.sign({ timestamp: 1_700_000_000 }).sign)
  assert.ok(batch.parse(200, '{"status":0,"data":{"error_list":[]}}').ok)
}

if (!isMainThread) {
  // Worker: run the case it is sent, then the still-working check.
  parentPort.on('message', (id) => {
    const seen = observe(corpus.CASES.find((c) => c.id === id))
    let still = null
    try {
      stillWorks()
    } catch (e) {
      still = String(e && e.stack)
    }
    parentPort.postMessage({ seen, still })
  })
} else {
  let worker = null
  const stop = () => {
    if (worker) worker.terminate()
    worker = null
  }
  /** Runs a case in the worker; a hang terminates it and fails the case. */
  function inWorker(id, ms) {
    if (!worker) worker = new Worker(__filename)
    const w = worker
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop()
        reject(new Error(`no answer within ${ms} ms (a hang)`))
      }, ms)
      const done = (f) => (x) => {
        clearTimeout(timer)
        w.removeAllListeners('message')
        w.removeAllListeners('error')
        f(x)
      }
      w.once('message', done(resolve))
      w.once('error', done((e) => {
        stop()
        reject(e)
      }))
      w.postMessage(id)
    })
  }

  test('hostile corpus', async (t) => {
    t.after(stop)
    for (const c of corpus.CASES) {
      const { expect, skip } = corpus.view(c, HOST)
      const options = skip ? { skip: `not applicable to Node: ${skip}` } : {}
      await t.test(c.id, options, async () => {
        const { seen, still } = await inWorker(c.id, c.heavy ? 120_000 : 30_000)
        try {
          corpus.checkOrKnownBug(expect, seen, ERROR_TYPES, c.id, KNOWN_BUGS[c.id])
        } finally {
          assert.equal(still, null, `the addon stopped working after ${c.id}: ${still}`)
        }
      })
    }
  })

  test('the corpus covers the issue, and every known bug names a case', () => {
    assert.ok(corpus.CASES.length >= 60)
    const issues = new Set(corpus.CASES.map((c) => c.issue))
    for (const item of corpus.ISSUE_ITEMS) assert.ok(issues.has(item), item)
    const ids = new Set(corpus.CASES.map((c) => c.id))
    for (const id of Object.keys(KNOWN_BUGS)) assert.ok(ids.has(id), id)
    // A known bug that passes fails; one that still fails passes.
    const valid = { kind: 'records', records: [] }
    assert.throws(() => corpus.checkOrKnownBug({ valid: true }, valid, ERROR_TYPES, 'x', 'a bug'), /x now passes/)
    corpus.checkOrKnownBug({ errors: [['missing', [0]]] }, valid, ERROR_TYPES, 'x', 'a bug')
  })

  // ---------------------------------------------------------------- secrets
  // secrets.test.js covers clients, requests, a transport-error outcome and
  // credential errors; here: real console output, parsed outcomes, query
  // plans, pages and their state, plans, batch/request JSON, and errors from
  // resuming or re-binding with other clients.
  const SECRET = 'Yt6SecretPart'
  const SALT = 'Rb3SaltPart'
  const ENT = 'Hc8EntSecret'
  const TOKEN = 'Pw5TokenValue'
  const SECRETS = [SECRET, SALT, ENT, TOKEN]
  const assertClean = (text, where) => {
    for (const s of SECRETS) assert.ok(!text.includes(s), `${where} shows a secret: ${text.slice(0, 400)}`)
  }
  const shown = (v) => [util.inspect(v, { depth: Infinity, showHidden: true, getters: true }), util.format('%o %O %j', v, v, v), String(v), JSON.stringify(v) ?? '']

  /** What console.log and console.error write, captured at the stream. */
  function captureConsole(fn) {
    const out = []
    const write = (chunk) => {
      out.push(String(chunk))
      return true
    }
    const [o, e] = [process.stdout.write, process.stderr.write]
    process.stdout.write = write
    process.stderr.write = write
    try {
      fn()
    } finally {
      process.stdout.write = o
      process.stderr.write = e
    }
    return out.join('')
  }

  test('outcomes, plans, query plans, pages and state hold no secret, in console.log too', () => {
    const f = clientFor('flagship', { appsecret: `${SECRET}:${SALT}` })
    const e = clientFor('enterprise', { appsecret: ENT })
    const y = clientFor('ymcart', { token: TOKEN })
    const good = { goods_no: 'G1', goods_name: 'n', spec_list: [{ spec_no: 'S1' }] }
    const plan = f.plan(OP, [good, { ...good, goods_no: '' }], { onInvalid: 'skip' })
    const things = [f, e, y, plan, plan.invalid, f.plan(OP, [good][Symbol.iterator]())]
    const [batch] = plan.batches
    for (const body of ['', '{"status":0,"data":{"error_list":[{"no":"G1","error":"x"}]}}', '<html>', '{"status":2,"message":"sign error"}']) things.push(batch.parse(200, body))
    const req = batch.sign({ timestamp: 1_700_000_000 })
    things.push(batch, batch.toJSON(), req, req.toJSON(), batch.transportError('timeout'))
    const q = e.query('vip_api_goods_query.php', { start_time: '2024-01-01 00:00:00', end_time: '2024-01-02 00:00:00' })
    things.push(q, q.nextRequest({ timestamp: 1_700_000_000 }), q.state())
    things.push(q.feed(200, '{"code":0,"total_count":1,"goods_list":[{"rec_id":"1","modified":"2024-01-01 10:00:00"}]}'), q, q.toJSON())
    const yq = y.query('goodsList', { page_no: 1 })
    const yr = yq.nextRequest()
    assert.ok(yr.body.toString().includes(TOKEN), 'the token is sent, as the platform needs')
    things.push(yq, yr, yr.toJSON(), y.plan('updateSkuQty', [{ codeno: 'C1', num: 1 }]).batches[0])
    for (const v of things) for (const text of shown(v)) assertClean(text, util.inspect(v).slice(0, 40))
    const printed = captureConsole(() => {
      for (const v of things) {
        console.log(v)
        console.error('%o', v)
        console.dir(v, { depth: Infinity, showHidden: true })
      }
    })
    assert.ok(printed.includes('REDACTED'), 'the capture saw the redacted requests')
    assertClean(printed, 'console output')
  })

  test('errors raised while using clients quote no secret, with their causes and stacks', () => {
    const f = clientFor('flagship', { appsecret: `${SECRET}:${SALT}` })
    const e = clientFor('enterprise', { appsecret: ENT })
    const y = clientFor('ymcart', { token: TOKEN })
    const good = { goods_no: 'G1', goods_name: 'n', spec_list: [{ spec_no: 'S1' }] }
    const [batch] = f.plan(OP, [good]).batches
    const q = e.query('vip_api_goods_query.php', { start_time: '2024-01-01 00:00:00', end_time: '2024-01-02 00:00:00' })
    const attempts = [
      () => new sw.Flagship({ sid: 's', appkey: 'k', appsecret: `${SECRET}:`, baseUrl: sw.FLAGSHIP_TEST_URL }),
      () => new sw.Flagship({ sid: 's', appkey: 'k', appsecret: { secret: SECRET }, baseUrl: sw.FLAGSHIP_TEST_URL }),
      () => new sw.Enterprise({ sid: 's', appkey: 'k', appsecret: ENT, baseUrl: 'ftp://x.example' }),
      () => new sw.Ymcart({ token: TOKEN, baseUrl: '' }),
      () => new sw.Ymcart({ token: TOKEN, baseUrl: 'https://x.example/{method}', updateOptions: { update_status: 7 } }),
      () => y.sign(batch),
      () => e.sign(batch),
      () => f.sign(q.nextBatch()),
      () => sw.Batch.fromJSON(batch.toJSON(), y),
      () => sw.Batch.fromJSON('{"method":"goods.Goods.batchPush"}', f),
      () => sw.QueryPlan.resume(q.state(), f),
      () => sw.QueryPlan.resume('{"op":1}', e),
      () => q.feed(200, '{}') && q.feed(200, '{}'),
      () => f.query('vip_api_goods_query.php', {}),
      () => y.call('goodsList', { token: 'x' }).sign(),
      () => batch.sign({ timestamp: 'soon' }),
    ]
    for (const [n, attempt] of attempts.entries()) {
      let err = null
      try {
        attempt()
      } catch (x) {
        err = x
      }
      // Every attempt must be refused: one that stops throwing fails here.
      assert.ok(err !== null, `attempt ${n} was not refused: ${attempt}`)
      assert.ok(err instanceof sw.SkuwireError, String(err))
      assertClean(`${err.message} ${err.msgZh} ${err.stack} ${util.inspect(err, { depth: Infinity, showHidden: true })} ${JSON.stringify(err)}`, 'error')
      assertClean(captureConsole(() => console.error(err)), 'console.error(err)')
    }
  })

  // ---------------------------------------------------------------- panics
  test('panics in a row, interleaved with work, each a SkuwireError; a panic in another thread leaves this one working', async () => {
    for (let i = 0; i < 50; i++) {
      assert.throws(() => sw.__panicForTests(), (e) => e instanceof sw.SkuwireError && e.code === 'internal' && corpus.CJK.test(e.msgZh))
      stillWorks()
    }
    const other = new Worker(`
      const sw = require(${JSON.stringify(path.join(__dirname, '..'))});
      let code = null;
      try { sw.__panicForTests() } catch (e) { code = e.code }
      require('node:worker_threads').parentPort.postMessage(code)`, { eval: true })
    const code = await new Promise((resolve, reject) => {
      other.once('message', resolve)
      other.once('error', reject)
    })
    await other.terminate()
    assert.equal(code, 'internal')
    stillWorks()
  })
}
