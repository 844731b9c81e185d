'use strict'
// Where the Node package's time goes, phase by phase, on the seeded catalog
// (SKUWIRE_BENCH_CATALOG): JSON.stringify alone, the shared conversion module
// (check + text + UTF-8, which includes the stringify), the whole `plan`
// on one thread (conversion, then the core's plan_json) and by default (the
// core planning chunks on its threads while JS converts), and signing every
// batch (of the default plan: its head starts made on the core's thread). Medians of
// SKUWIRE_BENCH_ROUNDS rounds (default 7) after one warm-up; run with
// `node --expose-gc`. Not part of bench.sh: a diagnostic, not a contender.
const fs = require('node:fs')
const path = require('node:path')
const skuwire = require('../../bindings-node')
const { toWireBytes } = require('../../bindings-node/convert.js')

const file = process.env.SKUWIRE_BENCH_CATALOG
if (!file) throw new Error('set SKUWIRE_BENCH_CATALOG to a file written by benches/catalog.py')
const data = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8'))
const rounds = Number(process.env.SKUWIRE_BENCH_ROUNDS || 7)
const client = new skuwire.Flagship({ sid: 'bench_sid', appkey: 'bench_key', appsecret: 'bench_secret:bench_salt', baseUrl: 'http://47.92.239.46/openapi' })

function time(label, fn) {
  let out
  const ms = []
  for (let i = 0; i <= rounds; i++) {
    out = undefined // the last round's result is not kept alive through this one
    if (global.gc) global.gc()
    const t = process.hrtime.bigint()
    out = fn()
    if (i > 0) ms.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  ms.sort((a, b) => a - b)
  console.log(`  ${label.padEnd(66)} ${ms[ms.length >> 1].toFixed(1).padStart(7)} ms`)
  return out
}

for (const [op, key] of [['goods.Goods.batchPush', 'batch_push'], ['goods.ApiGoods.upload', 'api_goods']]) {
  const items = data[key]
  console.log(op)
  time('JSON.stringify of the items alone', () => JSON.stringify(items))
  time('the shared module: check + text + UTF-8 (toWireBytes)', () => toWireBytes(items, true, skuwire.MAX_DEPTH))
  time('whole client.plan, parallel: false (the module, then the core)', () => client.plan(op, items, { parallel: false }))
  const plan = time('whole client.plan (the core plans on its threads meanwhile)', () => client.plan(op, items))
  time('sign every batch (url, body)', () => {
    for (const b of plan) {
      const r = b.sign({ timestamp: 1700000000 })
      if (!r.url || !r.body) throw new Error('an unsigned batch')
    }
  })
}
