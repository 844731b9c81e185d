/// <reference types="node" />
// Types of the public API (index.js). Operation names, the closed sets of
// names (error types, reasons, retry advice, statuses, error codes) and the
// item type of every push operation come from registry.d.ts, generated from
// the core at build time.

import type {
  OperationName,
  PushOperationName,
  QueryOperationName,
  FlagshipPushOperationName,
  FlagshipQueryOperationName,
  EnterprisePushOperationName,
  EnterpriseQueryOperationName,
  YmcartPushOperationName,
  YmcartQueryOperationName,
  ErrorTypeName,
  Reason,
  Retry,
  Status,
  ErrorCode,
  ItemOf,
  PlatformName,
} from './registry'

// Everything generated from the core: operation names, closed sets
// (PlatformName, Reason, Retry, Status, ErrorCode…) and the per-operation
// item types.
export * from './registry'

/**
 * An item type without its pass-through index signatures, at every depth:
 * the documented fields only. `plan` checks items against it, so your own
 * interfaces and classes (which TypeScript never matches to an index
 * signature) type-check as long as their documented fields are right.
 */
export type DocumentedFields<T> = T extends ReadonlyArray<infer E>
  ? ReadonlyArray<DocumentedFields<E>>
  : T extends object
    ? { [K in keyof T as string extends K ? never : K]: DocumentedFields<T[K]> }
    : T

/**
 * A JSON value as skuwire hands it back (payloads, items, `data`, error
 * `input`/`ctx`). The number rule: a number whose text is an integer within
 * ±(2^53 − 1) is a JS number; every other number (fractions such as money,
 * larger integers) is a string holding its exact text, never a float.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/**
 * One validation problem, identical in every skuwire language:
 * `type` (stable name), `loc` (path of keys and indexes), `msg`/`msg_zh`,
 * `input` (the offending value; `null` when absent or replaced), `ctx`.
 */
export interface ErrorRecord {
  type: ErrorTypeName
  loc: (string | number)[]
  msg: string
  msg_zh: string
  input: JsonValue
  ctx: { [key: string]: JsonValue }
}

/** Base class of every error skuwire throws. */
export declare class SkuwireError extends Error {
  constructor(message: string, options?: { code?: ErrorCode; msgZh?: string; cause?: unknown })
  readonly code: ErrorCode
  /** The message in Chinese. */
  readonly msgZh: string
}

/** Input failed validation; `errors` lists every problem. */
export declare class ValidationError extends SkuwireError {
  constructor(message: string, options?: { op?: string | null; errors?: ErrorRecord[]; msgZh?: string; cause?: unknown })
  readonly code: 'validation'
  /** The operation (or method) the input was meant for. */
  readonly op: string | null
  readonly errors: ErrorRecord[]
}

/** An operation from the core's registry. */
export interface OperationInfo {
  name: OperationName
  platform: PlatformName
  kind: 'push' | 'query'
  titleZh: string
  /** Whether repeating the call is harmless (the platform upserts by key). */
  upsert: boolean
  itemName: string
  /** The item field answers name items by. */
  itemKey: string | null
  limits: { maxItems: number; documented: boolean; maxBodyBytes: number | null }
  /** How a query pages (and, if time-ranged, windows); `null` for a push. */
  paging: PagingInfo | null
  /** The vendor page the entry was written from. */
  source: string
}

/** A query's paging, as the query planner applies it. */
export interface PagingInfo {
  /** Whether it walks pages (`false`: read with a single request). */
  paged: boolean
  firstPage: number
  /** The page size sent when the caller gives none (a page's default). */
  defaultPageSize: number
  /** The largest page size taken: the documented maximum, or the column's range where none is documented. */
  maxPageSize: number
  /** Whether `maxPageSize` is documented (a page's default is never a maximum). */
  maxPageSizeDocumented: boolean
  /** The row field rows are de-duplicated by (`null`: none). */
  rowKey: string | null
  /** For a time-ranged query: the parameters bounding its window and the longest span in days. */
  window: { start: string; end: string; maxDays: number } | null
}

/** One entry of the error type catalogue. */
export interface ErrorTypeInfo {
  type: ErrorTypeName
  template: string
  templateZh: string
}

/** How flat rows become items (see `PlanOptions.nest`). */
export type NestOption = boolean | string | Record<string, string[]>

