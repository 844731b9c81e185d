// skuwire's rules in the shapes form libraries read: per push operation, a
// Standard Schema (https://standardschema.dev: `~standard.validate`, used by
// react-hook-form, TanStack Form, VeeValidate, Formik…) whose verdict is the
// core's own `validate`, the JSON Schema of one item, and the field labels.
// The schemas and labels come from the core registry (forms-data.js, written
// by build.rs); this file only adapts them, and only validates.
import { validate } from './skuwire.js';
import { SCHEMAS, LABELS } from './forms-data.js';

const VENDOR = 'skuwire';
const DIALECT = 'draft-2020-12';

/** Every push operation with a form item, in the registry's order. */
export const pushOperations = Object.freeze(Object.keys(SCHEMAS));

function known(op) {
  if (typeof op !== 'string' || !Object.prototype.hasOwnProperty.call(SCHEMAS, op)) {
    const e = new Error(`not a push operation: ${String(op)} (one of ${pushOperations.join(', ')})`);
    e.name = 'SkuwireError';
    e.code = 'unknown_operation';
    throw e;
  }
  return op;
}

// A fresh copy, so a caller that edits it does not change the next one.
const copy = (v) => JSON.parse(JSON.stringify(v));

/** The JSON Schema (draft 2020-12) of one item of `op`. */
export function jsonSchema(op) {
  return copy(SCHEMAS[known(op)]);
}

/** Every documented field of `op`'s item by path (`spec_list.spec_no`), with `{zh, en}` labels. */
export function fieldLabels(op) {
  return copy(LABELS[known(op)]);
}

/**
 * The label of the field at `path` — an error record's `loc`, a Standard
 * Schema issue's `path`, or a form library's name (`spec_list[0].spec_no`,
 * `spec_list.0.spec_no`); list indexes are skipped. `undefined` for a field
 * the vendor page does not document.
 */
export function fieldLabel(op, path, lang = 'zh') {
  const parts = Array.isArray(path)
    ? path.map((p) => (p !== null && typeof p === 'object' ? p.key : p))
    : String(path).split(/[.[\]]+/).filter((p) => p !== '');
  const key = parts.filter((p) => typeof p === 'string' && !/^\d+$/.test(p)).join('.');
  const entry = LABELS[known(op)][key];
  return entry === undefined ? undefined : entry[lang === 'en' ? 'en' : 'zh'];
}

// A form holds "" for an input left empty: left empty is left out, as it
// would be if the field were not on the form (never sent as "", which a
// platform could read as "clear this value").
function withoutEmpty(v) {
  if (Array.isArray(v)) return v.map(withoutEmpty);
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) if (x !== '') out[k] = withoutEmpty(x);
  return out;
}

/**
 * A Standard Schema (v1) of one item of `op`, plus Standard JSON Schema's
 * `~standard.jsonSchema`. `validate(value)` runs the core's validator on the
 * item: `{ value }` when valid (the item as it will be sent), otherwise
 * `{ issues: [{ message, path, type, ctx }] }` with the core's message in
 * `lang` ('en' or 'zh') and its location as `path`.
 *
 * Options: `lang` ('en'), `strict` (false: undocumented fields pass
 * through), `emptyAsMissing` (true: an input left empty, `""`, is left out).
 */
export function standardSchema(op, options = {}) {
  known(op);
  const lang = options.lang === 'zh' ? 'zh' : 'en';
  const strict = options.strict === true;
  const emptyAsMissing = options.emptyAsMissing !== false;
  const schemaFor = (opts) => {
    const target = opts && opts.target;
    if (target !== DIALECT) throw new Error(`skuwire generates JSON Schema ${DIALECT} only, not ${String(target)}`);
    return jsonSchema(op);
  };
  return Object.freeze({
    '~standard': Object.freeze({
      version: 1,
      vendor: VENDOR,
      validate(value) {
        const item = emptyAsMissing ? withoutEmpty(value) : value;
        // As a list of one, so that anything but an object (an array, null)
        // is "not an object" rather than read as a list of items.
        const records = validate(op, [item], { strict });
        if (records.length === 0) return { value: item };
        return {
          issues: records.map((r) => ({
            message: lang === 'zh' ? r.msg_zh : r.msg,
            path: r.loc.slice(1),
            type: r.type,
            ctx: r.ctx,
          })),
        };
      },
      jsonSchema: Object.freeze({ input: schemaFor, output: schemaFor }),
    }),
  });
}
