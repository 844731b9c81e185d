// JS values → JSON text for the skuwire core: the one set of conversion
// rules of both npm packages (the Node addon's `skuwire` and the browser
// package). The core reads the text (one walk that checks each item and
// writes its body); what has no JSON form is written as `null` and noted
// as [loc, kind, text], and the core turns each note into its record from
// the catalogue at that location (`JsonInput::with_notes`).
//
// The rules (nothing is dropped, truncated or rounded):
// - a finite number is its shortest round-trip decimal text without an
//   exponent (0.1 → 0.1, 1e-7 → 0.0000001, -0 → 0); an integer beyond
//   ±(2^53 − 1) is `unsafe_integer` (the JS value cannot be trusted to be
//   the one meant); NaN and ±Infinity are `decimal_not_finite`;
// - a BigInt is its exact digits;
// - a string must be well-formed UTF-16 (`string_unicode` otherwise, shown
//   with U+FFFD), object keys too;
// - an object property whose value is `undefined` is left out (as
//   JSON.stringify does); `undefined` anywhere else (a list element, a
//   hole), a symbol and a function are `unsupported_type`;
// - an object that is not plain data and has a `toJSON` method is read
//   through it once (decimal.js, big.js, bignumber.js give their exact
//   decimal text); built-ins whose JSON form would lose or change data —
//   Date, Map, Set, WeakMap, WeakSet, RegExp, Promise, Error, boxed
//   primitives, DataView, buffers and typed arrays — are `unsupported_type`;
//   other class instances are read field by field;
// - containers nested MAX_DEPTH deep inside one item, and cycles, are
//   `nesting_too_deep` where the limit is crossed.
//
// Speed: an item of plain data (plain objects and arrays of strings,
// booleans, null and numbers JSON.stringify writes exactly as above) is
// written by JSON.stringify, a run of them at once; any other item is
// walked here value by value. A property read twice by the check must give
// the same value twice, or the item is walked (so a getter that answers
// differently on each read cannot slip a value past the check).

const MAX_SAFE = 9007199254740991
// String.prototype.isWellFormed / toWellFormed arrived in Node 20 (and
// browsers of 2023); on older engines (Node 18, which the package supports)
// a lone surrogate is found with a regular expression, with the same answers.
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const LONE_ALL = new RegExp(LONE.source, 'g')
const isWellFormed = typeof String.prototype.isWellFormed === 'function' ? (s) => s.isWellFormed() : (s) => !LONE.test(s)
const toWellFormed = typeof String.prototype.toWellFormed === 'function' ? (s) => s.toWellFormed() : (s) => s.replace(LONE_ALL, '\uFFFD')
const OBJECT_PROTO = Object.prototype
const getPrototypeOf = Object.getPrototypeOf
const isArray = Array.isArray
const hasOwn = Object.prototype.hasOwnProperty
/**
 * UTF-16 units of text per JSON.stringify call; each run's item count is
 * set from the last run's text per item. V8 hands a large result over as
 * pieces that encodeInto first copies into one flat string: kept near this
 * size (64 KB of two-byte text, under V8's 128 KB large-object line) that
 * copy is made in the young heap instead of fresh pages (batchPush's 1,300-
 * unit goods: 32 per run, not 128 — toWireBytes 75 → 60 ms).
 */
const RUN_TEXT = 32000
/** Items in the first run, before any text was measured. */
const FIRST_RUN = 16

/** Built-ins whose JSON form would lose or change data. */
const UNSUPPORTED = ['Date', 'Map', 'Set', 'WeakMap', 'WeakSet', 'RegExp', 'Promise', 'Error', 'Number', 'String', 'Boolean', 'DataView']
  .map((name) => globalThis[name])
  .filter((ctor) => typeof ctor === 'function')

/**
 * The shortest decimal text that reads back as the same double, in plain
 * notation: 0.1 → "0.1", 1e-7 → "0.0000001", 2 ** 70 → "1180591620717411303424".
 */