/** Flat rows (one per SKU): their keys are column names, not item fields. */
export type FlatRow = Record<string, unknown>

export interface ValidateOptions {
  /** Report fields the vendor page does not list. */
  strict?: boolean
  /**
   * Lax mode, for rows from a SQL driver: `NaN` is "not given" like `null`;
   * an integral number in a string field is its decimal text (numeric
   * barcodes); an integral number in an integer field is that integer.
   * Everything else is refused as in the default mode.
   */
  lax?: boolean
  /**
   * Nest flat rows (one per SKU, as a SQL join gives them) into items with
   * their lists: `true` by column names (`'spec_list[].spec_no'`), a list
   * field's name (`'spec_list'`: bare names its elements document go there
   * too), or `{ spec_list: ['spec_no', 'remark'] }`. Consecutive rows with
   * equal item-level values (or equal `nestKey` values) make one item;
   * errors are located by row. Needs the rows as an array.
   */
  nest?: NestOption
  /** The item-level column(s) whose values say where an item starts. */
  nestKey?: string | string[]
}

export interface PlanOptions {
  /** `raise` (default): a single problem fails the plan; `skip`: leave invalid items out and report them in `invalid`. */
  onInvalid?: 'raise' | 'skip'
  /** Most items per batch (only lower than the operation's limit). */
  maxItems?: number
  /** Most bytes of payload JSON per batch. */
  maxBodyBytes?: number
  strict?: boolean
  /**
   * Lax mode, for rows from a SQL driver: `NaN` is "not given" like `null`;
   * an integral number in a string field is its decimal text (numeric
   * barcodes); an integral number in an integer field is that integer.
   * Everything else is refused as in the default mode.
   */
  lax?: boolean
  /**
   * Nest flat rows (one per SKU, as a SQL join gives them) into items with
   * their lists: `true` by column names (`'spec_list[].spec_no'`), a list
   * field's name (`'spec_list'`: bare names its elements document go there
   * too), or `{ spec_list: ['spec_no', 'remark'] }`. Consecutive rows with
   * equal item-level values (or equal `nestKey` values) make one item;
   * errors are located by row. Needs the rows as an array.
   */
  nest?: NestOption
  /** The item-level column(s) whose values say where an item starts. */
  nestKey?: string | string[]
  /**
   * Plan an array on a core thread while JS still converts it (the same
   * batches and records, in input order); arrays of more than one chunk
   * (256 KiB of JSON) without `nest`. Default: when the machine has more
   * than one CPU.
   */
  parallel?: boolean
}

export interface SignOptions {
  /** Unix seconds (an integer); default: now plus the client's clock offset. */
  timestamp?: number
}

/** Flagship paging system parameters for a generic paged call. */
export interface Pager {
  pageNo: number
  pageSize: number
  calcTotal?: boolean
}

/** `outcome.status` (the core's `Status`; kept under its earlier name). */
export type OutcomeStatus = Status

/** An item the platform refused; `index` is `null` when the answer names something not in the batch. */
export interface Rejected {
  index: number | null
  key: string | null
  message: string
}

/** An id the platform assigned to an input item. */
export interface AssignedId {
  index: number
  id: JsonValue
}

/** The meaning of one answer. */
export interface Outcome {
  /** Every item accepted (confirmed by the answer): nothing rejected, nothing unknown. */
  ok: boolean
  /** Some accepted; others rejected or unknown. */
  partial: boolean
  status: OutcomeStatus
  reason: Reason | null
  retry: Retry
  /** HTTP status (0 when there was no answer). */
  httpStatus: number
  /** The platform's status/code field. */
  code: number | string | null
  message: string | null
  /** Input positions the answer confirmed. */
  accepted: number[]
  rejected: Rejected[]
  ids: AssignedId[]
  totalCount: number | string | null
  data: JsonValue
  notes: string[]
  /**
   * Input positions whose fate the answer does not settle (no answer, a 5xx,
   * an empty, garbled or unreadable body, or a per-item answer that does not
   * mention them). The platform may or may not have applied them: an upsert
   * is advised `resend` (sending them again is harmless); otherwise they must
   * be checked on the platform before they are sent again. With `retry`
   * `'no'`, `accepted`, `rejected` (by index) and `unknown` hold every
   * position exactly once.
   */
  unknown: number[]
}

