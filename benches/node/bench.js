'use strict'
// skuwire's Node package against the ajv baseline, end to end: validate →
// plan → serialize → sign every batch, on the seeded catalog
// (benches/catalog.py; SKUWIRE_BENCH_CATALOG names the file).
//
// A plain process.hrtime loop: one warm-up run, then SKUWIRE_BENCH_ROUNDS
// timed runs (default 7) per contender; the median is reported. Before
// timing, checks keep the comparison honest: every contender sends the same
// goods with signatures that verify independently, and the baseline refuses
// what skuwire refuses. `--smoke`: one timed round (scripts/test-bench.sh).
// Results go to SKUWIRE_BENCH_OUT as JSON when set.
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const skuwire = require('../../bindings-node')
const baseline = require('./baseline')

const TIMESTAMP = 1700000000
const [SID, KEY, APPSECRET] = ['bench_sid', 'bench_key', 'bench_secret:bench_salt']
const BASE_URL = 'http://47.92.239.46/openapi'
const smoke = process.argv.includes('--smoke')
const rounds = smoke ? 1 : Number(process.env.SKUWIRE_BENCH_ROUNDS || 7)

function loadCatalog() {
  const file = process.env.SKUWIRE_BENCH_CATALOG
  if (!file) throw new Error('set SKUWIRE_BENCH_CATALOG to a file written by benches/catalog.py')
  return JSON.parse(fs.readFileSync(file, 'utf8'))
}

const client = new skuwire.Flagship({ sid: SID, appkey: KEY, appsecret: APPSECRET, baseUrl: BASE_URL })
const signer = new baseline.Signer(SID, KEY, APPSECRET, BASE_URL)

// What a user's sync loop does before sending: plan, then sign each batch and
// take its URL and body. By default a large array is planned by the core on
// a second thread while JS converts it (CPU time shows it); `parallel: false`
// keeps every step on this thread.
function runPackage(op, items, options) {
  const out = []
  for (const batch of client.plan(op, items, options)) {
    const r = batch.sign({ timestamp: TIMESTAMP })
    out.push({ url: r.url, body: r.body, sign: r.sign })
  }
  return out
}

// Per operation: the equal-rules ajv baseline, the lean one (types, lengths
// and enums only) and the floor (the same calls, JSON.stringify + MD5 + URL,
// no checks: the work no contender avoids).
const OPS = {
  batchPush: { op: 'goods.Goods.batchPush', key: 'batch_push', equal: baseline.batchPush, lean: baseline.batchPushLean, floor: baseline.batchPushFloor },
  'ApiGoods.upload': { op: 'goods.ApiGoods.upload', key: 'api_goods', equal: baseline.apiGoodsUpload, lean: baseline.apiGoodsUploadLean, floor: baseline.apiGoodsUploadFloor },
}

function contenders(data, name) {
  const { op, key, equal, lean, floor } = OPS[name]
  return {
    skuwire: () => runPackage(op, data[key]),
    'skuwire-1-thread': () => runPackage(op, data[key], { parallel: false }),
    'ajv-baseline': () => equal(signer, data[key], TIMESTAMP),
    'ajv-lean': () => lean(signer, data[key], TIMESTAMP),
    floor: () => floor(signer, data[key], TIMESTAMP),
  }
}

// An independent flagship signature check, as the server does it.
function verifies({ url, body, sign }) {
  const [secret, salt] = [APPSECRET.slice(0, APPSECRET.indexOf(':')), APPSECRET.slice(APPSECRET.indexOf(':') + 1)]
  const params = Object.fromEntries(new URL(url).searchParams)
  if (params.sign !== sign || params.salt !== salt) return false
  delete params.sign
  params.body = body.toString('utf8')
  const text = secret + Object.keys(params).sort().map((k) => k + params[k]).join('') + secret
  return crypto.createHash('md5').update(text).digest('hex') === sign
}

function checkSameGoods(data, name) {
  const runs = Object.fromEntries(Object.entries(contenders(data, name)).map(([k, fn]) => [k, fn()]))
  for (const [k, calls] of Object.entries(runs)) assert.ok(calls.every(verifies), `${k}: a signature does not verify`)
  const bodies = Object.fromEntries(Object.entries(runs).map(([k, calls]) => [k, calls.map((c) => JSON.parse(c.body))]))
  assert.deepEqual(bodies['ajv-baseline'], bodies.skuwire, `${name}: the contenders send different goods`)
}

