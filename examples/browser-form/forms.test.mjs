// The browser package's form exports, in Node (no browser): the JSON Schemas
// compile in Ajv (JSON Schema 2020-12) and agree with the core's validator
// field by field; the Standard Schema returns the core's verdict; the labels
// come from the core. Run after scripts/build-wasm.sh:
//   node --test examples/browser-form/forms.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const WEB = process.env.SKUWIRE_WASM_PKG_WEB || path.resolve(here, '../../target/wasm/pkg/web');
const sw = await import(pathToFileURL(path.join(WEB, 'skuwire.js')).href);
await sw.default({ module_or_path: fs.readFileSync(path.join(WEB, 'skuwire_bg.wasm')) });
const forms = await import(pathToFileURL(path.join(WEB, 'forms.js')).href);

const OP = 'goods.Goods.batchPush';
// Strict, except for `required` inside the anyOf of an at-least-one-of rule
// (the property is defined one level up, which strictRequired does not see);
// type unions (["string", "null"]) are JSON Schema, allowed explicitly.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addKeyword('x-label-zh');
const compile = (schema) => ajv.getSchema(schema.$id) || ajv.compile(schema);

test('every push operation has a JSON Schema that compiles, with labels as titles', () => {
  const push = sw.operations().filter((o) => o.kind === 'push').map((o) => o.name);
  assert.deepEqual([...forms.pushOperations], push);
  for (const op of push) {
    const schema = forms.jsonSchema(op);
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema', op);
    compile(schema);
    const labels = forms.fieldLabels(op);
    for (const [name, prop] of Object.entries(schema.properties)) {
      assert.equal(prop.title, labels[name].en, `${op} ${name}`);
      assert.equal(prop['x-label-zh'], labels[name].zh, `${op} ${name}`);
    }
  }
  // A copy each time: editing one does not change the next.
  forms.jsonSchema(OP).properties.goods_no.maxLength = 1;
  assert.equal(forms.jsonSchema(OP).properties.goods_no.maxLength, 40);
});

test('maxLength counts characters, enums and the decimal pattern are there', () => {
  const s = forms.jsonSchema(OP);
  const validate = compile(s);
  const item = (extra, spec = {}) => ({ goods_no: 'G1', goods_name: 'n', spec_list: [{ spec_no: 'S1', ...spec }], ...extra });
  assert.ok(validate(item({ goods_no: '货'.repeat(40) })), 'forty Chinese characters fit');
  assert.ok(validate(item({ goods_no: '😀'.repeat(40) })), 'forty emoji fit (characters, not UTF-16 units)');
  assert.ok(!validate(item({ goods_no: '货'.repeat(41) })));
  assert.ok(!validate(item({ goods_type: 7 })));
  assert.ok(validate(item({ goods_type: '1' })));
  assert.ok(validate(item({}, { retail_price: '59.90' })));
  assert.ok(validate(item({}, { retail_price: '1.50000' })), 'trailing zeros do not count');
  assert.ok(!validate(item({}, { retail_price: '1.23456' })));
  assert.ok(!validate(item({}, { retail_price: '1e5' })));
  assert.ok(validate(item({}, { retail_price: null })), 'null is "not given"');
});

// Candidate values per described kind, to compare the schema's verdict with
// the core's at one field's location.
function candidates(prop) {
  const out = [null, true, 5, 1.5, 'x', '', '  ', '\u0001', [], {}];
  const s = JSON.stringify(prop);
  const max = /"maxLength":(\d+)/.exec(s);
  if (max) {
    const n = Number(max[1]);
    out.push('a'.repeat(n), 'a'.repeat(n + 1), '货'.repeat(n), '😀'.repeat(n), '😀'.repeat(n + 1));
  }
  for (const m of s.matchAll(/"enum":(\[[^\]]*\])/g)) out.push(...JSON.parse(m[1]));
  out.push('12', '-3', '1.5', 0, -1, 2147483648, '2147483648', 1, 2, '1.23456', '59.90', '0012.5000', '1234567890123456', '123456789012345.1234',
    '1e5', '-0', 59.9, 'https://example.com/a.png', 'ftp://x', 'http://', 'http://a b', '2024-01-05 10:00:00', '2024-1-5', '2024-01-05',
    '2024-13-01', '2024-01-05T10:00:00', 'true', [1], [{}], ['a']);
  return out;
}

/** The value at `path`, set into a fresh object. */
function withValue(pathParts, value) {
  const root = {};
  let at = root;
  pathParts.forEach((p, i) => {
    const last = i === pathParts.length - 1;
    if (last) at[p] = value;
    else at = at[p] = typeof pathParts[i + 1] === 'number' ? [] : {};
  });
  return root;
}