/**
 * A batch as data (`batch.toJSON()`), for queues and resumable jobs: `json`
 * is the batch's exact JSON text, so numbers keep every digit.
 */
export interface BatchJSON {
  type: 'skuwire.Batch'
  json: string
}

/** An unsigned batch: one future call, bound to the client that made it. */
export declare class Batch {
  private constructor()
  /** The operation; `null` for a generic call. */
  readonly op: OperationName | null
  /** The method name as the vendor writes it. */
  readonly method: string
  readonly platform: PlatformName
  /** Input positions of the items, in order. */
  readonly indices: number[]
  readonly items: JsonValue[]
  readonly length: number
  /** Whether resending is harmless (the platform upserts by key). */
  readonly upsert: boolean
  /** The request payload (flagship: the positional-argument array). */
  readonly payload: JsonValue
  readonly client: Client
  /** The payload as compact JSON text (flagship: exactly the HTTP body). */
  bodyJson(): string
  /** Signs just before sending (the flagship clock window is ±120 s). */
  sign(options?: SignOptions): Request
  /** Reads the platform's answer. */
  parse(status: number, body: Uint8Array | ArrayBuffer | string): Outcome
  /** The outcome of a call that got no answer at all (timeout, reset). */
  transportError(message: string): Outcome
  toJSON(): BatchJSON
  /** A batch from `toJSON()` data (or its `json` text), signed by `client`. */
  static fromJSON(data: BatchJSON | string, client: Client): Batch
}

/** The JSON form of a request: URL and body with secrets redacted. */
export interface RequestData {
  method: string
  url: string
  headers: Record<string, string>
  body: string
  sign: string
  timestamp: number
}

/**
 * A request ready to send with fetch, undici or axios. `url` (flagship: the
 * salt) and `body` (YMCart: the token) carry secrets: send them, but log
 * `toJSON()` / `util.inspect`, which show the redacted forms only.
 */
export declare class Request {
  private constructor()
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  /** The exact bytes to send (flagship: exactly the bytes that were signed). */
  readonly body: Buffer
  /** The signature (lowercase hex MD5); empty for YMCart. */
  readonly sign: string
  /** The timestamp as sent (flagship: seconds since 2012-01-01 00:00 Beijing time). */
  readonly timestamp: number
  /** The hashed string, secrets redacted. */
  readonly stringToSign: string
  /** Signed parameters sorted by key, secrets redacted. */
  readonly sortedParams: [string, string][]
  readonly redactedUrl: string
  readonly redactedBody: string
  toJSON(): RequestData
}

/** An item left out (skip mode), with every problem it has. */
export interface InvalidItem {
  index: number
  errors: ErrorRecord[]
}

/** The plan of an array: an array of its batches, with the items left out (skip mode) in `invalid`. */
export declare class Plan extends Array<Batch> {
  private constructor()
  /** The batches as a plain array. */
  readonly batches: Batch[]
  readonly invalid: InvalidItem[]
}

/** A lazy plan of a sync iterable; one pass; `invalid` grows while it runs. */
export declare class PlanStream implements Iterable<Batch> {
  private constructor()
  readonly invalid: InvalidItem[]
  [Symbol.iterator](): Iterator<Batch>
}

/** A lazy plan of an async iterable (`for await`); `invalid` grows while it runs. */
export declare class AsyncPlanStream implements AsyncIterable<Batch> {
  private constructor()
  readonly invalid: InvalidItem[]
  [Symbol.asyncIterator](): AsyncIterator<Batch>
}

/**
 * One row of a query page, in the answer's field order, typed by the
 * operation's column table: integers as numbers (beyond ±(2^53 − 1): exact
 * strings), decimals as exact strings (`"496.0000"`), datetimes as RFC 3339
 * strings in Beijing time (`"2019-01-03T17:29:34+08:00"`), nested values as JSON.
 */
export type Row = { [column: string]: JsonValue }

/** One page of a query. */
export interface Page {
  /** The answer was read and the plan advanced. */
  ok: boolean
  /** The new rows (duplicates left out). */
  items: Row[]
  pageNo: number
  /** `[start, end]` of the window (RFC 3339, Beijing time), or `null`. */
  window: [string, string] | null
  windowIndex: number
  totalCount: number | string | null
  /** Rows in the answer, duplicates included. */
  received: number
  duplicatesDropped: number
  /** The meaning of the answer; on failure `outcome.retry` says what to do. */
  outcome: Outcome
  /** This page finished the run. */
  done: boolean
}

