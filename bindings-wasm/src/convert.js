// Host values → JSON text for the core, in one pass on the JS side (one call
// across the wasm boundary instead of several per value). Part of convert.rs:
// the rules are documented there. Every value JSON cannot hold becomes `null`
// plus a note [loc, kind, text]; convert.rs turns each note into the core's
// record (`ErrorRecord::string_unicode`, `not_finite`, …).

/**
 * @param {unknown} value the argument
 * @param {boolean} list whether `value` is a list of items (items start at depth 0)
 * @param {number} maxDepth skuwire::MAX_DEPTH
 * @returns {[string, string]} the JSON text, and the JSON text of the notes
 */
export function host_to_json(value, list, maxDepth) {
  const errors = [];
  const loc = [];
  const report = (kind, text) => errors.push([loc.slice(), kind, text]);

  function walk(v, depth) {
    switch (typeof v) {
      case 'string':
        if (v.isWellFormed()) return JSON.stringify(v);
        report('string_unicode', v.toWellFormed());
        return 'null';
      case 'number':
        if (!Number.isFinite(v)) {
          report('not_finite', String(v));
          return 'null';
        }
        if (Number.isInteger(v)) {
          if (Math.abs(v) > Number.MAX_SAFE_INTEGER) {
            report('unsafe_integer', plain(v));
            return 'null';
          }
          return v === 0 ? '0' : String(v);
        }
        return plain(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'undefined':
        return 'null';
      case 'bigint':
        return v.toString();
      case 'function':
      case 'symbol':
        report('unsupported_type', typeof v);
        return 'null';
      default:
        break;
    }
    if (v === null) return 'null';
    if (depth >= maxDepth) {
      report('nesting_too_deep', '');
      return 'null';
    }
    if (Array.isArray(v)) {
      let out = '[';
      const n = v.length;
      for (let i = 0; i < n; i++) {
        loc.push(i);
        out += (i ? ',' : '') + walk(v[i], depth + 1);
        loc.pop();
      }
      return out + ']';
    }
    const proto = Object.getPrototypeOf(v);
    if (!(proto === null || Object.getPrototypeOf(proto) === null)) {
      report('unsupported_type', constructorName(proto));
      return 'null';
    }
    let out = '{';
    let first = true;
    for (const key of Object.keys(v)) {
      const good = key.isWellFormed();
      const name = good ? key : key.toWellFormed();
      loc.push(name);
      let text;
      if (good) {
        text = walk(v[key], depth + 1);
      } else {
        report('string_unicode', name);
        text = 'null';
      }
      loc.pop();
      out += (first ? '' : ',') + JSON.stringify(name) + ':' + text;
      first = false;
    }
    return out + '}';
  }

  let json;
  if (list) {
    // The list itself is not a level of any item.
    json = '[';
    const n = value.length;
    for (let i = 0; i < n; i++) {
      loc.push(i);
      json += (i ? ',' : '') + walk(value[i], 0);
      loc.pop();
    }
    json += ']';
  } else {
    json = walk(value, 0);
  }
  return [json, errors.length ? JSON.stringify(errors) : '[]'];
}

/** `Date`, `Map`, `Uint8Array`…: for the message. */
function constructorName(proto) {
  try {
    const name = proto.constructor && proto.constructor.name;
    return typeof name === 'string' && name ? name : 'object';
  } catch {
    return 'object';
  }
}

/**
 * The shortest decimal text that reads back as the same double, in plain
 * notation: 0.1 → "0.1", 1e-7 → "0.0000001", 2 ** 70 → "1180591620717411300000".
 */
export function plain(x) {
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) return s;
  let mant = s.slice(0, e);
  const exp = Number(s.slice(e + 1));
  const minus = mant[0] === '-' ? '-' : '';
  if (minus) mant = mant.slice(1);
  const dot = mant.indexOf('.');
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  const point = (dot < 0 ? mant.length : dot) + exp;
  if (point <= 0) return minus + '0.' + '0'.repeat(-point) + digits;
  if (point >= digits.length) return minus + digits + '0'.repeat(point - digits.length);
  return minus + digits.slice(0, point) + '.' + digits.slice(point);
}