// Each mutation breaks one rule skuwire checks. `lean`: the lean baseline
// claims that rule too (a type, a length or an enum), so it must refuse it.
const MUTATIONS = {
  batchPush: {
    'goods_no too long (41 characters)': [true, (g) => { g.goods_no = '货'.repeat(41) }],
    'goods_name blank': [false, (g) => { g.goods_name = '  \u3000' }],
    'goods_name missing': [true, (g) => { delete g.goods_name }],
    'goods_type not in the enum': [true, (g) => { g.goods_type = 7 }],
    'spec_list empty': [true, (g) => { g.spec_list = [] }],
    'spec_list over 500': [true, (g) => { g.spec_list = Array.from({ length: 501 }, (_, i) => ({ ...g.spec_list[0], spec_no: `X${i}` })) }],
    'spec_no control character': [false, (g) => { g.spec_list[0].spec_no = 'A\u0001B' }],
    'barcode over 50': [true, (g) => { g.spec_list[0].barcode = '6'.repeat(51) }],
    'retail_price 5 places': [false, (g) => { g.spec_list[0].retail_price = '1.23456' }],
    'market_price 16 whole digits': [false, (g) => { g.spec_list[0].market_price = '1234567890123456' }],
    'weight with an exponent': [false, (g) => { g.spec_list[0].weight = '1e3' }],
    'retail_price a list': [true, (g) => { g.spec_list[0].retail_price = ['1'] }],
    'wms_process_mask not a flag sum': [false, (g) => { g.spec_list[0].wms_process_mask = 4 }],
    'validity_days over six digits': [false, (g) => { g.spec_list[0].validity_days = 1000000 }],
    'spec_no repeated in the goods': [false, (g) => { g.spec_list[1].spec_no = g.spec_list[0].spec_no }],
  },
  'ApiGoods.upload': {
    'shop_no missing': [true, (r) => { delete r.shop_no }],
    'shop_no blank': [false, (r) => { r.shop_no = ' \u3000' }],
    'goods_id too long (41 characters)': [true, (r) => { r.goods_id = '货'.repeat(41) }],
    'spec_id control character': [false, (r) => { r.spec_id = 'A\u0001B' }],
    'goods_name over 255': [true, (r) => { r.goods_name = '货'.repeat(256) }],
    'pic_url over 255': [true, (r) => { r.pic_url = 'h'.repeat(256) }],
    'status not in the enum': [true, (r) => { r.status = 3 }],
    'price 5 places': [false, (r) => { r.price = '1.23456' }],
    'stock_num 16 whole digits': [false, (r) => { r.stock_num = '1234567890123456' }],
    'price with an exponent': [false, (r) => { r.price = '1e3' }],
    'price an object': [true, (r) => { r.price = { v: 1 } }],
    'shop_no+goods_id+spec_id repeated': [false, (r, next) => { r.goods_id = next.goods_id = 'dup'; r.spec_id = next.spec_id = 'dup'; next.shop_no = r.shop_no }],
  },
}

// The baselines refuse what skuwire refuses (the lean one: what it claims),
// and accept what skuwire accepts; for every operation that has a baseline.
function checkBaselinesMirrorRules(data) {
  let checks = 0
  for (const [name, { op, key, equal, lean }] of Object.entries(OPS)) {
    for (const [label, [leanToo, mutate]] of Object.entries(MUTATIONS[name])) {
      const items = structuredClone(data[key].slice(0, 4))
      mutate(items[1], items[2])
      assert.ok(skuwire.validate(op, items).length > 0, `${name}: skuwire accepts: ${label}`)
      assert.throws(() => equal(signer, items, TIMESTAMP), baseline.BaselineErrors, `${name}: the baseline accepts: ${label}`)
      if (leanToo) assert.throws(() => lean(signer, items, TIMESTAMP), baseline.BaselineErrors, `${name}: the lean baseline accepts: ${label}`)
      checks++
    }
    const items = structuredClone(data[key].slice(0, 4))
    items[0].goods_name = '货'.repeat(255)
    if (name === 'batchPush') {
      items[0].spec_list[0].retail_price = '1.50000'
      items[0].spec_list[0].remark = '第一行\n第二行\t'
    } else {
      items[0].price = '1.50000'
      items[0].spec_name = '第一行\n第二行\t'
    }
    items[0].undocumented = 'passes through'
    assert.deepEqual(skuwire.validate(op, items), [], `${name}: skuwire refuses the accepted items`)
    assert.ok(equal(signer, items, TIMESTAMP).length >= 1)
    assert.ok(lean(signer, items, TIMESTAMP).length >= 1)
    checks++
  }
  return checks
}