export function plain(x) {
  const s = String(x)
  const e = s.indexOf('e')
  if (e < 0) return s
  let mant = s.slice(0, e)
  const exp = Number(s.slice(e + 1))
  const minus = mant[0] === '-' ? '-' : ''
  if (minus) mant = mant.slice(1)
  const dot = mant.indexOf('.')
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1)
  const point = (dot < 0 ? mant.length : dot) + exp
  if (point <= 0) return minus + '0.' + '0'.repeat(-point) + digits
  if (point >= digits.length) return minus + digits + '0'.repeat(point - digits.length)
  return minus + digits.slice(0, point) + '.' + digits.slice(point)
}

function constructorName(v) {
  try {
    const name = v.constructor && v.constructor.name
    return typeof name === 'string' && name ? name : 'Object'
  } catch {
    return 'Object'
  }
}

/** The name of a built-in whose JSON form would lose data, if `v` is one. */
function unsupportedBuiltin(v) {
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return constructorName(v)
  for (const ctor of UNSUPPORTED) if (v instanceof ctor) return constructorName(v)
  return null
}

/** Whether some enumerable key is inherited by every plain object (a polluted
 * Object.prototype): for-in would list it, JSON.stringify not. */
function prototypesPolluted() {
  // eslint-disable-next-line no-unreachable-loop
  for (const k in OBJECT_PROTO) return k !== undefined
  return false
}

/**
 * Whether JSON.stringify writes `v` exactly as the walk below would, with no
 * note: plain data only, every value read twice alike.
 */
function makeCheck(maxDepth) {
  const path = []
  function value(v, depth) {
    switch (typeof v) {
      case 'string':
        return isWellFormed(v)
      case 'number': {
        const a = Math.abs(v)
        // JSON.stringify writes an exponent below 1e-6 (and at 1e21, beyond
        // the safe integers anyway).
        return a === 0 || (a >= 1e-6 && a <= MAX_SAFE)
      }
      case 'boolean':
        return true
      case 'object':
        return v === null || container(v, depth)
      default:
        return false // undefined, function, symbol, bigint
    }
  }
  function container(v, depth) {
    if (depth >= maxDepth) return false
    for (let i = 0; i < path.length; i++) if (path[i] === v) return false
    path.push(v)
    let ok
    if (isArray(v)) {
      ok = v.toJSON === undefined
      const n = v.length
      for (let i = 0; ok && i < n; i++) {
        const x = v[i]
        ok = x !== undefined && value(x, depth + 1) && v[i] === x
      }
    } else {
      const proto = getPrototypeOf(v)
      ok = (proto === OBJECT_PROTO || proto === null) && v.toJSON === undefined
      if (ok) {
        for (const k in v) {
          if (k === '__proto__' || !isWellFormed(k)) {
            ok = false
            break
          }
          const x = v[k]
          if (x !== undefined && !value(x, depth + 1)) {
            ok = false
            break
          }
          if (v[k] !== x) {
            ok = false
            break
          }
        }
      }
    }
    path.pop()
    return ok
  }
  return (v) => {
    path.length = 0
    return value(v, 0)
  }
}