export interface QueryOptions {
  /** Rows per page (up to the operation's maximum). */
  pageSize?: number
  /** Longest window in seconds (up to the operation's maximum). */
  maxWindowSecs?: number
  /** Report parameters the vendor page does not list. */
  strict?: boolean
  /** De-duplicate rows by the operation's row key (default true). */
  dedup?: boolean
}

/** A query's progress as data (`plan.state()`): `json` is its exact JSON text. */
export interface QueryStateJSON {
  type: 'skuwire.QueryState'
  json: string
}

/** A query in progress, driven by the host: `nextRequest()`, send, `feed()`. */
export declare class QueryPlan {
  private constructor()
  readonly client: Client
  readonly op: QueryOperationName
  /** Every window has been read. */
  readonly done: boolean
  readonly pageNo: number
  readonly pageSize: number | null
  readonly windowIndex: number
  readonly windowCount: number
  readonly currentWindow: [string, string] | null
  readonly total: number | null
  readonly rowsDelivered: number
  readonly duplicatesDropped: number
  /** The next request, unsigned; `null` when done. The same page until an answer is fed. */
  nextBatch(): Batch | null
  /** The next request, signed; `null` when done. */
  nextRequest(options?: SignOptions): Request | null
  /** Reads the answer to the outstanding request. */
  feed(status: number, body: Uint8Array | ArrayBuffer | string): Page
  /** Reports that the outstanding request got no answer. */
  feedTransportError(message: string): Page
  /** The progress as of the last completed page. */
  state(): QueryStateJSON
  toJSON(): QueryStateJSON
  /** Continues a run from `state()` data (or its `json` text). */
  static resume(state: QueryStateJSON | string, client: Client): QueryPlan
}

/** How a push runs (`client.pushDriver`, `client.push`). */
export interface PushDriverOptions extends Omit<PlanOptions, 'onInvalid'> {
  /** `skip` (default): leave invalid items out and report them in `invalid`; `raise`: a single problem fails the push before anything is sent. */
  onInvalid?: 'raise' | 'skip'
  /** Most calls in flight at once (default 1). */
  concurrency?: number
  /** Most calls per second for this client (the platforms limit per app). */
  rate?: number
  /** Milliseconds added to the second the rate is counted over (default 50): the network can bunch calls. */
  rateMarginMs?: number
  /** Seed of the backoff jitter (`push`: random by default; `pushDriver`: 0). */
  seed?: number
  /** Most sends of one batch in this run, the first included (default 6). */
  maxAttempts?: number
  /** Backoff before the first retry (default 500 ms), doubling per retry. */
  backoffBaseMs?: number
  /** Longest backoff (default 30 000 ms). */
  backoffCapMs?: number
  /** On resume: send again items an earlier run left unknown (check the platform first). */
  resendUnknown?: boolean
  /** On resume: send again items an earlier run saw rejected. */
  resendRejected?: boolean
  /** `pushDriver`: the bytes of an earlier run's journal, to resume it. */
  journal?: Uint8Array | null
}

/** How `client.push` sends. */
export interface PushOptions extends Omit<PushDriverOptions, 'journal'> {
  /** The fetch to send with (default: the global `fetch`). */
  fetch?: (url: string, init: { method: string; headers: Record<string, string>; body: Buffer; signal: AbortSignal; redirect: 'manual' }) => Promise<{
    status: number
    headers: { forEach(callback: (value: string, name: string) => void): void }
    arrayBuffer(): Promise<ArrayBuffer>
  }>
  /** A journal file: the same call again resumes a killed push without sending anything twice. */
  journal?: string
  /** Stops the push: calls in flight are settled, then `push` rejects with the signal's reason (its `report` property says what became of every item). */
  signal?: AbortSignal
  /** Per call (default 30 000). */
  timeoutMs?: number
  /** Called with each answer: the input positions the call carried and its outcome. */
  onAnswer?: (positions: number[], outcome: Outcome) => void
}

/** Retries made, by the advice that caused them. */
export interface Retries {
  resign: number
  backoff: number
  resend: number
}

