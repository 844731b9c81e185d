// Type-level checks of the generated item types and closed sets
// (tsc --noEmit): items are typed by the operation named in `plan`, and
// misuse fails to compile. Never run.
import { Flagship, Ymcart, FLAGSHIP_TEST_URL } from 'skuwire'
import { PLATFORMS, REASONS, operations } from 'skuwire'
import type { ItemOf, GoodsGoodsBatchPushItem, ErrorCode, Reason, Retry, Status, Outcome, SkuwireError, PlatformName } from 'skuwire'

const client = new Flagship({ sid: 's', appkey: 'k', appsecret: 'x:y', baseUrl: FLAGSHIP_TEST_URL })
const shop = new Ymcart({ token: 't', baseUrl: 'https://shop.example/api/{method}' })

// Documented fields are typed; decimals are strings or numbers; integers
// may be integer text; booleans may be 0/1; undocumented fields pass through.
client.plan('goods.Goods.batchPush', [
  {
    goods_no: 'G1',
    goods_name: '保温杯',
    goods_type: 1,
    auto_create_bc: 1,
    spec_list: [{ spec_no: 'G1-1', retail_price: '59.90', weight: 0.35, validity_days: '30', remark: null }],
    not_on_the_page: { kept: true },
  },
])
const typed: ItemOf<'goods.Goods.batchPush'> = { goods_no: 'G2', goods_name: '杯', spec_list: [{ spec_no: 'G2-1' }] }
const same: GoodsGoodsBatchPushItem = typed
void same
client.plan('goods.ApiGoods.upload', [{ shop_no: 'S1', goods_id: '1', spec_id: '1', price: '9.9', stock_num: 3 }])
shop.plan('updateSkuQty', [{ codeno: 'SKU-1', num: '12' }])

// Streams are typed the same way.
function* providerRows(): Generator<ItemOf<'purchase.ProviderGoods.upload'>> {
  yield { provider_no: 'P1', spec_no: 'S1', price: '12.5000' }
}
client.plan('purchase.ProviderGoods.upload', providerRows())

// @ts-expect-error: retail_price is a decimal (string or number), not a boolean.
client.plan('goods.Goods.batchPush', [{ goods_no: 'G1', goods_name: 'n', spec_list: [{ spec_no: 'S', retail_price: true }] }])

// @ts-expect-error: goods_no is a string; the core refuses a number for it.
client.plan('goods.Goods.batchPush', [{ goods_no: 1001, goods_name: 'n', spec_list: [{ spec_no: 'S' }] }])

// @ts-expect-error: goods_name is required.
client.plan('goods.Goods.batchPush', [{ goods_no: 'G1', spec_list: [{ spec_no: 'S' }] }])

// @ts-expect-error: spec_list is a list of specs, not one spec.
client.plan('goods.Goods.batchPush', [{ goods_no: 'G1', goods_name: 'n', spec_list: { spec_no: 'S' } }])

// @ts-expect-error: goods_type is one of the documented codes (7 is not).
client.plan('goods.Goods.batchPush', [{ goods_no: 'G1', goods_name: 'n', goods_type: 7, spec_list: [{ spec_no: 'S' }] }])

// @ts-expect-error: a required field cannot be null.
const noName: ItemOf<'goods.Goods.batchPush'> = { goods_no: 'G1', goods_name: null, spec_list: [] }
void noName

// @ts-expect-error: ApiGoods.upload rows carry their shop_no.
client.plan('goods.ApiGoods.upload', [{ goods_id: '1', spec_id: '1' }])

// @ts-expect-error: stock_num is a decimal, not an object.
client.plan('goods.ApiGoods.upload', [{ shop_no: 'S1', stock_num: { value: 3 } }])

// @ts-expect-error: updateSkuQty's num is a decimal (whole pieces), not a boolean.
shop.plan('updateSkuQty', [{ codeno: 'SKU-1', num: false }])

