// The public API as a page uses it: shapes, numbers, errors, options.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sw, OP, goods, PKG } from './pkg.mjs';

const isPlain = (v) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

test('operations() lists every operation as plain objects, with limits', () => {
  const ops = sw.operations();
  // The same names as the generated TypeScript union.
  const dts = fs.readFileSync(path.join(PKG, 'nodejs/skuwire.d.ts'), 'utf8');
  const union = dts.match(/export type OperationName = ([^;]+);/)[1].split(' | ').map((n) => JSON.parse(n));
  assert.deepEqual(ops.map((o) => o.name), union);
  assert.ok(ops.length >= 24);
  const bp = ops.find((o) => o.name === OP);
  assert.ok(isPlain(bp) && isPlain(bp.limits));
  assert.equal(bp.platform, 'flagship');
  assert.equal(bp.kind, 'push');
  assert.equal(bp.limits.maxItems, 50);
  assert.deepEqual(Object.keys(bp), ['name', 'platform', 'kind', 'titleZh', 'upsert', 'itemName', 'itemKey', 'limits', 'source']);
  assert.equal(bp.limits.documented, true);
  assert.equal(new Set(ops.map((o) => o.name)).size, ops.length);
});

test('errorTypes() is the whole catalogue with both templates', () => {
  const all = sw.errorTypes();
  const names = all.map((t) => t.type);
  for (const t of ['missing', 'string_too_long', 'string_unicode', 'decimal_not_finite', 'unsupported_type', 'nesting_too_deep', 'unsafe_integer']) {
    assert.ok(names.includes(t), t);
  }
  const tooLong = all.find((t) => t.type === 'string_too_long');
  assert.match(tooLong.template, /\{max_length\}/);
  assert.match(tooLong.templateZh, /\{max_length\}/);
});

test('validate() returns records {type, loc, msg, msg_zh, input, ctx} as plain objects', () => {
  const errs = sw.validate(OP, [goods(0), goods(1, { goods_no: 'x'.repeat(41) })]);
  assert.equal(errs.length, 1);
  const [e] = errs;
  assert.deepEqual(Object.keys(e), ['type', 'loc', 'msg', 'msg_zh', 'input', 'ctx']);
  assert.ok(isPlain(e) && isPlain(e.ctx) && Array.isArray(e.loc));
  assert.equal(e.type, 'string_too_long');
  assert.deepEqual(e.loc, [1, 'goods_no']);
  assert.equal(e.msg, 'String should have at most 40 characters');
  assert.equal(e.msg_zh, '字符串长度不能超过40个字符');
  assert.equal(e.input, 'x'.repeat(41));
  assert.deepEqual(e.ctx, { max_length: 40 });
  assert.deepEqual(sw.validate(OP, [goods(0)]), []);
});

test('a single item object validates with locations from the item', () => {
  const errs = sw.validate(OP, goods(0, { goods_name: '' }));
  assert.deepEqual(errs.map((e) => [e.type, e.loc]), [['string_too_short', ['goods_name']]]);
});

test('lengths count characters, not UTF-16 units or bytes', () => {
  // 40 emoji = 80 UTF-16 units = 160 bytes: still 40 characters.
  assert.deepEqual(sw.validate(OP, goods(0, { goods_no: '😀'.repeat(40) })), []);
  assert.equal(sw.validate(OP, goods(0, { goods_no: '店'.repeat(41) }))[0].type, 'string_too_long');
});

test('strict mode reports undocumented fields', () => {
  const item = goods(0, { colour: 'red' });
  assert.deepEqual(sw.validate(OP, item), []);
  assert.deepEqual(sw.validate(OP, item, { strict: true }).map((e) => [e.type, e.loc]), [['extra_forbidden', ['colour']]]);
});

test('JS numbers travel as their shortest decimal text, never a binary fraction', () => {
  const p = sw.plan(OP, [goods(0, { spec_list: [{ spec_no: 'A', retail_price: 59.9, weight: 0.1, validity_days: 30 }] })]);
  assert.match(p.batches[0].body, /"retail_price":59\.9,"weight":0\.1,"validity_days":30\}/);
  const spec = p.batches[0].payload[0][0].spec_list[0];
  // Safe integers come back as numbers, other numbers as exact decimal strings.
  assert.equal(spec.validity_days, 30);
  assert.equal(spec.retail_price, '59.9');
  assert.equal(spec.weight, '0.1');
  // 0.1 + 0.2 is not 0.3 in JS: the core sees 17 places and refuses to round.
  const [e] = sw.validate(OP, goods(0, { spec_list: [{ spec_no: 'A', retail_price: 0.1 + 0.2 }] }));
  assert.equal(e.type, 'decimal_max_places');
  assert.equal(e.input, '0.30000000000000004');
  // Numbers JS prints with an exponent still travel in plain notation.
  const small = sw.validate(OP, goods(0, { spec_list: [{ spec_no: 'A', retail_price: 1e-7, weight: -1.5e-10 }] }));
  assert.deepEqual(small.map((x) => [x.type, x.input]), [['decimal_max_places', '0.0000001'], ['decimal_max_places', '-0.00000000015']]);
  const [big] = sw.validate(OP, goods(0, { spec_list: [{ spec_no: 'A', retail_price: 2 ** 70 }] }));
  assert.deepEqual([big.type, big.input], ['unsafe_integer', '1180591620717411300000']);
});