/** What became of every input item of a push, by input position. */
export interface PushReport {
  op: PushOperationName
  items: number
  /** Every item accepted. */
  ok: boolean
  /** Positions the platform confirmed, ascending. */
  accepted: number[]
  /** Items the platform refused, with its words. */
  rejected: Rejected[]
  /** Items left out before sending, with every problem. */
  invalid: InvalidItem[]
  /** Positions whose fate no answer settled: the platform may or may not have applied them. */
  unknown: number[]
  /** Positions never sent, or given up while a retry was advised: safe to send again. */
  unsent: number[]
  ids: AssignedId[]
  /** Calls made (in every run the journal recorded). */
  calls: number
  retries: Retries
  /** The clock offset in force (server − local, seconds). */
  clockOffset: number
}

/** What to do next (`pushDriver.next()`). */
export type PushAction =
  | { kind: 'send'; call: number; request: Request; positions: number[]; attempt: number; retry: Retry | null }
  | { kind: 'wait'; waitMs: number | null }
  | { kind: 'done' }

/** A push's state as data (`driver.state()`): `json` is its exact JSON text. */
export interface PushStateJSON {
  type: 'skuwire.PushState'
  json: string
}

/** A push in progress, driven by the host: `next()`, send, `feed()`; `takeJournal()` before each send and after each answer. */
export declare class PushDriver {
  private constructor()
  readonly client: Client
  readonly op: PushOperationName
  readonly done: boolean
  readonly inFlight: number[]
  readonly journalKeep: number
  readonly upsert: boolean
  readonly clockOffset: number
  next(now?: number): PushAction
  feed(call: number, status: number, body: Uint8Array | ArrayBuffer | string, headers?: Iterable<[string, string]> | Record<string, string> | { forEach(callback: (value: string, name: string) => void): void } | null, now?: number): Outcome
  feedTransportError(call: number, message: string, now?: number): Outcome
  takeJournal(): Buffer
  stop(): void
  report(): PushReport
  state(): PushStateJSON
  toJSON(): PushStateJSON
  static restore(state: PushStateJSON | string, client: Client): PushDriver
}

/** What `JSON.stringify(client)` and `util.inspect(client)` show: never a secret. */
export interface ClientInfo {
  platform: PlatformName
  sid?: string
  appkey?: string
  baseUrl: string
  clockOffset: number
}

/** Base of the platform clients. Credentials stay inside the native object. */
export declare abstract class Client<Op extends PushOperationName = PushOperationName, QueryOp extends QueryOperationName = QueryOperationName> {
  readonly platform: PlatformName
  readonly baseUrl: string
  /** Seconds added to the local clock when signing without a timestamp (server − local). */
  clockOffset: number
  /**
   * Plans an array at once (raise mode: every problem in one ValidationError).
   * Items are typed by the operation (`ItemOf<O>`, generated from the core's
   * item schema): documented fields must have their documented types;
   * undocumented fields pass through, also on your own interfaces and classes.
   */
  /** Plans flat rows nested into items (`nest`): rows are typed as rows, the items they make are checked by the core. */
  plan<O extends Op>(op: O, rows: readonly FlatRow[], options: PlanOptions & { nest: NestOption }): Plan
  plan<O extends Op, T extends DocumentedFields<ItemOf<O>>>(op: O, items: readonly T[], options?: PlanOptions): Plan
  /** Plans an async iterable lazily (`for await`). */
  plan<O extends Op, T extends DocumentedFields<ItemOf<O>>>(op: O, items: AsyncIterable<T>, options?: PlanOptions): AsyncPlanStream
  /** Plans a sync iterable lazily. */
  plan<O extends Op, T extends DocumentedFields<ItemOf<O>>>(op: O, items: Iterable<T>, options?: PlanOptions): PlanStream
  /**
   * A query plan: `params` are validated; a time range (`start_time`/`end_time`
   * as Beijing `yyyy-MM-dd HH:mm:ss`, RFC 3339 or Unix seconds) is split into
   * the platform's windows.
   */
  query(op: QueryOp, params: object, options?: QueryOptions): QueryPlan
  /** A push driver for `items`, or the push its `journal` records, resumed. */
  pushDriver<O extends Op>(op: O, rows: Iterable<FlatRow>, options: PushDriverOptions & { nest: NestOption }): PushDriver
  pushDriver<O extends Op, T extends DocumentedFields<ItemOf<O>>>(op: O, items: Iterable<T>, options?: PushDriverOptions): PushDriver
  /** Pushes `items` — the whole loop — and resolves with the report. */
  /** Pushes flat rows nested into items (`nest`). */
  push<O extends Op>(op: O, rows: Iterable<FlatRow>, options: PushOptions & { nest: NestOption }): Promise<PushReport>
  push<O extends Op, T extends DocumentedFields<ItemOf<O>>>(op: O, items: Iterable<T>, options?: PushOptions): Promise<PushReport>
  /** A batch for a method skuwire does not model (an object of parameters; unvalidated). */
  call(method: string, args: object): Batch
  sign(batch: Batch, options?: SignOptions): Request
  toJSON(): ClientInfo
}