// Fields checked by rules written as code are typed by what those rules
// accept: ids as integers or "", codes as text or integers, discounts as
// decimals, id lists as a list or comma-separated text.
shop.plan('UpdateGoodsSaleMode', [{ goods_id: 12, sale_mode: 1, discount: '8.5' }, { codeno: 'C-1', sale_mode: '0', discount: 9 }])
shop.plan('UpdateGoodsRecRel', [{ goods_id: '', codeno: 1001n, rec_ids: [1, 2], rec_names: 'a,b' }])

// @ts-expect-error: a discount is a decimal, not a boolean.
shop.plan('UpdateGoodsSaleMode', [{ goods_id: 12, sale_mode: 1, discount: true }])

// @ts-expect-error: an id is an integer or "", not an object.
shop.plan('UpdateGoodsRecRel', [{ goods_id: { id: 12 }, rec_ids: [1] }])

// @ts-expect-error: rec_ids is a list or text, not a number.
shop.plan('UpdateGoodsRecRel', [{ goods_id: 12, rec_ids: 12 }])

function* badRows() {
  yield { provider_no: 'P1', spec_no: 'S1', price: [12.5] }
}
// @ts-expect-error: a stream of items with a wrong field type.
client.plan('purchase.ProviderGoods.upload', badRows())

// The closed sets are the core's lists.
function advice(r: Retry): string {
  switch (r) {
    case 'no':
      return 'done'
    case 'resign':
      return 'fix the clock'
    case 'backoff':
      return 'wait'
    case 'resend':
      return 'send again'
    default: {
      const never: never = r
      return never
    }
  }
}
void advice
declare const outcome: Outcome
const status: Status = outcome.status
const unknown: number[] = outcome.unknown
void unknown
// @ts-expect-error: unknown is the list of input positions, not a flag.
const flag: boolean = outcome.unknown
void flag
const reasons: readonly Reason[] = REASONS
void reasons
const platforms: readonly PlatformName[] = PLATFORMS
void platforms
// @ts-expect-error: PLATFORMS is read-only.
PLATFORMS.push('flagship')
// @ts-expect-error: not a platform of the core.
const wrongPlatform: PlatformName = 'taobao'
void wrongPlatform
const window = operations().find((o) => o.name === 'vip_api_goods_query.php')?.paging?.window
const windowParams: [string, string, number] | undefined = window ? [window.start, window.end, window.maxDays] : undefined
void windowParams
const reason: Reason | null = outcome.reason
void status
void reason
// @ts-expect-error: the reason is rate_limited, not rate_limit.
const wrongReason: Reason = 'rate_limit'
void wrongReason
// @ts-expect-error: statuses are success, partial and failure.
const wrongStatus: Status = 'ok'
void wrongStatus
declare const err: SkuwireError
const code: ErrorCode = err.code
void code
// @ts-expect-error: not an error code of the core.
const wrongCode: ErrorCode = 'timeout'
void wrongCode

// Your own interfaces and classes: their extra fields pass through too.
interface StoreGoods {
  goods_no: string
  goods_name: string
  spec_list: { spec_no: string; retail_price: string; warehouse_bin: string }[]
  internal_id: number
}
declare const fromDb: StoreGoods[]
client.plan('goods.Goods.batchPush', fromDb)
class ProviderRow {
  provider_no = 'P1'
  spec_no = 'S1'
  price = '12.5'
}
client.plan('purchase.ProviderGoods.upload', [new ProviderRow()])
async function* asyncRows(): AsyncGenerator<StoreGoods> {
  yield* fromDb
}
client.plan('goods.Goods.batchPush', asyncRows())

interface WrongGoods {
  goods_no: string
  goods_name: string
  spec_list: { spec_no: string; retail_price: Date }[]
}
declare const wrong: WrongGoods[]
// @ts-expect-error: an interface whose documented field has the wrong type.
client.plan('goods.Goods.batchPush', wrong)
