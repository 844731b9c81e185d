'use strict'
// Runs every shared vector in ../../tests/vectors through the public Node API.
// An unknown `kind` fails: a new kind must be taught here, never skipped.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const sw = require('..')

const dir = path.join(__dirname, '..', '..', 'tests', 'vectors')
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : []

const platformOf = new Map(sw.operations().map((o) => [o.name, o.platform]))

/** A vector may only expect what this runner checks: an unknown key fails. */
function onlyKeys(obj, allowed, where) {
  for (const k of Object.keys(obj)) assert.ok(allowed.includes(k), `${where}: vector expects ${JSON.stringify(k)}, which this runner does not know`)
}

// Credentials for plan/parse vectors, which do not sign.
function clientFor(platform, credentials, baseUrl, clientOptions) {
  const c = credentials || {}
  const extra = clientOptions || {}
  switch (platform) {
    case 'flagship':
      return new sw.Flagship({ sid: c.sid || 'sid', appkey: c.appkey || 'appkey', appsecret: c.appsecret || 'secret:salt', baseUrl: baseUrl || sw.FLAGSHIP_TEST_URL })
    case 'enterprise':
      return new sw.Enterprise({ sid: c.sid || 'sid', appkey: c.appkey || 'appkey', appsecret: c.appsecret || 'secret', baseUrl: baseUrl || sw.ENTERPRISE_SANDBOX_URL })
    case 'ymcart':
      return new sw.Ymcart({ token: c.token || 'token', baseUrl: baseUrl || 'https://shop.example.com/api/{method}', updateOptions: extra.update_options })
    default:
      throw new Error(`vector names an unknown platform ${platform}`)
  }
}

function planOptions(o) {
  const opts = o || {}
  return { maxItems: opts.max_items, maxBodyBytes: opts.max_body_bytes, strict: opts.strict, onInvalid: opts.on_invalid }
}

/** Plans `items` for `op` and returns the one batch they must form. */
function oneBatch(client, op, items) {
  const plan = client.plan(op, items)
  assert.equal(plan.batches.length, 1, 'the items should form one batch')
  assert.deepEqual(plan.batches[0].indices, items.map((_, i) => i))
  return plan.batches[0]
}

/**
 * Compares a value from skuwire with one from a vector (parsed by JSON.parse).
 * By skuwire's number rule a number that is not a safe integer comes back as
 * a string of its exact text; vector numbers survive a float64 round trip, so
 * such a string equals the vector's number when it parses to it.
 */
