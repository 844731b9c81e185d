'use strict'
// Nesting flat rows (`{ nest }`), for rows as a SQL join hands them over:
// one row per SKU becomes one goods with its spec_list — the core's one
// nesting, the same as Python's `nest=` and the command line's CSV.

const test = require('node:test')
const assert = require('node:assert/strict')
const sw = require('..')
const { startSandbox, CREDENTIALS } = require('./support/sandbox')

const PUSH = 'goods.Goods.batchPush'

function flagship(baseUrl = sw.FLAGSHIP_TEST_URL) {
  return new sw.Flagship({ sid: 'mysid', appkey: 'myappkey', appsecret: 'mysecret:mysalt', baseUrl })
}

const locs = (errors) => errors.map((e) => `${JSON.stringify(e.loc)} ${e.type}`)

// mysql2 rows of `goods JOIN spec`: DECIMAL as strings, a numeric barcode.
const rows = [
  { goods_no: 'G1', goods_name: '保温杯', spec_no: 'G1-RED', retail_price: '59.90', barcode: 6901234567890 },
  { goods_no: 'G1', goods_name: '保温杯', spec_no: 'G1-BLUE', retail_price: '59.90', barcode: null },
  { goods_no: 'G2', goods_name: '茶杯', spec_no: 'G2-1', retail_price: '12.345678', barcode: null },
]

test('bare names nest into the documented list; errors are located by row', () => {
  assert.deepEqual(locs(sw.validate(PUSH, rows, { nest: 'spec_list', nestKey: 'goods_no', lax: true })), [
    '[2,"spec_list",0,"retail_price"] decimal_max_places',
  ])
  const plan = flagship().plan(PUSH, rows, { nest: 'spec_list', nestKey: 'goods_no', lax: true, onInvalid: 'skip' })
  assert.deepEqual(plan.invalid.map((i) => [i.index, locs(i.errors)]), [[1, ['[2,"spec_list",0,"retail_price"] decimal_max_places']]])
  assert.equal(plan.length, 1)
  assert.equal(
    plan[0].bodyJson(),
    '[[{"goods_no":"G1","goods_name":"保温杯","spec_list":[{"spec_no":"G1-RED","retail_price":"59.90","barcode":"6901234567890"},{"spec_no":"G1-BLUE","retail_price":"59.90"}]}]]',
  )
})

test('column names say the nesting with nest: true; a row that contradicts its key is row_conflict', () => {
  const named = [
    { goods_no: 'G1', goods_name: '杯', 'spec_list[].spec_no': 'A' },
    { goods_no: 'G1', goods_name: '壶', 'spec_list[].spec_no': 'B' },
  ]
  // Without a key, a changed item cell starts a new goods (and the key repeats).
  assert.deepEqual(locs(sw.validate(PUSH, named, { nest: true })), ['[1,"goods_no"] duplicate_key'])
  assert.deepEqual(locs(sw.validate(PUSH, named, { nest: true, nestKey: ['goods_no'] })), ['[1,"goods_name"] row_conflict'])
  // The same rows nested by Python's rules give the same body as items written by hand.
  const plan = flagship().plan(PUSH, named.slice(0, 1).concat([{ ...named[1], goods_name: '杯' }]), { nest: true })
  assert.equal(plan[0].bodyJson(), '[[{"goods_no":"G1","goods_name":"杯","spec_list":[{"spec_no":"A"},{"spec_no":"B"}]}]]')
})

test('the nest options are checked, and a streamed plan refuses them', () => {
  const cases = [
    [{ nest: 1 }, /nest should be true, a list field's name or an object/],
    [{ nest: ['spec_list'] }, /nest should be/],
    [{ nest: { spec_list: [1] } }, /nest should be a column name or an array of them, not number/],
    [{ nest: true, nestKey: 5 }, /nestKey should be a column name or an array of them, not number/],
    [{ nestKey: 'goods_no' }, /nestKey needs nest/],
  ]
  for (const [options, message] of cases) {
    assert.throws(() => sw.validate(PUSH, rows, options), (e) => e instanceof sw.SkuwireError && message.test(e.message) && e.msgZh.length > 0, JSON.stringify(options))
  }
  assert.throws(() => flagship().plan(PUSH, rows.values(), { nest: 'spec_list' }), /nest needs the rows as an array/)
})

test('a push of SQL rows lands in the sandbox as nested goods', async () => {
  const sb = await startSandbox()
  try {
    const client = new sw.Flagship({ ...CREDENTIALS.flagship, baseUrl: sb.flagshipUrl })
    const report = await client.push(PUSH, rows, { nest: 'spec_list', nestKey: 'goods_no', lax: true })
    assert.deepEqual([report.items, report.accepted, report.invalid.map((i) => i.index)], [2, [0], [1]])
    const data = await sb.data()
    assert.deepEqual(data.specs.map((s) => [s.goods_no, s.spec_no]).sort(), [['G1', 'G1-BLUE'], ['G1', 'G1-RED']])
  } finally {
    sb.stop()
  }
})
