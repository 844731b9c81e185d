// ESM + an async source: batches are planned lazily while rows arrive.
import { Flagship, FLAGSHIP_TEST_URL } from 'skuwire'
import type { AsyncPlanStream, InvalidItem } from 'skuwire'

async function* rows(): AsyncGenerator<{ provider_no: string; spec_no: string; price: string }> {
  for (let i = 0; i < 250; i++) yield { provider_no: 'P01', spec_no: `S${i}`, price: '9.90' }
}

const client = new Flagship({ sid: 's', appkey: 'k', appsecret: 'x:y', baseUrl: FLAGSHIP_TEST_URL })
const plan: AsyncPlanStream = client.plan('purchase.ProviderGoods.upload', rows(), { onInvalid: 'skip' })
for await (const batch of plan) {
  console.log(batch.op, batch.indices.length, batch.sign({ timestamp: Math.floor(Date.now() / 1000) }).redactedUrl)
}
const skipped: InvalidItem[] = plan.invalid
console.log('skipped', skipped.length)
