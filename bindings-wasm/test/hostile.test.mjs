// Hostile input: every call returns records or throws a SkuwireError (or the
// caller's own exception, from the caller's own getter), and the module
// keeps answering normal calls afterwards.
import test from 'node:test';
import assert from 'node:assert/strict';
import { sw, OP, goods } from './pkg.mjs';

const MAX_DEPTH = 64; // skuwire::MAX_DEPTH

function stillWorks() {
  assert.deepEqual(sw.validate(OP, [goods(0)]), []);
  assert.equal(sw.validate(OP, goods(0, { goods_no: 'x'.repeat(41) }))[0].type, 'string_too_long');
}

const types = (errs) => errs.map((e) => [e.type, e.loc]);

test('wrong types everywhere become records', () => {
  assert.deepEqual(types(sw.validate(OP, 5)), [['dict_type', []]]);
  assert.deepEqual(types(sw.validate(OP, 'goods')), [['dict_type', []]]);
  assert.deepEqual(types(sw.validate(OP, [1, null, true, []])), [['dict_type', [0]], ['dict_type', [1]], ['dict_type', [2]], ['dict_type', [3]]]);
  const errs = sw.validate(OP, { goods_no: {}, goods_name: [], spec_list: 'x' });
  assert.deepEqual(types(errs), [['string_type', ['goods_no']], ['string_type', ['goods_name']], ['list_type', ['spec_list']]]);
  // undefined has no JSON form (the Node package's rule: one module for both).
  assert.deepEqual(types(sw.validate(OP, undefined)), [['unsupported_type', []]]);
  stillWorks();
});

test('NaN, Infinity and unsafe integers are reported where they are', () => {
  const item = goods(0, { spec_list: [{ spec_no: 'A', retail_price: NaN, market_price: Infinity, lowest_price: -Infinity, weight: 2 ** 64 }] });
  const errs = sw.validate(OP, [item]);
  assert.deepEqual(errs.map((e) => [e.type, e.loc.at(-1), e.input]), [
    ['decimal_not_finite', 'retail_price', 'NaN'],
    ['decimal_not_finite', 'market_price', 'Infinity'],
    ['decimal_not_finite', 'lowest_price', '-Infinity'],
    ['unsafe_integer', 'weight', '18446744073709552000'],
  ]);
  assert.equal(errs[0].msg_zh, '应为有限数值（不能是NaN或无穷大）');
  stillWorks();
});

test('lone surrogates in values and in keys', () => {
  const errs = sw.validate(OP, [goods(0, { goods_name: 'a\uD800b', ['k\uDC00']: 1 })]);
  assert.deepEqual(types(errs), [['string_unicode', [0, 'goods_name']], ['string_unicode', [0, 'k\uFFFD']]]);
  assert.equal(errs[0].input, 'a\uFFFDb');
  // A well-formed pair is fine.
  assert.deepEqual(sw.validate(OP, [goods(0, { goods_name: '\uD83D\uDE00' })]), []);
  stillWorks();
});

test('a 10 MB string is measured, not truncated', () => {
  const big = '货'.repeat(10 * 1024 * 1024);
  const [e] = sw.validate(OP, goods(0, { goods_name: big }));
  assert.equal(e.type, 'string_too_long');
  assert.equal(e.input.length, big.length);
  const [u] = sw.validate(OP, goods(0, { goods_name: big + '\uD800' }));
  assert.equal(u.type, 'string_unicode');
  stillWorks();
});

test('10,000 levels of nesting stop at MAX_DEPTH with one record', () => {
  let deep = 'bottom';
  for (let i = 0; i < 10000; i++) deep = i % 2 ? { d: deep } : [deep];
  const errs = sw.validate(OP, [goods(0, { remark: deep })]);
  const nest = errs.filter((e) => e.type === 'nesting_too_deep');
  assert.equal(nest.length, 1);
  // The item is level 1: the container at level MAX_DEPTH + 1 is replaced.
  assert.equal(nest[0].loc.length, 1 + MAX_DEPTH);
  assert.deepEqual(nest[0].ctx, { max_depth: MAX_DEPTH });
  // Cycles end the same way.
  const cyc = { a: 1 };
  cyc.self = cyc;
  assert.ok(sw.validate(OP, [goods(0, { remark: cyc })]).some((e) => e.type === 'nesting_too_deep'));
  const arr = [];
  arr.push(arr);
  assert.ok(sw.plan(OP, [arr], { onInvalid: 'skip' }).invalid[0].errors.some((e) => e.type === 'nesting_too_deep'));
  stillWorks();
});

