'use strict'
// The Node contender of benches/push/bench_push.py: `client.push` (the
// global fetch) of the catalog's goods into the sandbox at `url`; prints
// `{seconds, calls, accepted, rejected, unknown, unsent}` as JSON.
//   node benches/push/bench_push.js URL CATALOG RATE CONCURRENCY
const fs = require('node:fs')
const skuwire = require('../../bindings-node')

async function main() {
  const [url, catalog, rate, concurrency, margin] = process.argv.slice(2)
  const goods = JSON.parse(fs.readFileSync(catalog, 'utf8')).batch_push
  const client = new skuwire.Flagship({ sid: 'sandbox', appkey: 'sandbox-key', appsecret: 'sandbox-secret:sandbox-salt', baseUrl: `${url}/openapi` })
  const t = process.hrtime.bigint()
  const r = await client.push('goods.Goods.batchPush', goods, { rate: Number(rate), concurrency: Number(concurrency), rateMarginMs: Number(margin) })
  const seconds = Number(process.hrtime.bigint() - t) / 1e9
  console.log(JSON.stringify({ seconds, calls: r.calls, accepted: r.accepted.length, rejected: r.rejected.length, unknown: r.unknown.length, unsent: r.unsent.length }))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
