'use strict'
// Lax mode (`{ lax: true }`), for rows as a SQL driver hands them over:
// NaN is "not given", integral numbers go into string and integer fields
// as their text, everything else is refused as in the default mode — the
// same rules (the core's) as Python's `lax=True`.

const test = require('node:test')
const assert = require('node:assert/strict')
const sw = require('..')

const PROVIDER = 'purchase.ProviderGoods.upload'
const PUSH = 'goods.Goods.batchPush'

function flagship() {
  return new sw.Flagship({ sid: 'mysid', appkey: 'myappkey', appsecret: 'mysecret:mysalt', baseUrl: sw.FLAGSHIP_TEST_URL })
}

const locs = (errors) => errors.map((e) => `${JSON.stringify(e.loc)} ${e.type}`)

// Rows as mysql2 / pg give them: DECIMAL as strings, INT as numbers,
// a numeric barcode column, a missing float as NaN.
const rows = [
  { provider_no: 'P1', spec_no: 6901234567890, price: '12.50', purchase_cycle_day: 3, provider_goods_no: 42, discount: NaN },
  { provider_no: 'P1', spec_no: 'S2', price: null, purchase_cycle_day: 7.0, provider_goods_no: 'X-1', discount: 0.5 },
]

test('default mode refuses numbers in string fields and NaN', () => {
  assert.deepEqual(locs(sw.validate(PROVIDER, rows)), [
    '[0,"spec_no"] string_type',
    '[0,"provider_goods_no"] string_type',
    '[0,"discount"] decimal_not_finite',
  ])
})

test('lax mode: NaN is not given, integers are their text in string fields', () => {
  assert.deepEqual(sw.validate(PROVIDER, rows, { lax: true }), [])
  const plan = flagship().plan(PROVIDER, rows, { lax: true })
  const [batch] = plan
  assert.equal(
    batch.bodyJson(),
    '[[{"provider_no":"P1","spec_no":"6901234567890","price":"12.50","purchase_cycle_day":3,"provider_goods_no":"42"},' +
      '{"provider_no":"P1","spec_no":"S2","purchase_cycle_day":7,"provider_goods_no":"X-1","discount":0.5}]]'
  )
})

test('lax mode refuses everything else, as the default mode does', () => {
  const bad = [
    { provider_no: 'P1', spec_no: 12.5, purchase_cycle_day: 2.5, price: 0.1 + 0.2, is_master: 'yes', discount: Infinity },
  ]
  const strict = locs(sw.validate(PROVIDER, bad))
  const lax = locs(sw.validate(PROVIDER, bad, { lax: true }))
  assert.deepEqual(lax, strict)
  assert.deepEqual(lax, [
    '[0,"spec_no"] string_type',
    '[0,"purchase_cycle_day"] int_type',
    // 0.30000000000000004: a float's digits, never rounded to fit.
    '[0,"price"] decimal_max_places',
    '[0,"is_master"] bool_type',
    '[0,"discount"] decimal_not_finite',
  ])
})

test('lax mode streams too, and in nested lists', async () => {
  function* goods() {
    yield { goods_no: 1001, goods_name: 'A', spec_list: [{ spec_no: 1001001, barcode: 690, retail_price: NaN, validity_days: 365.0 }] }
    yield { goods_no: 'G2', goods_name: 'B', spec_list: [{ spec_no: 'S2', sales_days: 1.5 }] }
  }
  const plan = flagship().plan(PUSH, goods(), { lax: true, onInvalid: 'skip' })
  const batches = [...plan]
  assert.deepEqual(batches.map((b) => b.bodyJson()), [
    '[[{"goods_no":"1001","goods_name":"A","spec_list":[{"spec_no":"1001001","barcode":"690","validity_days":365}]}]]',
  ])
  assert.deepEqual(plan.invalid.map((i) => [i.index, locs(i.errors)]), [[1, ['[1,"spec_list",0,"sales_days"] int_type']]])
  // Without lax the first goods is refused too.
  const strictPlan = flagship().plan(PUSH, goods(), { onInvalid: 'skip' })
  assert.deepEqual([...strictPlan], [])
  assert.equal(strictPlan.invalid.length, 2)
})

test('lax must be a boolean', () => {
  assert.throws(() => sw.validate(PROVIDER, rows, { lax: 'yes' }), (e) => e instanceof sw.SkuwireError)
})