test('the JSON Schema and the core agree field by field (shape rules)', () => {
  let compared = 0;
  const disagreements = [];
  for (const op of forms.pushOperations) {
    const schema = forms.jsonSchema(op);
    const check = compile(schema);
    // Top-level fields and the fields of list-of-object fields.
    const targets = [];
    for (const [name, prop] of Object.entries(schema.properties)) {
      targets.push([[name], prop]);
      const items = prop.items || (prop.anyOf || []).find((a) => a.items)?.items;
      if (items && items.properties) for (const [sub, p] of Object.entries(items.properties)) targets.push([[name, 0, sub], p]);
    }
    for (const [where, prop] of targets) {
      // Rules written as code in the core have no JSON Schema form; their
      // schema (at any depth) says so in a description.
      if (/"description":"(?![^"]*Beijing time)/.test(JSON.stringify(prop))) continue;
      for (const value of candidates(prop)) {
        const item = withValue(where, value);
        const ptr = '/' + where.join('/');
        const ajvBad = !check(item) && check.errors.some((e) => e.instancePath === ptr || e.instancePath.startsWith(ptr + '/'));
        const records = sw.validate(op, [item]);
        const coreBad = records.some((r) => {
          const loc = r.loc.slice(1);
          return where.every((p, i) => loc[i] === p) && !['missing_one_of', 'conflict'].includes(r.type);
        });
        compared += 1;
        if (ajvBad !== coreBad) disagreements.push(`${op} ${where.join('.')} = ${JSON.stringify(value)}: schema ${ajvBad ? 'refuses' : 'accepts'}, core ${coreBad ? 'refuses' : 'accepts'}`);
      }
    }
  }
  // Known and documented: the schema checks a date's shape, the core its
  // calendar too (2024-02-30); the core's cross-item and cross-field rules
  // (uniqueness, rules written as code) have no place at one field.
  const explained = (d) => /= "2024-02-30"/.test(d);
  const unexplained = disagreements.filter((d) => !explained(d));
  assert.ok(compared > 5000, `compared ${compared}`);
  assert.deepEqual(unexplained, [], `${unexplained.length} of ${compared} verdicts differ:\n${unexplained.slice(0, 40).join('\n')}`);
});

test('the Standard Schema is the core validator, with paths and both languages', () => {
  const en = forms.standardSchema(OP);
  const zh = forms.standardSchema(OP, { lang: 'zh' });
  assert.equal(en['~standard'].version, 1);
  assert.equal(en['~standard'].vendor, 'skuwire');
  const good = { goods_no: 'G1', goods_name: '保温杯', brand_name: '', spec_list: [{ spec_no: 'S1', retail_price: '59.90', barcode: '' }] };
  const ok = en['~standard'].validate(good);
  assert.equal(ok.issues, undefined);
  // Inputs left empty are left out; nothing else is changed.
  assert.deepEqual(ok.value, { goods_no: 'G1', goods_name: '保温杯', spec_list: [{ spec_no: 'S1', retail_price: '59.90' }] });
  const bad = { goods_no: 'A'.repeat(41), goods_name: '', spec_list: [{ spec_no: 'S1', retail_price: '1.23456' }, { spec_no: 'S1' }] };
  const r = en['~standard'].validate(bad);
  const byPath = Object.fromEntries(r.issues.map((i) => [i.path.join('.'), i]));
  assert.equal(byPath.goods_no.type, 'string_too_long');
  assert.equal(byPath.goods_no.message, 'String should have at most 40 characters');
  assert.equal(byPath.goods_name.type, 'missing', 'an empty required input is missing');
  assert.equal(byPath['spec_list.0.retail_price'].type, 'decimal_max_places');
  assert.ok(r.issues.some((i) => i.type === 'duplicate_key'), 'uniqueness across the specs is checked too');
  const rz = zh['~standard'].validate(bad);
  assert.equal(rz.issues.find((i) => i.path.join('.') === 'goods_no').message, '字符串长度不能超过40个字符');
  // Without emptyAsMissing, "" is a value and judged as one.
  const raw = forms.standardSchema(OP, { emptyAsMissing: false })['~standard'].validate({ ...good, spec_list: [{ spec_no: 'S1', retail_price: '' }] });
  assert.equal(raw.issues[0].type, 'decimal_parsing');
  // Not an object.
  assert.deepEqual(en['~standard'].validate([good]).issues.map((i) => [i.type, i.path]), [['dict_type', []]]);
  assert.deepEqual(en['~standard'].validate(null).issues.map((i) => i.type), ['dict_type']);
  // Standard JSON Schema.
  assert.deepEqual(en['~standard'].jsonSchema.input({ target: 'draft-2020-12' }), forms.jsonSchema(OP));
  assert.throws(() => en['~standard'].jsonSchema.input({ target: 'draft-07' }), /draft-2020-12 only/);
  assert.throws(() => forms.standardSchema('vip_api_goods_query.php'), (e) => e.code === 'unknown_operation');
});

test('labels come from the core, by path, in both languages', () => {
  assert.equal(forms.fieldLabel(OP, 'goods_no'), '货品编号');
  assert.equal(forms.fieldLabel(OP, 'goods_no', 'en'), 'Goods no.');
  for (const p of ['spec_list[3].spec_no', 'spec_list.3.spec_no', ['spec_list', 3, 'spec_no'], [{ key: 'spec_list' }, { key: 3 }, { key: 'spec_no' }]]) {
    assert.equal(forms.fieldLabel(OP, p), '商家编码', JSON.stringify(p));
  }
  assert.equal(forms.fieldLabel(OP, 'not_documented'), undefined);
  const all = forms.fieldLabels(OP);
  assert.deepEqual(all['spec_list.retail_price'], { zh: '零售价', en: 'Retail price' });
});
