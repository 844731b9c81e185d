// Types of forms.js (hand-written; the data's types are generated in forms-data.d.ts).
import type { PushOperationName, FieldLabels } from './forms-data.js';
export type { PushOperationName, FieldLabels } from './forms-data.js';

/** A JSON Schema document (draft 2020-12), as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

/** Standard Schema v1 (https://standardschema.dev), the parts skuwire implements. */
export declare namespace StandardSchemaV1 {
  interface Issue {
    /** The core's message, in the schema's language. */
    readonly message: string;
    /** Where: keys and list indexes from the item's root (an error record's `loc`). */
    readonly path?: ReadonlyArray<PropertyKey>;
  }
  interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  type Result<Output> = SuccessResult<Output> | FailureResult;
  interface JsonSchemaOptions {
    /** Only `"draft-2020-12"`; any other target throws. */
    readonly target: 'draft-2020-12' | ({} & string);
  }
  interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  }
}

/** A skuwire issue: the Standard Schema issue plus the core's record name and values. */
export interface SkuwireIssue extends StandardSchemaV1.Issue {
  readonly path: ReadonlyArray<string | number>;
  /** The error type (`string_too_long`). */
  readonly type: string;
  /** The rule's values (`{ max_length: 40 }`). */
  readonly ctx: { [key: string]: unknown };
}

/** The Standard Schema of one item of an operation (also a Standard JSON Schema). */
export interface ItemSchema {
  /** Assignable to StandardSchemaV1.Props: validation is synchronous and issues carry more. */
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: 'skuwire';
    readonly validate: (value: unknown) => StandardSchemaV1.SuccessResult<{ [field: string]: unknown }> | { readonly issues: ReadonlyArray<SkuwireIssue> };
    readonly types?: { readonly input: unknown; readonly output: { [field: string]: unknown } } | undefined;
    readonly jsonSchema: {
      readonly input: (options: StandardSchemaV1.JsonSchemaOptions) => JsonSchema;
      readonly output: (options: StandardSchemaV1.JsonSchemaOptions) => JsonSchema;
    };
  };
}

export interface StandardSchemaOptions {
  /** Language of issue messages (default `'en'`). */
  lang?: 'en' | 'zh';
  /** Report fields the vendor page does not document (default false: they pass through). */
  strict?: boolean;
  /** An input left empty (`""`) is left out of the item (default true). */
  emptyAsMissing?: boolean;
}

/** Every push operation with a form item. */
export declare const pushOperations: ReadonlyArray<PushOperationName>;
/** The JSON Schema (draft 2020-12) of one item of `op` (a fresh copy). */
export declare function jsonSchema(op: PushOperationName): JsonSchema;
/** Every documented field of `op`'s item by path (`spec_list.spec_no`), with its labels. */
export declare function fieldLabels(op: PushOperationName): { [path: string]: FieldLabels };
/** The label of the field at `path` (a `loc`, an issue path, or `spec_list[0].spec_no`); `undefined` when undocumented. */
export declare function fieldLabel(op: PushOperationName, path: string | ReadonlyArray<PropertyKey | { key: PropertyKey }>, lang?: 'zh' | 'en'): string | undefined;
/** A Standard Schema of one item of `op`, validated by the core. */
export declare function standardSchema(op: PushOperationName, options?: StandardSchemaOptions): ItemSchema;
