// Type-level checks (tsc --noEmit): misuse must fail to compile. Never run.
import { Flagship, Enterprise, FLAGSHIP_TEST_URL, validate } from 'skuwire'
import type { OperationName, ErrorRecord, Outcome } from 'skuwire'

const client = new Flagship({ sid: 's', appkey: 'k', appsecret: 'x:y', baseUrl: FLAGSHIP_TEST_URL })

// @ts-expect-error: a misspelled operation name is not an OperationName.
validate('goods.Goods.batchPsh', [])

// @ts-expect-error: misspelled operation in a plan.
client.plan('goods.Goods.batchPush ', [])

// @ts-expect-error: a query cannot be planned into push batches.
client.plan('vip_api_goods_query.php', [])

const ent = new Enterprise({ sid: 's', appkey: 'k', appsecret: 'x', baseUrl: 'https://e.example/openapi2' })
// @ts-expect-error: a flagship operation on the enterprise client.
ent.plan('goods.Goods.batchPush', [])

// @ts-expect-error: the appsecret is required.
new Flagship({ sid: 's', appkey: 'k', baseUrl: FLAGSHIP_TEST_URL })

// @ts-expect-error: onInvalid is 'raise' or 'skip'.
client.plan('goods.Goods.batchPush', [], { onInvalid: 'ignore' })

const op: OperationName = 'goods.Goods.batchPush'
const records: ErrorRecord[] = validate(op, [])
// @ts-expect-error: records have msg_zh, not msgZh.
records[0]?.msgZh

declare const outcome: Outcome
// @ts-expect-error: retry is a closed set of advice.
const advice: 'retry' = outcome.retry
void advice

// Queries take query operations of the client's platform.
const q = ent.query('vip_api_goods_query.php', { start_time: '2024-01-01 00:00:00', end_time: '2024-01-02 00:00:00' }, { pageSize: 50 })
const firstRow = q.feed(200, '{}').items[0]
const price: string | number | boolean | null | object | undefined = firstRow?.['price']
void price
// @ts-expect-error: a push operation is not a query.
ent.query('goods.Goods.batchPush', {})
// @ts-expect-error: an enterprise query on the flagship client.
client.query('vip_api_goods_query.php', {})
