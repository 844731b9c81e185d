// Where scripts/build-wasm.sh writes the package, and how tests load it.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const PKG = process.env.SKUWIRE_WASM_PKG || path.join(ROOT, 'target/wasm/pkg');
export const RAW_WASM = path.join(ROOT, 'target/wasm/wasm32-unknown-unknown/release/skuwire_wasm.wasm');
/** The `nodejs` build: a plain require(). */
export const sw = createRequire(import.meta.url)(path.join(PKG, 'nodejs/skuwire.js'));

export const OP = 'goods.Goods.batchPush';
/** A valid goods archive for batchPush. */
export function goods(i = 0, extra = {}) {
  return {
    goods_no: `G${String(i).padStart(5, '0')}`,
    goods_name: `保温杯 ${i}`,
    spec_list: [{ spec_no: `G${i}-RED`, barcode: `69${String(i).padStart(11, '0')}`, retail_price: '59.90' }],
    ...extra,
  };
}
