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
// take its URL and body.
function runPackage(op, items) {
  const out = []
  for (const batch of client.plan(op, items)) {
    const r = batch.sign({ timestamp: TIMESTAMP })
    out.push({ url: r.url, body: r.body, sign: r.sign })
  }
  return out
}

const OPS = {
  batchPush: { op: 'goods.Goods.batchPush', key: 'batch_push', baseline: baseline.batchPush },
  'ApiGoods.upload': { op: 'goods.ApiGoods.upload', key: 'api_goods', baseline: baseline.apiGoodsUpload },
}

function contenders(data, name) {
  const { op, key, baseline: fn } = OPS[name]
  return {
    skuwire: () => runPackage(op, data[key]),
    'ajv-baseline': () => fn(signer, data[key], TIMESTAMP),
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

function checkBaselineMirrorsRules(data) {
  const mutations = {
    'goods_no too long (41 characters)': (g) => { g.goods_no = '货'.repeat(41) },
    'goods_name blank': (g) => { g.goods_name = '  \u3000' },
    'goods_name missing': (g) => { delete g.goods_name },
    'goods_type not in the enum': (g) => { g.goods_type = 7 },
    'spec_list empty': (g) => { g.spec_list = [] },
    'spec_list over 500': (g) => { g.spec_list = Array.from({ length: 501 }, (_, i) => ({ ...g.spec_list[0], spec_no: `X${i}` })) },
    'spec_no control character': (g) => { g.spec_list[0].spec_no = 'A\u0001B' },
    'barcode over 50': (g) => { g.spec_list[0].barcode = '6'.repeat(51) },
    'retail_price 5 places': (g) => { g.spec_list[0].retail_price = '1.23456' },
    'market_price 16 whole digits': (g) => { g.spec_list[0].market_price = '1234567890123456' },
    'weight with an exponent': (g) => { g.spec_list[0].weight = '1e3' },
    'wms_process_mask not a flag sum': (g) => { g.spec_list[0].wms_process_mask = 4 },
    'validity_days over six digits': (g) => { g.spec_list[0].validity_days = 1000000 },
    'spec_no repeated in the goods': (g) => { g.spec_list[1].spec_no = g.spec_list[0].spec_no },
  }
  for (const [label, mutate] of Object.entries(mutations)) {
    const goods = structuredClone(data.batch_push.slice(0, 3))
    mutate(goods[1])
    assert.ok(skuwire.validate('goods.Goods.batchPush', goods).length > 0, `skuwire accepts: ${label}`)
    assert.throws(() => baseline.batchPush(signer, goods, TIMESTAMP), baseline.BaselineErrors, `the baseline accepts: ${label}`)
  }
  const goods = structuredClone(data.batch_push.slice(0, 3))
  goods[0].goods_name = '货'.repeat(255)
  goods[0].spec_list[0].retail_price = '1.50000'
  goods[0].spec_list[0].remark = '第一行\n第二行\t'
  goods[0].undocumented = 'passes through'
  assert.deepEqual(skuwire.validate('goods.Goods.batchPush', goods), [])
  assert.equal(baseline.batchPush(signer, goods, TIMESTAMP).length, 1)
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

// Wall clock is what is compared; CPU time (this process, every thread) is
// reported beside it, because skuwire reads and plans large arrays on worker
// threads while the JS thread checks the next items.
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
  checkBaselineMirrorsRules(data)
  const results = { goods: data.batch_push.length, rows: data.api_goods.length, node: process.version, load: os.loadavg(), groups: {} }
  for (const name of Object.keys(OPS)) {
    checkSameGoods(data, name)
    results.groups[name] = {}
    for (const [k, fn] of Object.entries(contenders(data, name))) {
      const r = time(fn)
      results.groups[name][k] = r
      console.log(`node ${name.padEnd(16)} ${k.padEnd(14)} median ${r.median_ms.toFixed(1).padStart(9)} ms  (min ${r.min_ms.toFixed(1)}, max ${r.max_ms.toFixed(1)}, ${r.rounds} rounds; CPU ${r.cpu_median_ms.toFixed(1)} ms)`)
    }
    const g = results.groups[name]
    console.log(`node ${name.padEnd(16)} skuwire is ${(g['ajv-baseline'].median_ms / g.skuwire.median_ms).toFixed(2)}x the ajv baseline`)
  }
  if (process.env.SKUWIRE_BENCH_OUT) fs.writeFileSync(path.resolve(process.env.SKUWIRE_BENCH_OUT), JSON.stringify(results, null, 1))
  // Reached only when every check above held (an assertion throws).
  console.log(`node checks: ${1 + Object.keys(OPS).length} passed, 0 failed`)
}

main()