test('100,000 items validate and plan', () => {
  const items = Array.from({ length: 100000 }, (_, i) => goods(i));
  assert.deepEqual(sw.validate(OP, items), []);
  const p = sw.plan(OP, items);
  assert.equal(p.batches.length, 2000);
  assert.equal(p.batches.at(-1).indices.at(-1), 99999);
  items[99998] = goods(5); // a duplicate goods_no/spec_no far away
  const errs = sw.validate(OP, items);
  assert.ok(errs.length >= 1 && errs.every((e) => e.type === 'duplicate_key' && e.loc[0] === 99998));
  stillWorks();
});

test('host values with no JSON form are unsupported_type, never dropped', () => {
  // A class instance without toJSON is read field by field (as in Node).
  class Sku { constructor() { this.spec_no = 'A'; } }
  const item = goods(0, {
    goods_no: new Date(0),
    goods_name: new Map([['a', 1]]),
    remark: Symbol('s'),
    alias: () => 1,
    prop1: new Set([1]),
    prop2: new Uint8Array(2),
    prop3: new String('boxed'),
    spec_list: [new Sku()],
  });
  const errs = sw.validate(OP, [item]);
  assert.deepEqual(errs.map((e) => [e.loc.slice(1).join('.'), e.type, e.ctx.type_name]), [
    ['goods_no', 'unsupported_type', 'Date'],
    ['goods_name', 'unsupported_type', 'Map'],
    ['remark', 'unsupported_type', 'symbol'],
    ['alias', 'unsupported_type', 'function'],
    ['prop1', 'unsupported_type', 'Set'],
    ['prop2', 'unsupported_type', 'Uint8Array'],
    ['prop3', 'unsupported_type', 'String'],
  ]);
  // Objects without a prototype are plain data; an undefined property is
  // absent; a hole in a list has no JSON form.
  const bare = Object.assign(Object.create(null), goods(0));
  assert.deepEqual(sw.validate(OP, [bare]), []);
  assert.deepEqual(types(sw.validate(OP, [goods(0, { goods_name: undefined })])), [['missing', [0, 'goods_name']]]);
  // eslint-disable-next-line no-sparse-arrays
  assert.deepEqual(types(sw.validate(OP, [goods(0), , goods(2)])), [['unsupported_type', [1]]]);
  stillWorks();
});

test("the caller's own throwing getter or Proxy trap is rethrown as is", () => {
  const boom = new Error('from your getter');
  const item = goods(0);
  Object.defineProperty(item, 'goods_name', { enumerable: true, get() { throw boom; } });
  assert.throws(() => sw.validate(OP, [item]), (e) => e === boom);
  const proxy = new Proxy({}, { ownKeys() { throw boom; } });
  assert.throws(() => sw.plan(OP, [proxy]), (e) => e === boom);
  const { proxy: revoked, revoke } = Proxy.revocable([], {});
  revoke();
  assert.throws(() => sw.validate(OP, revoked), TypeError);
  stillWorks();
});

test('hostile operation names and options', () => {
  for (const op of [null, undefined, 1, {}, Symbol('op'), 'goods.Goods.batchPush\u0000', 'x'.repeat(1e6), '\uD800']) {
    assert.throws(() => sw.validate(op, []), (e) => sw.isSkuwireError(e) && e.code === 'unknown_operation');
  }
  for (const options of [5, 'x', [], { maxItems: -1 }, { maxItems: 1e300 }, { maxItems: 0 }, { onInvalid: NaN }]) {
    assert.throws(() => sw.plan(OP, [], options), (e) => sw.isSkuwireError(e) && e.code === 'invalid_argument');
  }
  stillWorks();
});

test('a getter that calls back into the package, forever, ends at the JS stack limit', () => {
  const item = goods(0);
  let calls = 0;
  Object.defineProperty(item, 'goods_name', {
    enumerable: true,
    get() {
      calls++;
      return sw.validate(OP, [item]).length ? 'x' : 'y';
    },
  });
  assert.throws(() => sw.validate(OP, [item]), RangeError);
  assert.ok(calls > 10);
  stillWorks();
});
