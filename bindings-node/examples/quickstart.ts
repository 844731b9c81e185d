// A typed quickstart: validate, plan, sign, send with fetch, read the answer.
// Type-checked by scripts/test-node.sh (`tsc --noEmit`). A dry run unless
// SKUWIRE_FLAGSHIP_APPSECRET is set (the command line's variable names:
// SKUWIRE_FLAGSHIP_SID, _APPKEY, _APPSECRET, _BASE_URL).
import { Flagship, FLAGSHIP_TEST_URL, ValidationError, validate } from 'skuwire'
import type { Batch, ErrorRecord, Outcome, Request } from 'skuwire'

const env = process.env
const sending = Boolean(env.SKUWIRE_FLAGSHIP_APPSECRET)
const client = new Flagship({
  sid: env.SKUWIRE_FLAGSHIP_SID ?? 'mysid',
  appkey: env.SKUWIRE_FLAGSHIP_APPKEY ?? 'myappkey',
  appsecret: env.SKUWIRE_FLAGSHIP_APPSECRET ?? 'mysecret:mysalt', // "secret:salt"
  baseUrl: env.SKUWIRE_FLAGSHIP_BASE_URL ?? FLAGSHIP_TEST_URL,
})

// Money as decimal strings, never floats.
const goods = [
  { goods_no: 'G001', goods_name: '保温杯', spec_list: [{ spec_no: 'G001-RED', retail_price: '59.90' }] },
  { goods_no: 'G002', goods_name: '咖啡杯', spec_list: [{ spec_no: 'G002-BLK', retail_price: '39.00', weight: '0.35' }] },
]

const problems: ErrorRecord[] = validate('goods.Goods.batchPush', goods)
for (const p of problems) console.log(p.loc.join('.'), p.msg, p.msg_zh)

async function send(batch: Batch): Promise<Outcome> {
  const request: Request = batch.sign() // sign just before sending (±120 s window)
  console.log(request) // the salt is redacted here, not in request.url
  if (!sending) {
    return batch.parse(200, '{"status":0,"data":{"error_list":[]}}') // dry run
  }
  try {
    const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body })
    return batch.parse(res.status, Buffer.from(await res.arrayBuffer()))
  } catch (e) {
    return batch.transportError(String(e))
  }
}

async function main(): Promise<void> {
  try {
    for (const batch of client.plan('goods.Goods.batchPush', goods)) {
      const outcome = await send(batch)
      console.log(outcome.status, 'accepted', outcome.accepted, 'rejected', outcome.rejected, 'retry', outcome.retry)
    }
  } catch (e) {
    if (e instanceof ValidationError) {
      for (const r of e.errors) console.error(r.type, r.loc, r.msg)
    } else {
      throw e
    }
  }
}

void main()
