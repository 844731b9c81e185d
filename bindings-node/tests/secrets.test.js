'use strict'
// The appsecret, salt and token never show in util.inspect, console.log,
// JSON.stringify or error messages.

const test = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const sw = require('..')

const SECRET = 'S3cretPartXq9'
const SALT = 'SaltPartZw7'
const TOKEN = 'TokenValueKp4'
const OP = 'goods.Goods.batchPush'
const goods = { goods_no: 'G1', goods_name: 'g', spec_list: [{ spec_no: 'G1-1' }] }

function clients() {
  return [
    new sw.Flagship({ sid: 'sid1', appkey: 'key1', appsecret: `${SECRET}:${SALT}`, baseUrl: sw.FLAGSHIP_TEST_URL }),
    new sw.Enterprise({ sid: 'sid1', appkey: 'key1', appsecret: SECRET, baseUrl: sw.ENTERPRISE_SANDBOX_URL }),
    new sw.Ymcart({ token: TOKEN, baseUrl: 'https://shop.example.com/api/{method}' }),
  ]
}

function assertClean(text, where) {
  for (const s of [SECRET, SALT, TOKEN]) {
    assert.ok(!text.includes(s), `${where} shows a secret: ${text}`)
  }
}

function shown(value) {
  return [
    util.inspect(value),
    util.inspect(value, { showHidden: true, depth: Infinity, getters: true }),
    util.inspect(value, { customInspect: false, showHidden: true, depth: Infinity }),
    util.format('%o %O %s %j', value, value, value, value),
    JSON.stringify(value),
    String(value),
    JSON.stringify(Object.entries(value)),
  ]
}

test('clients: inspect, console.log and JSON show no credential', () => {
  for (const c of clients()) {
    for (const text of shown(c)) assertClean(text, c.constructor.name)
    assert.deepEqual(Object.keys(c), [])
  }
  const f = clients()[0]
  assert.deepEqual(JSON.parse(JSON.stringify(f)), { platform: 'flagship', sid: 'sid1', appkey: 'key1', baseUrl: sw.FLAGSHIP_TEST_URL, clockOffset: 0 })
  assert.match(util.inspect(f), /^Flagship \{/)
})

test('requests: url and body carry what must be sent; inspect and JSON show them redacted', () => {
  const [flagship, enterprise, ymcart] = clients()
  const fr = flagship.plan(OP, [goods]).batches[0].sign({ timestamp: 1_700_000_000 })
  assert.ok(fr.url.includes(`salt=${SALT}`), 'the salt is a URL parameter the server needs')
  assert.ok(fr.redactedUrl.includes('salt=**+REDACTED+**'))
  assert.ok(fr.stringToSign.startsWith(sw.REDACTED))
  assert.ok(fr.sortedParams.some(([k, v]) => k === 'salt' && v === sw.REDACTED))
  const er = enterprise.call('vip_api_goods_query.php', { page_no: 0 }).sign({ timestamp: 1_700_000_000 })
  const yr = ymcart.call('goodsList', { page_no: '1' }).sign()
  assert.ok(yr.body.toString().includes(TOKEN), 'the token is a form field the server needs')
  for (const r of [fr, er, yr]) {
    for (const text of shown(r)) assertClean(text, 'Request')
    assertClean(r.stringToSign, 'stringToSign')
    assertClean(JSON.stringify(r.sortedParams), 'sortedParams')
    assertClean(r.redactedUrl + r.redactedBody, 'redacted forms')
    assert.deepEqual(Object.keys(r), [])
  }
  assert.match(util.inspect(yr), /token=\*\*\+REDACTED\+\*\*/)
})

test('batches and outcomes hold no credential', () => {
  for (const c of clients()) {
    const batch = c.platform === 'flagship' ? c.plan(OP, [goods]).batches[0] : c.call('m', {})
    for (const text of shown(batch)) assertClean(text, 'Batch')
    assertClean(util.inspect(batch.transportError('timeout'), { depth: Infinity }), 'Outcome')
  }
})

test('errors about credentials and signing never quote them', () => {
  const attempts = [
    () => new sw.Flagship({ sid: 's', appkey: 'k', appsecret: `${SECRET}${SALT}`, baseUrl: sw.FLAGSHIP_TEST_URL }),
    () => new sw.Flagship({ sid: '', appkey: 'k', appsecret: `${SECRET}:${SALT}`, baseUrl: sw.FLAGSHIP_TEST_URL }),
    () => new sw.Flagship({ sid: 's', appkey: 'k', appsecret: `${SECRET}:${SALT}\uD800`, baseUrl: sw.FLAGSHIP_TEST_URL }),
    () => new sw.Enterprise({ sid: 's', appkey: 'k', appsecret: 42, baseUrl: sw.ENTERPRISE_SANDBOX_URL }),
    () => new sw.Flagship({ sid: 's', appkey: 'k', appsecret: `${SECRET}:${SALT}`, baseUrl: 'not a url' }),
    () => new sw.Ymcart({ token: `${TOKEN}\uDC00`, baseUrl: 'https://x.example/{method}' }),
    () => clients()[1].sign(clients()[0].plan(OP, [goods]).batches[0]),
    () => clients()[2].call('goodsList', { token: 'x' }).sign(),
    () => clients()[0].plan('vip_api_goods_query.php', [{}]),
  ]
  for (const attempt of attempts) {
    assert.throws(attempt, (e) => {
      assert.ok(e instanceof sw.SkuwireError, String(e))
      assertClean(`${e.message} ${e.msgZh} ${e.stack} ${util.inspect(e, { depth: Infinity })} ${JSON.stringify(e.errors || [])}`, 'error')
      return true
    })
  }
})
