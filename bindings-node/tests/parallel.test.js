'use strict'
// `plan` of a large array on the core's planning thread (`parallel`): the
// JS module hands the text over in chunks while the core plans the ones
// before. It must change speed only: the same batches, bodies, indices and
// records as planning the whole text at once, in raise and skip mode,
// whatever falls at a chunk's edge; a conversion that throws half-way
// throws the same and leaves nothing running.

const test = require('node:test')
const assert = require('node:assert/strict')
const sw = require('..')

const OP = 'goods.Goods.batchPush'
const client = new sw.Flagship({ sid: 's', appkey: 'k', appsecret: 'fp-secret:fp-salt', baseUrl: sw.FLAGSHIP_TEST_URL })

// Goods of ~700 bytes of JSON: 3,000 of them are about eight 256 KiB chunks.
const goods = (i) => ({
  goods_no: `G${i}`,
  goods_name: `货品${i}`,
  spec_list: [{ spec_no: `G${i}-1`, retail_price: '59.90', remark: '备注'.repeat(100) }],
})

function hostile(n) {
  const items = Array.from({ length: n }, (_, i) => goods(i))
  for (let at = 0, gap = 0; at < n; at += 1 + (gap = (gap * 7 + 13) % 251)) {
    switch (at % 5) {
      case 0: items[at].spec_list[0].retail_price = '1.23456'; break // 5 places
      case 1: items[at].goods_name = NaN; break // a JS-side note
      case 2: items[at].spec_list[0].spec_no = 'A\u0001B'; break
      case 3: items[at].goods_no = items[(at * 31) % n].goods_no; break // a duplicate anywhere
      default: items[at] = 'not an object'
    }
  }
  items[n - 1].spec_list = []
  return items
}

const shown = (p) => ({ batches: p.batches.map((b) => [b.indices, b.bodyJson()]), invalid: p.invalid })
const attempt = (fn) => {
  try {
    return ['ok', shown(fn())]
  } catch (e) {
    return ['threw', e.name, e.message, e.errors]
  }
}

test('a large array plans the same on the planning thread as at once (skip mode)', () => {
  const items = hostile(3000)
  const at = shown(client.plan(OP, items, { onInvalid: 'skip', parallel: false }))
  const piped = shown(client.plan(OP, items, { onInvalid: 'skip', parallel: true }))
  assert.ok(at.invalid.length > 20 && at.batches.length > 20, 'the payload has problems and batches to compare')
  assert.deepEqual(piped, at)
})

test('raise mode: the same ValidationError, every problem listed', () => {
  const items = hostile(3000)
  const at = attempt(() => client.plan(OP, items, { parallel: false }))
  const piped = attempt(() => client.plan(OP, items, { parallel: true }))
  assert.equal(at[0], 'threw')
  assert.ok(at[3].length > 20)
  assert.deepEqual(piped, at)
  const clean = Array.from({ length: 3000 }, (_, i) => goods(i))
  assert.deepEqual(attempt(() => client.plan(OP, clean, { parallel: true })), attempt(() => client.plan(OP, clean, { parallel: false })))
})

test('limits and options reach the planning thread', () => {
  const items = Array.from({ length: 3000 }, (_, i) => goods(i))
  for (const o of [{ maxItems: 7 }, { maxBodyBytes: 20000 }, { strict: true }, { lax: true, onInvalid: 'skip' }]) {
    assert.deepEqual(attempt(() => client.plan(OP, items, { ...o, parallel: true })), attempt(() => client.plan(OP, items, { ...o, parallel: false })), JSON.stringify(o))
  }
  assert.throws(() => client.plan(OP, items, { maxItems: 0, parallel: true }), /at least 1/)
})

test('a getter that throws half-way: the same error, and the next plan is whole', () => {
  const items = Array.from({ length: 3000 }, (_, i) => goods(i))
  Object.defineProperty(items[2500], 'goods_name', { enumerable: true, get() { throw new Error('no name today') } })
  assert.throws(() => client.plan(OP, items, { parallel: true }), /no name today/)
  const clean = Array.from({ length: 3000 }, (_, i) => goods(i))
  assert.deepEqual(shown(client.plan(OP, clean, { parallel: true })), shown(client.plan(OP, clean, { parallel: false })))
})

test('nest and small arrays take the one-text way, with the same result', () => {
  const rows = Array.from({ length: 2000 }, (_, i) => ({ goods_no: `G${i >> 1}`, goods_name: '货品'.repeat(100), spec_no: `S${i}`, spec_name: '规格'.repeat(50) }))
  const nested = attempt(() => client.plan(OP, rows, { nest: 'spec_list', parallel: true }))
  assert.equal(nested[0], 'ok', JSON.stringify(nested).slice(0, 300))
  assert.deepEqual(nested, attempt(() => client.plan(OP, rows, { nest: 'spec_list', parallel: false })))
  const few = [goods(1), goods(2)]
  assert.deepEqual(shown(client.plan(OP, few, { parallel: true })), shown(client.plan(OP, few, { parallel: false })))
})