test('decimal strings are kept exactly as given', () => {
  const p = sw.plan(OP, [goods(0, { spec_list: [{ spec_no: 'A', retail_price: '123456789012345.1234' }] })]);
  assert.match(p.batches[0].body, /"retail_price":"123456789012345\.1234"/);
});

test('integers: safe ones pass, unsafe ones are reported, BigInt keeps every digit', () => {
  assert.deepEqual(sw.validate(OP, goods(0, { spec_list: [{ spec_no: 'A', sales_days: 2 ** 31 - 1 }] })), []);
  const [u] = sw.validate(OP, goods(0, { spec_list: [{ spec_no: 'A', retail_price: 2 ** 53 }] }));
  assert.deepEqual([u.type, u.loc, u.input], ['unsafe_integer', ['spec_list', 0, 'retail_price'], '9007199254740992']);
  const [b] = sw.validate(OP, goods(0, { spec_list: [{ spec_no: 'A', retail_price: 12345678901234567890n }] }));
  assert.equal(b.type, 'decimal_max_whole_digits');
  assert.equal(b.input, '12345678901234567890');
  const p = sw.plan(OP, [goods(0, { spec_list: [{ spec_no: 'A', retail_price: 123n, weight: -0 }] })]);
  assert.match(p.batches[0].body, /"retail_price":123,"weight":0\}/);
});

test('plan() splits into calls within the operation limit and keeps input order', () => {
  const items = Array.from({ length: 120 }, (_, i) => goods(i));
  const p = sw.plan(OP, items);
  assert.deepEqual(p.batches.map((b) => b.indices.length), [50, 50, 20]);
  assert.deepEqual(p.batches.flatMap((b) => b.indices), items.map((_, i) => i));
  for (const b of p.batches) {
    assert.equal(b.op, OP);
    assert.equal(b.platform, 'flagship');
    assert.deepEqual(JSON.parse(b.body), b.payload);
  }
  assert.deepEqual(p.invalid, []);
  assert.deepEqual(sw.plan(OP, items, { maxItems: 7 }).batches.map((b) => b.indices.length).slice(0, 2), [7, 7]);
});

test('plan() in skip mode lists invalid items; in raise mode throws every problem', () => {
  const items = [goods(0), goods(1, { goods_name: NaN }), goods(2, { spec_list: [] })];
  const p = sw.plan(OP, items, { onInvalid: 'skip' });
  assert.deepEqual(p.batches.map((b) => b.indices), [[0]]);
  assert.deepEqual(p.invalid.map((i) => [i.index, i.errors.map((e) => e.type)]), [[1, ['decimal_not_finite']], [2, ['too_short']]]);
  assert.throws(() => sw.plan(OP, items), (e) => {
    assert.ok(e instanceof Error && sw.isSkuwireError(e));
    assert.equal(e.name, 'ValidationError');
    assert.equal(e.code, 'validation');
    assert.equal(e.op, OP);
    assert.deepEqual(e.errors.map((r) => [r.type, r.loc]), [['decimal_not_finite', [1, 'goods_name']], ['too_short', [2, 'spec_list']]]);
    assert.match(e.message, /^2 validation errors for goods\.Goods\.batchPush/);
    assert.ok(e.msgZh.includes('2'));
    return true;
  });
});

test('documented limits can only be lowered, chosen ones raised; bad options are SkuwireErrors', () => {
  const check = (fn, code, re) => assert.throws(fn, (e) => sw.isSkuwireError(e) && e.code === code && re.test(e.message));
  check(() => sw.plan(OP, [], { maxItems: 51 }), 'invalid_argument', /above the documented limit of 50/);
  const rows = Array.from({ length: 150 }, (_, i) => ({ provider_no: 'P', spec_no: `s${i}` }));
  assert.deepEqual(sw.plan('purchase.ProviderGoods.upload', rows, { maxItems: 150 }).batches.map((b) => b.indices.length), [150]);
  check(() => sw.plan(OP, [], { max_items: 3 }), 'invalid_argument', /max_items/);
  check(() => sw.plan(OP, [], { onInvalid: 'ignore' }), 'invalid_argument', /ignore/);
  check(() => sw.plan(OP, [], { maxItems: NaN }), 'invalid_argument', /maxItems/);
  check(() => sw.validate(OP, [], { strict: 'yes' }), 'invalid_argument', /invalid options/);
  check(() => sw.validate('goods.Goods.nope', []), 'unknown_operation', /goods\.Goods\.nope/);
  check(() => sw.validate(42, []), 'unknown_operation', /unknown operation/);
  check(() => sw.plan('vip_api_goods_query.php', []), 'unsupported', /query/);
  check(() => sw.plan(OP, { 0: goods(0), length: 1 }), 'validation', /validation error/);
});

test('the web build loads with initSync and gives the same answers', async () => {
  const web = await import(path.join(PKG, 'web/skuwire.js'));
  web.initSync({ module: fs.readFileSync(path.join(PKG, 'web/skuwire_bg.wasm')) });
  assert.deepEqual(web.validate(OP, goods(0, { goods_no: '' })), sw.validate(OP, goods(0, { goods_no: '' })));
  assert.equal(web.version(), sw.version());
});
