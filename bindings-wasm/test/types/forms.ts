// Type-checked (tsc --noEmit --strict) against forms.d.ts: form support as a
// page uses it, and the marked mistakes must not type-check.
import { standardSchema, jsonSchema, fieldLabel, fieldLabels, pushOperations, type ItemSchema, type PushOperationName, type SkuwireIssue, type JsonSchema } from '../../../target/wasm/pkg/web/forms.js';

const op: PushOperationName = 'goods.Goods.batchPush';
const schema: ItemSchema = standardSchema(op, { lang: 'zh', strict: false, emptyAsMissing: true });
const result = schema['~standard'].validate({ goods_no: 'G1' });
if (result.issues) {
  const first: SkuwireIssue | undefined = result.issues[0];
  const where: ReadonlyArray<string | number> | undefined = first?.path;
  const message: string | undefined = first?.message;
  void where;
  void message;
} else {
  const item: { [field: string]: unknown } = result.value;
  void item;
}
const js: JsonSchema = jsonSchema(op);
const viaStandard: JsonSchema = schema['~standard'].jsonSchema.input({ target: 'draft-2020-12' });
const label: string | undefined = fieldLabel(op, ['spec_list', 0, 'spec_no'], 'en');
const labels = fieldLabels(op)['spec_list.spec_no'];
const zh: string | undefined = labels?.zh;
const all: ReadonlyArray<PushOperationName> = pushOperations;
void js; void viaStandard; void label; void zh; void all;

// @ts-expect-error: a query has no form item.
standardSchema('vip_api_goods_query.php');
// @ts-expect-error: lang is 'en' or 'zh'.
standardSchema(op, { lang: 'fr' });
// @ts-expect-error: a misspelled operation.
jsonSchema('goods.Goods.batchPsh');

// What form libraries ask for: a Standard Schema v1.
import type { StandardSchemaV1 } from '../../../target/wasm/pkg/web/forms.js';
const asStandard: { readonly '~standard': StandardSchemaV1.Props<unknown, { [field: string]: unknown }> } = schema;
void asStandard;