export interface FlagshipOptions {
  sid: string
  appkey: string
  /** `secret:salt`, split at the first colon. */
  appsecret: string
  /** `FLAGSHIP_TEST_URL`, `FLAGSHIP_PRODUCTION_URL` or your own endpoint. */
  baseUrl: string
  clockOffset?: number
}

export interface EnterpriseOptions {
  sid: string
  appkey: string
  appsecret: string
  /** The `openapi2` folder: `ENTERPRISE_SANDBOX_URL`, `ENTERPRISE_PRODUCTION_URL`… */
  baseUrl: string
  clockOffset?: number
}

/** updateSkuQty's `update_options`: `1` moves a sold-out SKU down the listing / off the shelf (and back when restocked); `0` does not. */
export interface YmcartUpdateOptions {
  update_listorder?: 0 | 1
  update_status?: 0 | 1
}

export interface YmcartOptions {
  token: string
  /** A URL template such as `https://shop.example.com/api/{method}`. */
  baseUrl: string
  /** Sent with every updateSkuQty request. */
  updateOptions?: YmcartUpdateOptions
}

/** WDT flagship (旺店通旗舰版). */
export declare class Flagship extends Client<FlagshipPushOperationName, FlagshipQueryOperationName> {
  constructor(options: FlagshipOptions)
  readonly platform: 'flagship'
  readonly sid: string
  readonly appkey: string
  /** A generic call: `args` is the positional-argument array. */
  call(method: string, args: readonly unknown[], options?: { pager?: Pager }): Batch
  toJSON(): ClientInfo & { sid: string; appkey: string }
}

/** WDT enterprise (旺店通企业版). */
export declare class Enterprise extends Client<EnterprisePushOperationName, EnterpriseQueryOperationName> {
  constructor(options: EnterpriseOptions)
  readonly platform: 'enterprise'
  readonly sid: string
  readonly appkey: string
  toJSON(): ClientInfo & { sid: string; appkey: string }
}

/** YMCart shop API. */
export declare class Ymcart extends Client<YmcartPushOperationName, YmcartQueryOperationName> {
  constructor(options: YmcartOptions)
  readonly platform: 'ymcart'
  readonly updateOptions: YmcartUpdateOptions | null
  toJSON(): ClientInfo & { updateOptions: YmcartUpdateOptions | null }
}

export declare const VERSION: string
/** Deepest nesting accepted in an input value. */
export declare const MAX_DEPTH: number
/** What every redacted secret shows as. */
export declare const REDACTED: string
export declare const FLAGSHIP_TEST_URL: string
export declare const FLAGSHIP_PRODUCTION_URL: string
export declare const ENTERPRISE_SANDBOX_URL: string
export declare const ENTERPRISE_PRODUCTION_URL: string
/** Every platform's name, in the core's order. */
export declare const PLATFORMS: readonly PlatformName[]
/** Every `outcome.reason`, in the core's order. */
export declare const REASONS: readonly Reason[]
/** Every `outcome.retry` advice, in the core's order. */
export declare const RETRIES: readonly Retry[]
/** Every `outcome.status`, in the core's order. */
export declare const STATUSES: readonly Status[]

/** Every operation skuwire models, in registry order. */
export declare function operations(): OperationInfo[]
/** The catalogue of validation error types. */
export declare function errorTypes(): ErrorTypeInfo[]
/** Every problem of a payload (an array of items, or one item), in one pass. */
export declare function validate(op: OperationName, payload: object | readonly object[], options?: ValidateOptions): ErrorRecord[]
/** Server clock minus local clock in seconds, from an HTTP `Date` header; `localTime` in Unix seconds (default: now). */
export declare function clockOffsetFromHttpDate(date: string, localTime?: number): number
