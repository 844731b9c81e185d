'use strict'
// Sentences of the README about what travels on the wire, proved on the wire.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { Flagship, FLAGSHIP_TEST_URL } = require('..')

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8').replace(/\s+/g, ' ')

test('a decimal string travels as a JSON string and a number as a number, unchanged', () => {
  assert.ok(
    readme.includes("skuwire never rewrites a value: a decimal string travels as a JSON string, unchanged (`'59.90'` → `\"59.90\"`), and a number as a JSON number (`59.9` → `59.9`)"),
    'the README states the rule',
  )
  const client = new Flagship({ sid: 's', appkey: 'k', appsecret: 'x:y', baseUrl: FLAGSHIP_TEST_URL })
  const [batch] = client.plan('goods.Goods.batchPush', [
    { goods_no: 'G1', goods_name: '杯', spec_list: [{ spec_no: 'A', retail_price: '59.90', market_price: 59.9, wholesale_price: '007.50', weight: 10n }] },
  ])
  const body = batch.bodyJson()
  assert.match(body, /"retail_price":"59\.90"/)
  assert.match(body, /"wholesale_price":"007\.50"/)
  assert.match(body, /"market_price":59\.9[,}]/)
  assert.match(body, /"weight":10[,}]/)
  // What is signed and sent is that text.
  assert.ok(Buffer.from(batch.sign({ timestamp: 1_700_000_000 }).body).toString('utf8').includes('"retail_price":"59.90"'))
})

test('the environment variables of the README are the command line\'s', () => {
  const names = new Set(fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8').match(/\b(?:SKUWIRE|WDT)_[A-Z_]+\b/g))
  assert.ok(names.size >= 3)
  // The command line reads SKUWIRE_<PLATFORM>_<SETTING> (bindings-py/CLI.md).
  const cli = fs.readFileSync(path.join(__dirname, '..', '..', 'bindings-py', 'CLI.md'), 'utf8')
  for (const n of names) {
    assert.match(n, /^SKUWIRE_(FLAGSHIP|ENTERPRISE|YMCART)_(SID|APPKEY|APPSECRET|TOKEN|BASE_URL|UPDATE_OPTIONS|SANDBOX)$/, n)
    const [, platform, setting] = n.match(/^SKUWIRE_([A-Z]+)_(.+)$/)
    assert.ok(cli.includes(`SKUWIRE_<PLATFORM>_<SETTING>`) || cli.includes(n), `${n} is not documented in CLI.md`)
    void platform
    void setting
  }
})
