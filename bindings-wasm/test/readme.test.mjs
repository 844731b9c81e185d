// Sentences of the README about values, proved on the package.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, sw, OP } from './pkg.mjs';

const readme = fs.readFileSync(path.join(ROOT, 'bindings-wasm/README.md'), 'utf8').replace(/\s+/g, ' ');

test('a decimal string travels as a JSON string, unchanged; a number as a number', () => {
  assert.ok(readme.includes('skuwire never rewrites a value: a decimal string travels as a JSON string, unchanged (`"59.90"` is `"59.90"` in a batch\'s `body`), and a number as a JSON number'));
  const { batches } = sw.plan(OP, [{ goods_no: 'G1', goods_name: '杯', spec_list: [{ spec_no: 'A', retail_price: '59.90', market_price: 59.9, wholesale_price: '007.50' }] }]);
  const body = batches[0].body;
  assert.match(body, /"retail_price":"59\.90"/);
  assert.match(body, /"wholesale_price":"007\.50"/);
  assert.match(body, /"market_price":59\.9[,}]/);
});