/** The walk: one value's JSON text, each problem noted at its location. */
function makeWalk(maxDepth, notes) {
  const loc = []
  const path = []
  const note = (kind, text) => {
    notes.push([loc.slice(), kind, text])
    return 'null'
  }
  function walk(v, depth, allowToJson) {
    switch (typeof v) {
      case 'string':
        return isWellFormed(v) ? JSON.stringify(v) : note('string_unicode', toWellFormed(v))
      case 'number':
        if (!Number.isFinite(v)) return note('not_finite', String(v))
        if (Number.isInteger(v) && Math.abs(v) > MAX_SAFE) return note('unsafe_integer', plain(v))
        return v === 0 ? '0' : plain(v)
      case 'boolean':
        return v ? 'true' : 'false'
      case 'bigint':
        return v.toString()
      case 'undefined':
      case 'symbol':
      case 'function':
        return note('unsupported_type', typeof v)
      default:
        break
    }
    if (v === null) return 'null'
    if (depth >= maxDepth) return note('nesting_too_deep', '')
    // A cycle nests without end.
    for (let i = 0; i < path.length; i++) if (path[i] === v) return note('nesting_too_deep', '')
    if (isArray(v)) {
      path.push(v)
      let out = '['
      const n = v.length
      for (let i = 0; i < n; i++) {
        loc.push(i)
        out += (i ? ',' : '') + walk(v[i], depth + 1, true)
        loc.pop()
      }
      path.pop()
      return out + ']'
    }
    const proto = getPrototypeOf(v)
    if (proto !== OBJECT_PROTO && proto !== null) {
      const builtin = unsupportedBuiltin(v)
      if (builtin !== null) return note('unsupported_type', builtin)
      if (allowToJson && typeof v.toJSON === 'function') {
        const key = loc.length ? String(loc[loc.length - 1]) : ''
        // As JSON.stringify: toJSON is applied once per value.
        return walk(v.toJSON(key), depth, false)
      }
    }
    path.push(v)
    let out = '{'
    let first = true
    for (const k in v) {
      if (!hasOwn.call(v, k)) continue // inherited enumerable properties are not data
      if (!isWellFormed(k)) {
        const shown = toWellFormed(k)
        loc.push(shown)
        note('string_unicode', shown)
        loc.pop()
        out += (first ? '' : ',') + JSON.stringify(shown) + ':null'
        first = false
        continue
      }
      // `v.__proto__` reads the prototype; read the own property.
      const x = k === '__proto__' ? Object.getOwnPropertyDescriptor(v, k).value : v[k]
      if (x === undefined) continue // an unset property, as JSON.stringify treats it
      loc.push(k)
      const text = walk(x, depth + 1, true)
      loc.pop()
      out += (first ? '' : ',') + JSON.stringify(k) + ':' + text
      first = false
    }
    path.pop()
    return out + '}'
  }
  return (v, root) => {
    loc.length = 0
    path.length = 0
    if (root !== undefined) loc.push(root)
    return walk(v, 0, true)
  }
}

/** Whether an item takes the JSON.stringify way (plain data; for tests). */
export function plainData(value, maxDepth) {
  return !prototypesPolluted() && makeCheck(maxDepth)(value)
}

/**
 * Calls `emit(text)` with the JSON text of `value` in pieces (a list of
 * items: `[`, items joined by `,`, `]`), noting problems in `notes`.
 * `list`: `value` is an array of items, each converted from its own root
 * (its locations start with its index, its depth from itself). A run of
 * plain items comes as `emitRun(text, first)`: `text` is JSON.stringify's
 * `[a,b]`, whose brackets the receiver drops (and, unless `first`, puts a
 * comma for the opening one) — done in place, as slicing and joining a
 * chunk's text would copy it once more. `boundary()`, if given, is called
 * after each item or run; it returns true when it closed the list and
 * opened a new one (the next item is then first again).
 */
function write(value, list, maxDepth, notes, emit, emitRun, root, walkOnly, boundary) {
  const walk = makeWalk(maxDepth, notes)
  if (!list) {
    emit(walk(value, root))
    return
  }
  const check = walkOnly || prototypesPolluted() ? () => false : makeCheck(maxDepth)
  const n = value.length
  emit('[')
  let run = []
  let runLength = FIRST_RUN
  let first = true
  const flush = () => {
    if (run.length === 0) return
    const text = JSON.stringify(run)
    emitRun(text, first)
    first = false
    runLength = Math.max(1, Math.min(256, Math.floor((RUN_TEXT * run.length) / text.length)))
    run = []
    if (boundary !== undefined && boundary()) first = true
  }
  for (let i = 0; i < n; i++) {
    const item = value[i]
    if (item !== undefined && check(item) && value[i] === item) {
      run.push(item)
      if (run.length >= runLength) flush()
    } else {
      flush()
      emit((first ? '' : ',') + walk(item, i))
      first = false
      if (boundary !== undefined && boundary()) first = true
    }
  }
  flush()
  emit(']')
}

