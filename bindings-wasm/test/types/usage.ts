// Type-checked (tsc --noEmit --strict) against the generated skuwire.d.ts:
// what a page writes must type-check, and the marked mistakes must not.
import init, {
  errorTypes, isSkuwireError, operations, plan, validate, version,
  type ErrorCode, type ErrorRecord, type ErrorTypeName, type JsonValue, type OperationInfo, type OperationName, type Plan, type PlanOptions,
  type ValidationError,
} from '../../../target/wasm/pkg/web/skuwire.js';

export async function page(bytes: ArrayBuffer): Promise<void> {
  await init({ module_or_path: bytes });
  const op: OperationName = 'goods.Goods.batchPush';
  const errs: ErrorRecord[] = validate(op, [{ goods_no: 'G1' }], { strict: true });
  const t: ErrorTypeName = errs[0].type;
  const where: Array<string | number> = errs[0].loc;
  const zh: string = errs[0].msg_zh;
  const input: JsonValue = errs[0].input;
  const ctx: JsonValue = errs[0].ctx['max_length'];
  const opts: PlanOptions = { onInvalid: 'skip', maxItems: 10, maxBodyBytes: 100000 };
  const p: Plan = plan(op, [], opts);
  const calls: number = p.batches.length;
  const first: number = p.batches[0].indices[0];
  const body: string = p.batches[0].body;
  const skipped: number[] = p.invalid.map((i) => i.index);
  const ops: OperationInfo[] = operations();
  const cap: number | null = ops[0].limits.maxBodyBytes;
  const title: string = ops[0].titleZh;
  const names: ErrorTypeName[] = errorTypes().map((e) => e.type);
  const v: string = version();
  try {
    plan(op, []);
  } catch (e) {
    if (isSkuwireError(e)) {
      const code: ErrorCode = e.code;
      const message: string = e.message + e.msgZh;
      const all: ErrorRecord[] | undefined = e.errors;
      if (e.name === 'ValidationError') {
        const v = e as ValidationError;
        const every: ErrorRecord[] = v.errors;
        console.log(v.op, every);
      }
      console.log(code, message, all);
    }
  }
  console.log(t, where, zh, input, ctx, calls, first, body, skipped, cap, title, names, v);

  // @ts-expect-error an operation name the registry does not have
  validate('goods.Goods.nope', []);
  // @ts-expect-error options are camelCase in JS, as in the Node package
  plan(op, [], { max_items: 3 });
  // @ts-expect-error on_invalid is "raise" or "skip"
  plan(op, [], { onInvalid: 'ignore' });
  // @ts-expect-error error types are a closed list
  const bad: ErrorTypeName = 'string_too_longg';
  // @ts-expect-error no signing in the browser
  const sign = (await import('../../../target/wasm/pkg/web/skuwire.js')).sign;
  console.log(bad, sign);
}
