'use strict'
// Prepared requests sent with fetch (undici, built into Node) to a local
// http server that records what arrives: the bytes on the wire (path and
// query, content type, body) are exactly the signed ones, and a server that
// checks the signature the way the platforms do accepts them.

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const crypto = require('node:crypto')
const sw = require('..')

const md5 = (s) => crypto.createHash('md5').update(s).digest('hex')

/** A server that records each request and answers with `reply(record)`. */
async function server(reply) {
  const seen = []
  const srv = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const record = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) }
      seen.push(record)
      const [status, body] = reply(record)
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      res.end(body)
    })
  })
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${srv.address().port}`
  return { base, seen, close: () => new Promise((resolve) => srv.close(resolve)) }
}

/** The flagship check, written from the spec: MD5(secret + sorted k+v (query params and body) + secret). */
function flagshipSignOk(record, secret) {
  const q = new URL(record.url, 'http://x').searchParams
  const params = [...q.entries()].filter(([k]) => k !== 'sign')
  params.push(['body', record.body.toString('utf8')])
  params.sort(([a], [b]) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1))
  return md5(secret + params.map(([k, v]) => k + v).join('') + secret) === q.get('sign')
}

/** The enterprise check: MD5(join(';', "%02d-k:%04d-v") + appsecret), lengths in code points. */
function enterpriseSignOk(record, appsecret) {
  const form = new URLSearchParams(record.body.toString('utf8'))
  const params = [...form.entries()].filter(([k]) => k !== 'sign')
  params.sort(([a], [b]) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1))
  const pad = (n, w) => String(n).padStart(w, '0')
  const s = params.map(([k, v]) => `${pad([...k].length, 2)}-${k}:${pad([...v].length, 4)}-${v}`).join(';')
  return md5(s + appsecret) === form.get('sign')
}

const goods = (n) => ({ goods_no: `W${n}`, goods_name: `保温杯 ${n} "特价" & more`, spec_list: [{ spec_no: `W${n}-红色/大`, retail_price: '59.90', weight: 0.35 }] })

test('flagship: fetch sends exactly the signed bytes, and the signature checks out', async (t) => {
  const secret = 'wire-secret'
  const srv = await server((r) => (flagshipSignOk(r, secret) ? [200, '{"status":0,"data":{"error_list":[{"no":"W1","error":"分类不存在"}]}}'] : [200, '{"status":3,"message":"签名错误"}']))
  t.after(srv.close)
  const client = new sw.Flagship({ sid: 'wiresid', appkey: 'wirekey', appsecret: `${secret}:salt:with:colons`, baseUrl: `${srv.base}/openapi` })
  const plan = client.plan('goods.Goods.batchPush', [goods(0), goods(1), goods(2)])
  const [batch] = plan.batches
  const req = batch.sign()
  const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body })
  const outcome = batch.parse(res.status, Buffer.from(await res.arrayBuffer()))
  const got = srv.seen[0]
  const sent = new URL(req.url)
  assert.equal(got.method, 'POST')
  assert.equal(got.url, sent.pathname + sent.search)
  assert.equal(got.headers['content-type'], 'application/json')
  assert.ok(got.body.equals(req.body), 'body bytes')
  assert.equal(got.body.toString('utf8'), batch.bodyJson())
  assert.equal(new URL(got.url, 'http://x').searchParams.get('salt'), 'salt:with:colons')
  assert.equal(outcome.status, 'partial', JSON.stringify(outcome))
  assert.deepEqual(outcome.accepted, [0, 2])
  assert.deepEqual(outcome.rejected, [{ index: 1, key: 'W1', message: '分类不存在' }])
})

test('a Request works directly as fetch init', async (t) => {
  const srv = await server(() => [200, '{"status":0,"data":{"error_list":[]}}'])
  t.after(srv.close)
  const client = new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'x:y', baseUrl: `${srv.base}/openapi` })
  const [batch] = client.plan('goods.Goods.batchPush', [goods(0)]).batches
  const req = batch.sign({ timestamp: Math.floor(Date.now() / 1000) })
  const res = await fetch(req.url, req)
  assert.equal(batch.parse(res.status, await res.text()).ok, true)
  assert.ok(srv.seen[0].body.equals(req.body))
  assert.equal(srv.seen[0].method, 'POST')
})

test('enterprise: the form body on the wire is the signed one', async (t) => {
  const appsecret = 'ent-secret'
  const srv = await server((r) => (enterpriseSignOk(r, appsecret) ? [200, '{"code":0,"total_count":2,"goods_list":[{"rec_id":1},{"rec_id":2}]}'] : [200, '{"code":1,"message":"签名错误"}']))
  t.after(srv.close)
  const client = new sw.Enterprise({ sid: 'esid', appkey: 'ekey', appsecret, baseUrl: `${srv.base}/openapi2` })
  const batch = client.call('vip_api_goods_query.php', { start_time: '2024-01-01 00:00:00', end_time: '2024-01-02 00:00:00', shop_no: '旗舰店 A&B', page_no: 0, page_size: 100 })
  const req = batch.sign()
  const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body })
  const o = batch.parse(res.status, Buffer.from(await res.arrayBuffer()))
  const got = srv.seen[0]
  assert.equal(got.url, '/openapi2/vip_api_goods_query.php')
  assert.equal(got.headers['content-type'], 'application/x-www-form-urlencoded; charset=utf-8')
  assert.ok(got.body.equals(req.body))
  assert.equal(new URLSearchParams(got.body.toString()).get('shop_no'), '旗舰店 A&B')
  assert.equal(o.ok, true, JSON.stringify(o))
  assert.equal(o.totalCount, 2)
})

test('YMCart: token and JSON parameters arrive form-encoded as prepared', async (t) => {
  const srv = await server(() => [200, '{"code":0,"msg":[]}'])
  t.after(srv.close)
  const token = 'tok+en/=秘'
  const client = new sw.Ymcart({ token, baseUrl: `${srv.base}/api/{method}` })
  const batch = client.call('goodsList', { page_no: '1', codeno: 'A,B' })
  const req = batch.sign()
  await fetch(req.url, { method: req.method, headers: req.headers, body: req.body })
  const got = srv.seen[0]
  assert.equal(got.url, '/api/goodsList')
  assert.equal(got.headers['content-type'], 'application/x-www-form-urlencoded; charset=utf-8')
  assert.ok(got.body.equals(req.body))
  const form = new URLSearchParams(got.body.toString())
  assert.equal(form.get('token'), token)
  assert.equal(form.get('codeno'), 'A,B')
})

test('a rate-limited answer advises backoff; the re-signed retry is accepted', async (t) => {
  let calls = 0
  const srv = await server(() => (++calls === 1 ? [429, ''] : [200, '{"status":0,"data":{"error_list":[]}}']))
  t.after(srv.close)
  const client = new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'x:y', baseUrl: `${srv.base}/openapi` })
  const [batch] = client.plan('goods.Goods.batchPush', [goods(0)]).batches
  const send = async () => {
    const req = batch.sign()
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body })
    return batch.parse(res.status, Buffer.from(await res.arrayBuffer()))
  }
  const first = await send()
  assert.equal(first.retry, 'backoff')
  assert.equal(first.reason, 'rate_limited')
  const second = await send()
  assert.equal(second.ok, true)
  assert.equal(srv.seen.length, 2)
})