function sameJson(actual, expected, where) {
  if (typeof expected === 'number' && typeof actual === 'string') {
    assert.ok(!Number.isSafeInteger(expected), `${where}: a safe integer should come back as a number`)
    assert.equal(Number(actual), expected, where)
    return
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected a list`)
    assert.equal(actual.length, expected.length, `${where}: length`)
    expected.forEach((e, i) => sameJson(actual[i], e, `${where}[${i}]`))
    return
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${where}: expected an object`)
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${where}: keys`)
    for (const k of Object.keys(expected)) sameJson(actual[k], expected[k], `${where}.${k}`)
    return
  }
  assert.equal(actual, expected, where)
}

function checkRecords(actual, expected) {
  const summary = (errs) => errs.map((e) => `${e.type}@${JSON.stringify(e.loc)}`)
  assert.deepEqual(summary(actual), summary(expected))
  expected.forEach((e, i) => {
    onlyKeys(e, ['type', 'loc', 'ctx', 'msg', 'msg_zh'], `errors[${i}]`)
    const a = actual[i]
    for (const field of ['ctx', 'msg', 'msg_zh']) {
      if (field in e) sameJson(a[field], e[field], `errors[${i}].${field}`)
    }
    // Every record has the same six fields as in the other languages.
    assert.deepEqual(Object.keys(a), ['type', 'loc', 'msg', 'msg_zh', 'input', 'ctx'])
  })
}

/** Object members that are null become undefined (at every depth). */
function nullsToUndefined(x) {
  if (Array.isArray(x)) return x.map(nullsToUndefined)
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v === null ? undefined : nullsToUndefined(v)]))
  return x
}

function checkRequest(v, req) {
  const e = v.expected
  onlyKeys(e, ['sorted_params', 'string_to_sign', 'sign', 'wire_timestamp', 'method', 'url', 'headers', 'body'], 'expected')
  // Intermediates first, so a mismatch shows which step is wrong.
  if ('sorted_params' in e) assert.deepEqual(req.sortedParams, e.sorted_params, 'sorted_params')
  assert.equal(req.stringToSign, e.string_to_sign, 'string_to_sign')
  assert.equal(req.sign, e.sign, 'sign')
  assert.equal(req.timestamp, e.wire_timestamp, 'wire_timestamp')
  assert.equal(req.method, e.method)
  assert.equal(req.url, e.url)
  assert.deepEqual(req.headers, e.headers)
  assert.ok(Buffer.isBuffer(req.body))
  assert.equal(req.body.toString('utf8'), e.body)
}

const runners = {
  sign(v) {
    const client = clientFor(v.platform, v.credentials, v.base_url, v.client_options)
    let batch
    if (v.op !== null && v.op !== undefined) {
      batch = oneBatch(client, v.op, v.items)
      // undefined is "not given" as null is: the same request.
      checkRequest(v, oneBatch(client, v.op, nullsToUndefined(v.items)).sign({ timestamp: v.timestamp }))
    } else if (v.pager) {
      batch = client.call(v.method, v.payload, { pager: { pageNo: v.pager.page_no, pageSize: v.pager.page_size, calcTotal: v.pager.calc_total } })
    } else {
      batch = client.call(v.method, v.payload)
    }
    assert.equal(batch.method, v.method)
    checkRequest(v, batch.sign({ timestamp: v.timestamp }))
  },

  /** A query plan's first request (windows, pages, joined lists, nulls left out). */
  query(v) {
    const client = clientFor(v.platform, v.credentials, v.base_url, v.client_options)
    const o = v.options || {}
    onlyKeys(o, ['page_size'], 'options')
    const plan = client.query(v.op, v.params, { pageSize: o.page_size })
    checkRequest(v, plan.nextRequest({ timestamp: v.timestamp }))
    // undefined is "not given" as null is: the same request.
    const undef = client.query(v.op, nullsToUndefined(v.params), { pageSize: o.page_size })
    checkRequest(v, undef.nextRequest({ timestamp: v.timestamp }))
  },

  validate(v) {
    onlyKeys(v.expected, ['errors'], 'expected')
    const errors = sw.validate(v.op, v.payload, { strict: v.strict })
    checkRecords(errors, v.expected.errors)
  },

  plan(v) {
    const client = clientFor(platformOf.get(v.op))
    const opts = planOptions(v.options)
    const e = v.expected
    onlyKeys(e, ['batches', 'invalid', 'error_types'], 'expected')
    if (e.error_types) {
      assert.throws(() => client.plan(v.op, v.items, opts), (err) => {
        assert.ok(err instanceof sw.ValidationError)
        assert.equal(err.code, 'validation')
        assert.equal(err.op, v.op)
        assert.deepEqual(err.errors.map((r) => r.type), e.error_types)
        return true
      })
      // Streaming in raise mode stops at the first invalid item, with its errors.
      assert.throws(() => [...client.plan(v.op, (function* () { yield* v.items })(), opts)], (err) => {
        assert.ok(err instanceof sw.ValidationError)
        const types = err.errors.map((r) => r.type)
        assert.ok(types.length > 0)
        assert.deepEqual(types, e.error_types.slice(0, types.length))
        return true
      })
      return
    }
    const expectBatches = (batches) => assert.deepEqual(batches.map((b) => ({ indices: b.indices, body: b.bodyJson() })), e.batches)
    const expectInvalid = (invalid) =>
      assert.deepEqual(invalid.map((i) => ({ index: i.index, types: i.errors.map((r) => r.type) })), e.invalid || [])

    const plan = client.plan(v.op, v.items, opts)
    expectBatches(plan.batches)
    expectInvalid(plan.invalid)
    // undefined is "not given" as null is: the same batches.
    expectBatches(client.plan(v.op, nullsToUndefined(v.items), opts).batches)
    // The same plan, streamed from a generator: the same batches and invalid items.
    const stream = client.plan(v.op, (function* () { yield* v.items })(), opts)
    expectBatches([...stream])
    expectInvalid(stream.invalid)
  },

  parse(v) {
    let batch
    if (v.op !== null && v.op !== undefined) {
      batch = oneBatch(clientFor(platformOf.get(v.op)), v.op, v.items)
    } else {
      batch = clientFor(v.platform).call(v.method, v.platform === 'flagship' ? [] : {})
    }
    const body = 'body_base64' in v.response ? Buffer.from(v.response.body_base64, 'base64') : v.response.body
    const o = batch.parse(v.response.status, body)
    const e = v.expected
    const fields = {
      status: 'status', reason: 'reason', retry: 'retry', code: 'code', accepted: 'accepted', rejected: 'rejected', unknown: 'unknown',
      ids: 'ids', total_count: 'totalCount', message: 'message', http_status: 'httpStatus', notes: 'notes', data: 'data',
    }
    onlyKeys(e, Object.keys(fields), 'expected')
    for (const [vectorKey, jsKey] of Object.entries(fields)) {
      if (vectorKey in e) sameJson(o[jsKey], e[vectorKey], vectorKey)
    }
    assert.equal(o.ok, o.status === 'success')
    assert.equal(o.partial, o.status === 'partial')
    assert.equal(o.httpStatus, v.response.status)
    // Every position in one of accepted, rejected, unknown at most; in
    // exactly one when no retry is advised.
    const rejected = [...new Set(o.rejected.filter((r) => r.index !== null).map((r) => r.index))]
    const all = [...o.accepted, ...rejected, ...o.unknown]
    assert.equal(new Set(all).size, all.length, 'a position is in two lists')
    if (o.retry === 'no') assert.deepEqual(all.sort((a, b) => a - b), batch.indices, 'accepted ∪ rejected ∪ unknown must cover the batch')
  },
}

test('the shared vector folder is there, with the vectors', () => {
  assert.ok(fs.existsSync(path.join(dir, 'README.md')), `missing ${dir}`)
  // The same floor as the Rust and Python runners: an empty folder must not pass.
  assert.ok(files.length >= 40, `expected the shared vectors in ${dir}, found ${files.length}`)
})

for (const file of files) {
  const v = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
  test(`vector ${file} (${v.kind})`, () => {
    const run = runners[v.kind]
    assert.ok(run, `unknown vector kind ${JSON.stringify(v.kind)} in ${file}: teach tests/vectors.test.js about it`)
    run(v)
  })
}
