'use strict'
// The JSON-text fast path (see src/fast.rs): which items are plain data that
// `JSON.stringify` writes exactly as the addon's walker would convert them.
//
// An item passes when every value in it is null, a boolean, a string, a
// number, or a plain object (prototype Object.prototype or null, no `toJSON`,
// no own `__proto__` key) or array (prototype Array.prototype, no `toJSON`,
// no holes), nested less than MAX_DEPTH deep and without cycles. What the
// text shows is checked by the addon (src/json16.rs): a lone surrogate in a
// string or key, and a number that is not finite, not a safe integer or has
// an exponent (NaN and ±Infinity are written as `null`, so the fingerprint
// below differs). An object property whose value is `undefined` is left
// out, as both `JSON.stringify` and the walker do. Everything else — Dates,
// Maps, typed arrays, class instances, decimal.js values, symbols,
// functions, BigInts, NaN — fails the check and goes through the walker,
// which converts it or reports it as before.
//
// Per item the check also computes a fingerprint (the kind of every value in
// order, the size of every container); the addon recomputes it from the
// parsed text, so a value that changed between the check and JSON.stringify
// (a getter, a proxy) sends its item to the walker instead of through.

const OBJECT_PROTO = Object.prototype
const ARRAY_PROTO = Array.prototype
const getPrototypeOf = Object.getPrototypeOf
const isArray = Array.isArray

/** Items per JSON.stringify call: a chunk's text (≈ 0.1–0.5 MB for typical
 * items) is read by the addon into one reused buffer. */
const CHUNK = 256

// Kind codes; src/json16.rs uses the same.
const NULL = 1
const BOOL = 2
const NUMBER = 3
const STRING = 4
const ARRAY = 5
const OBJECT = 6

function makeChecker(maxDepth) {
  let h = 0
  // Containers on the current path (cycle check, as the walker's).
  const path = []

  function value(v, depth) {
    switch (typeof v) {
      // A lone surrogate, NaN, ±Infinity, an unsafe integer or an exponent
      // form are found by the addon in the text (a `\uDXXX` escape, a
      // `null` where the fingerprint has a number, a number text the walker
      // would not write): the item then takes the walker.
      case 'string':
        h = (Math.imul(h, 31) + STRING) | 0
        return true
      case 'number':
        h = (Math.imul(h, 31) + NUMBER) | 0
        return true
      case 'boolean':
        h = (Math.imul(h, 31) + BOOL) | 0
        return true
      case 'object':
        if (v === null) {
          h = (Math.imul(h, 31) + NULL) | 0
          return true
        }
        return container(v, depth)
      default:
        // undefined, function, symbol, bigint
        return false
    }
  }

  function container(v, depth) {
    if (depth >= maxDepth) return false
    for (let i = 0; i < path.length; i++) if (path[i] === v) return false
    path.push(v)
    const ok = isArray(v) ? array(v, depth) : object(v, depth)
    path.pop()
    return ok
  }

  function array(a, depth) {
    if (getPrototypeOf(a) !== ARRAY_PROTO || a.toJSON !== undefined) return false
    h = (Math.imul(h, 31) + ARRAY) | 0
    const n = a.length
    for (let i = 0; i < n; i++) {
      if (!value(a[i], depth + 1)) return false
    }
    h = (Math.imul(h, 31) + n) | 0
    return true
  }

  function object(o, depth) {
    const proto = getPrototypeOf(o)
    if ((proto !== OBJECT_PROTO && proto !== null) || o.toJSON !== undefined) return false
    h = (Math.imul(h, 31) + OBJECT) | 0
    let n = 0
    // for-in: own enumerable string keys in JSON.stringify's order (nothing
    // is inherited: `check` makes sure Object.prototype has no enumerable key).
    for (const k in o) {
      if (k === '__proto__') return false
      const x = o[k]
      if (x === undefined) continue
      if (!value(x, depth + 1)) return false
      n++
    }
    h = (Math.imul(h, 31) + n) | 0
    return true
  }

  /** The fingerprint of `v` when it passes, else `null`. */
  return function check(v) {
    h = 0
    path.length = 0
    return value(v, 0) ? h : null
  }
}

/** Whether some enumerable key is inherited by every plain object (a polluted
 * Object.prototype): for-in would then list it, so no item takes the fast path. */
function prototypesPolluted() {
  // eslint-disable-next-line no-unreachable-loop
  for (const k in OBJECT_PROTO) return k !== undefined
  return false
}

/**
 * The fast-path input for a list of items, or `null` when no item passes
 * (the walker takes them all): `{text | reader, ok, hashes}` — `ok[i]` 1 when
 * item i passed, `hashes` its fingerprint (an Int32Array's bytes); `text` the
 * `JSON.stringify` of the items (failing ones as `null`) for a payload of one
 * chunk, else `reader` (`makeReader().reader`, the addon's TextReader) holding
 * every chunk's text with its items' `ok` flags and fingerprints, pushed
 * (`makeReader().push(text, ok, hashes)`) as soon as it is written, so the
 * addon reads (and plans) it on worker threads while the next chunk is
 * checked here.
 */
function prepareList(items, maxDepth, makeReader) {
  const n = items.length
  if (n === 0 || items.toJSON !== undefined || prototypesPolluted()) return null
  const check = makeChecker(maxDepth)
  const ok = new Uint8Array(n)
  const hashes = new Int32Array(n)
  const texts = []
  let passed = 0
  let reader = null
  try {
    if (n > CHUNK && typeof makeReader === 'function') reader = makeReader()
    for (let at = 0; at < n; at += CHUNK) {
      const end = Math.min(n, at + CHUNK)
      const chunk = new Array(end - at)
      for (let i = at; i < end; i++) {
        const item = items[i]
        const h = check(item)
        if (h === null) {
          chunk[i - at] = null
        } else {
          ok[i] = 1
          hashes[i] = h
          chunk[i - at] = item
          passed++
        }
      }
      const text = JSON.stringify(chunk)
      if (reader === null) texts.push(text)
      else reader.push(text, ok.subarray(at, end), new Uint8Array(hashes.buffer, 4 * at, 4 * (end - at)))
    }
  } catch {
    // A getter or proxy trap that throws: the walker meets it again and
    // reports it exactly as without the fast path.
    return null
  }
  if (passed === 0) return null
  const out = { ok, hashes: new Uint8Array(hashes.buffer) }
  if (reader !== null) out.reader = reader.reader
  else out.text = texts.length === 1 ? texts[0] : texts
  return out
}

/** The same for one non-list value (a lone item for `validate`). */
function prepareOne(value, maxDepth) {
  if (prototypesPolluted()) return null
  let h
  let text
  try {
    h = makeChecker(maxDepth)(value)
    if (h === null) return null
    text = JSON.stringify(value)
  } catch {
    return null
  }
  if (typeof text !== 'string') return null
  return { text, ok: Uint8Array.of(1), hashes: new Uint8Array(Int32Array.of(h).buffer) }
}

module.exports = { prepareList, prepareOne }