/**
 * `value` as JSON text for the core: `[text, notes]`, `notes` the JSON text
 * of `[[loc, kind, text], …]` (`'[]'` when nothing was noted).
 * @param {unknown} value
 * @param {boolean} list whether `value` is an array of items
 * @param {number} maxDepth skuwire's MAX_DEPTH
 * @param {number} [root] for one item: its index, where its locations start
 * @param {boolean} [walkOnly] walk every item (tests compare the two ways)
 * @returns {[string, string]}
 */
export function toWire(value, list, maxDepth, root, walkOnly) {
  const notes = []
  let text = ''
  const emit = (s) => {
    text += s
  }
  write(value, list, maxDepth, notes, emit, (run, first) => emit((first ? '' : ',') + run.slice(1, -1)), root, walkOnly)
  return [text, notes.length ? JSON.stringify(notes) : '[]']
}

const encoder = new TextEncoder()
let scratch = new Uint8Array(1 << 16)

/** A writer of UTF-8 pieces into the one reused buffer, from offset 0. */
function bytesWriter() {
  const w = { at: 0 }
  const room = (n) => {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (scratch.length - w.at < n * 3) {
      const grown = new Uint8Array(Math.max(scratch.length * 2, w.at + n * 3))
      grown.set(scratch.subarray(0, w.at))
      scratch = grown
    }
  }
  w.emit = (s) => {
    room(s.length)
    w.at += encoder.encodeInto(s, scratch.subarray(w.at)).written
  }
  w.emitRun = (run, first) => {
    room(run.length)
    // The first run is written over the list's own `[` (the same byte);
    // a later one's `[` becomes the comma. Its `]` is dropped.
    const start = first ? w.at - 1 : w.at
    const n = encoder.encodeInto(run, scratch.subarray(start)).written
    if (!first) scratch[start] = 0x2c
    w.at = start + n - 1
  }
  return w
}

/**
 * The same as UTF-8 bytes, written piece by piece into one reused buffer
 * (no payload-sized string is built): `[bytes, notes]`. `bytes` is a view
 * into that buffer, valid until the next call.
 * @returns {[Uint8Array, string]}
 */
export function toWireBytes(value, list, maxDepth) {
  const notes = []
  const w = bytesWriter()
  write(value, list, maxDepth, notes, w.emit, w.emitRun)
  return [scratch.subarray(0, w.at), notes.length ? JSON.stringify(notes) : '[]']
}

/**
 * An array of items as consecutive chunks, each the UTF-8 JSON text of a
 * list of whole items of about `chunkBytes` (the last may be smaller) and
 * the notes on them (their locations start with the item's index in
 * `items`): `sink(bytes, notes, last)` is called for each, in order, with
 * a view into the one reused buffer, valid until `sink` returns.
 * @param {unknown[]} items
 * @param {number} maxDepth skuwire's MAX_DEPTH
 * @param {number} chunkBytes
 * @param {(bytes: Uint8Array, notes: string, last: boolean) => void} sink
 */
export function toWireChunks(items, maxDepth, chunkBytes, sink) {
  const notes = []
  const w = bytesWriter()
  const boundary = () => {
    if (w.at < chunkBytes) return false
    w.emit(']')
    sink(scratch.subarray(0, w.at), notes.length ? JSON.stringify(notes) : '[]', false)
    notes.length = 0
    w.at = 0
    w.emit('[')
    return true
  }
  write(items, true, maxDepth, notes, w.emit, w.emitRun, undefined, false, boundary)
  sink(scratch.subarray(0, w.at), notes.length ? JSON.stringify(notes) : '[]', true)
}