// A floor under any checker of JS values: every value read once, its type
// looked at (what JSON.stringify cannot show — NaN, undefined, a Date —
// has to be found by some walk), nothing checked or written. Returns how
// many values it read, so the walk cannot be optimized away.
function visitFloor(v) {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? 1 : 0
    case 'string':
    case 'boolean':
      return 1
    case 'object': {
      if (v === null) return 1
      let n = 0
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) n += visitFloor(v[i])
      else for (const k in v) n += visitFloor(v[k])
      return n
    }
    default:
      return 0
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

// Wall clock is what is compared; CPU time (this process, every thread) is
// reported beside it, so a contender that used a second thread would show.
function time(fn) {
  fn() // warm-up: JIT, ajv's compiled code, the addon's first calls
  const ms = []
  const cpu = []
  for (let i = 0; i < rounds; i++) {
    if (global.gc) global.gc()
    const c = process.cpuUsage()
    const t = process.hrtime.bigint()
    fn()
    ms.push(Number(process.hrtime.bigint() - t) / 1e6)
    const used = process.cpuUsage(c)
    cpu.push((used.user + used.system) / 1e3)
  }
  return { median_ms: median(ms), min_ms: Math.min(...ms), max_ms: Math.max(...ms), rounds: ms.length, cpu_median_ms: median(cpu) }
}

function main() {
  const data = loadCatalog()
  let checks = checkBaselinesMirrorRules(data)
  const results = { goods: data.batch_push.length, rows: data.api_goods.length, node: process.version, smoke, load: os.loadavg(), groups: {} }
  for (const name of Object.keys(OPS)) {
    checkSameGoods(data, name)
    checks++
    results.groups[name] = {}
    for (const [k, fn] of Object.entries(contenders(data, name))) {
      const r = time(fn)
      results.groups[name][k] = r
      console.log(`node ${name.padEnd(16)} ${k.padEnd(16)} median ${r.median_ms.toFixed(1).padStart(9)} ms  (min ${r.min_ms.toFixed(1)}, max ${r.max_ms.toFixed(1)}, ${r.rounds} rounds; CPU ${r.cpu_median_ms.toFixed(1)} ms)`)
    }
    const { key } = OPS[name]
    assert.ok(visitFloor(data[key]) > data[key].length, 'the visit floor reads every value')
    const v = time(() => visitFloor(data[key]))
    results.groups[name]['visit-floor'] = v
    console.log(`node ${name.padEnd(16)} ${'visit-floor'.padEnd(16)} median ${v.median_ms.toFixed(1).padStart(9)} ms  (a bare walk of every value, no checks)`)
    const g = results.groups[name]
    const x = (k) => (g[k].median_ms / g.skuwire.median_ms).toFixed(2)
    const x1 = (k) => (g[k].median_ms / g['skuwire-1-thread'].median_ms).toFixed(2)
    console.log(`node ${name.padEnd(16)} skuwire is ${x('ajv-baseline')}x the ajv baseline, ${x('ajv-lean')}x the lean one (on one thread: ${x1('ajv-baseline')}x, ${x1('ajv-lean')}x); floor ${g.floor.median_ms.toFixed(1)} ms${smoke ? ' (smoke: timings mean nothing)' : ''}`)
  }
  results.load_after = os.loadavg()
  if (process.env.SKUWIRE_BENCH_OUT) fs.writeFileSync(path.resolve(process.env.SKUWIRE_BENCH_OUT), JSON.stringify(results, null, 1))
  // Reached only when every check above held (an assertion throws).
  console.log(`node checks: ${checks} passed, 0 failed`)
}

main()
