'use strict'
// What a careful Node user writes instead of skuwire: an ajv-compiled JSON
// Schema of the documented field rules, JSON.stringify, crypto MD5.
//
// The rules are the core's (core/src/flagship/schema.rs): required fields, lengths
// in Unicode characters (ajv counts code points), no control characters
// (tab, LF, CR allowed), required strings not blank, enums, bit flags,
// Decimal(19,4) digit limits (15 before the point, 4 after, trailing zeros
// not counted, never rounded; plain decimal text), 1–500 specs per goods,
// goods_no and spec_no unique across the whole input (shop_no+goods_id+spec_id
// for ApiGoods.upload). `allErrors`: every problem at once, as skuwire
// reports them. Undocumented fields pass through.
//
// The output is the same work: calls of 50 goods (ApiGoods.upload: 100 rows
// of one shop), the flagship body, MD5(secret + k1v1k2v2… + secret) over the
// sorted system parameters and the body, and the URL.
const crypto = require('node:crypto')
const Ajv = require('ajv')

const EPOCH_OFFSET = 1325347200
const OK = '[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]'
const str = (max) => ({ type: 'string', ...(max === undefined ? {} : { maxLength: max }), pattern: `^${OK}*$` })
const strReq = (max) => ({ type: 'string', minLength: 1, ...(max === undefined ? {} : { maxLength: max }), pattern: `^${OK}*[^\\s\\u0000-\\u001f\\u007f]${OK}*$` })
// Plain decimal text (or a JS number): ≤ 15 significant whole digits, ≤ 4
// significant places; leading zeros and trailing zeros of the fraction free.
const DEC = { type: ['string', 'number'], pattern: '^-?0*\\d{1,15}(\\.(?=\\d)\\d{0,4}0*)?$' }
const int = (min, max) => ({ type: 'integer', minimum: min, maximum: max })
const INT32 = int(-2147483648, 2147483647)
const BOOL = { enum: [true, false, 0, 1] }

const SPEC = {
  type: 'object',
  required: ['spec_no'],
  properties: {
    spec_no: strReq(40), spec_code: str(40), barcode: str(50), spec_name: str(100),
    wms_process_mask: { type: 'integer', flags: 2 | 8 | 16 | 32 | 64 },
    goods_label: str(11), sn_type: { enum: [0, 1, 2] },
    lowest_price: DEC, retail_price: DEC, wholesale_price: DEC, member_price: DEC, market_price: DEC,
    validity_days: int(-999999, 999999), sales_days: INT32, receive_days: INT32,
    weight: DEC, height: DEC, length: DEC, width: DEC, large_type: { enum: [-1, 0, 1, 2, 3] },
    prop1: str(255), prop2: str(255), prop3: str(255), prop4: str(255), prop5: str(255), prop6: str(255),
    custom_price1: DEC, custom_price2: DEC, is_lower_cost: BOOL, img_url: str(1024), remark: str(512),
    sale_score: DEC, pack_score: DEC, pick_score: DEC, sort_score: DEC, scan_score: DEC, supply_score: DEC,
    shelve_score: DEC, stockin_score: DEC, inspect_score: DEC, packing_score: DEC, operate_score: DEC,
    weigh_score: DEC, consign_score: DEC, tax_code: str(40), unit_name: str(20), aux_unit_name: str(20),
  },
}

const GOODS = {
  type: 'object',
  required: ['goods_no', 'goods_name', 'spec_list'],
  properties: {
    goods_no: strReq(40), goods_name: strReq(255), class_name: str(64), brand_name: str(64),
    unit_name: str(20), aux_unit_name: str(20), flag_name: str(32), goods_type: { enum: [0, 1, 2, 3, 4, 5, 6, 8] },
    short_name: str(255), alias: str(255), pinyin: str(40), origin: str(64), remark: str(512),
    prop1: str(255), prop2: str(255), prop3: str(255), prop4: str(255), prop5: str(255), prop6: str(255),
    auto_create_bc: BOOL,
    spec_list: { type: 'array', minItems: 1, maxItems: 500, items: SPEC },
  },
}

const API_ROW = {
  type: 'object',
  required: ['shop_no'],
  properties: {
    shop_no: strReq(), goods_id: str(40), spec_id: str(40), goods_no: str(40), spec_no: str(40),
    status: { enum: [0, 1, 2] }, goods_name: str(255), spec_name: str(100), pic_url: str(255),
    price: DEC, stock_num: DEC,
  },
}

// null on an optional field means "not given" in skuwire: allow it beside each rule.
function nullable(schema) {
  const props = {}
  for (const [k, v] of Object.entries(schema.properties)) {
    const inner = v.type === 'object' ? nullable(v) : v.items ? { ...v, items: nullable(v.items) } : v
    props[k] = schema.required.includes(k) ? inner : { anyOf: [{ type: 'null' }, inner] }
  }
  return { ...schema, properties: props }
}

const ajv = new Ajv({ allErrors: true, strict: false })
ajv.addKeyword({
  keyword: 'flags',
  type: 'integer',
  validate: (mask, n) => n >= 0 && (n & ~mask) === 0,
  errors: false,
})
const validateGoods = ajv.compile({ type: 'array', items: nullable(GOODS) })
const validateRows = ajv.compile({ type: 'array', items: nullable(API_ROW) })

// The leanest schema a Node user would write: types, lengths and enums only —
// no uniqueness, no control-character, blank or decimal-digit checks (the
// decimal fields are only typed). Not equal rules: the target is to be
// faster than it even so.
function lean(schema) {
  const props = {}
  for (const [k, v] of Object.entries(schema.properties)) {
    let inner
    if (v.type === 'object') inner = lean(v)
    else if (v.items) inner = { ...v, items: lean(v.items) }
    else if (v === DEC) inner = { type: ['string', 'number'] }
    else if (v === BOOL || v.enum) inner = v
    else if (v.flags !== undefined || v.type === 'integer') inner = { type: 'integer' }
    else if (v.type === 'string') inner = { type: 'string', ...(v.minLength ? { minLength: v.minLength } : {}), ...(v.maxLength === undefined ? {} : { maxLength: v.maxLength }) }
    else inner = v
    props[k] = schema.required.includes(k) ? inner : { anyOf: [{ type: 'null' }, inner] }
  }
  return { ...schema, properties: props }
}
const leanAjv = new Ajv({ allErrors: true, strict: false })
const validateGoodsLean = leanAjv.compile({ type: 'array', items: lean(GOODS) })
const validateRowsLean = leanAjv.compile({ type: 'array', items: lean(API_ROW) })

class BaselineErrors extends Error {
  constructor(errors) {
    super(`${errors.length} validation errors`)
    this.errors = errors
  }
}

class Signer {
  constructor(sid, appkey, appsecret, baseUrl) {
    const at = appsecret.indexOf(':')
    this.secret = appsecret.slice(0, at)
    this.salt = appsecret.slice(at + 1)
    this.sid = sid
    this.appkey = appkey
    this.baseUrl = baseUrl
  }

  sign(method, body, unix) {
    const params = { sid: this.sid, key: this.appkey, salt: this.salt, method, v: '1.0', timestamp: String(unix - EPOCH_OFFSET), body }
    const keys = Object.keys(params).sort()
    const h = crypto.createHash('md5').update(this.secret)
    for (const k of keys) h.update(k).update(params[k])
    const sign = h.update(this.secret).digest('hex')
    let query = ''
    for (const k of keys) if (k !== 'body') query += `${k}=${encodeURIComponent(params[k])}&`
    return { url: `${this.baseUrl}?${query}sign=${sign}`, body: Buffer.from(body), sign }
  }
}

function batchPushWith(validate, unique, signer, goods, unix, maxItems = 50) {
  const errors = validate === null || validate(goods) ? [] : [...validate.errors]
  if (unique) uniqueGoods(goods, errors)
  if (errors.length) throw new BaselineErrors(errors)
  const out = []
  for (let at = 0; at < goods.length; at += maxItems) {
    out.push(signer.sign('goods.Goods.batchPush', JSON.stringify([goods.slice(at, at + maxItems)]), unix))
  }
  return out
}

function uniqueGoods(goods, errors) {
  const seenGoods = new Map()
  const seenSpecs = new Map()
  goods.forEach((g, i) => {
    const no = g && g.goods_no
    if (typeof no === 'string' && no.trim()) {
      if (seenGoods.has(no)) errors.push({ type: 'duplicate_key', loc: [i, 'goods_no'], first: seenGoods.get(no) })
      else seenGoods.set(no, i)
    }
    const specs = g && g.spec_list
    if (Array.isArray(specs)) {
      specs.forEach((s, j) => {
        const sno = s && s.spec_no
        if (typeof sno === 'string' && sno.trim()) {
          if (seenSpecs.has(sno)) errors.push({ type: 'duplicate_key', loc: [i, 'spec_list', j, 'spec_no'], first: seenSpecs.get(sno) })
          else seenSpecs.set(sno, [i, j])
        }
      })
    }
  })
}

function apiGoodsUploadWith(validate, unique, signer, rows, unix, maxItems = 100) {
  const errors = validate === null || validate(rows) ? [] : [...validate.errors]
  if (unique) {
    const seen = new Map()
    const part = (v) => (v === undefined || v === null ? '' : String(v))
    rows.forEach((r, i) => {
      const key = `${part(r.shop_no)}\u0000${part(r.goods_id)}\u0000${part(r.spec_id)}`
      if (part(r.shop_no).trim()) {
        if (seen.has(key)) errors.push({ type: 'duplicate_key', loc: [i, 'spec_id'], first: seen.get(key) })
        else seen.set(key, i)
      }
    })
  }
  if (errors.length) throw new BaselineErrors(errors)
  const out = []
  const open = new Map() // shop → [first row, rows]
  const send = (shop, items) => out.push(signer.sign('goods.ApiGoods.upload', JSON.stringify([{ shop_no: shop, goods_list: items }]), unix))
  rows.forEach((r, i) => {
    let o = open.get(r.shop_no)
    if (!o) open.set(r.shop_no, (o = [i, []]))
    const { shop_no, ...rest } = r
    o[1].push(rest)
    if (o[1].length === maxItems) {
      send(shop_no, o[1])
      open.delete(shop_no)
    }
  })
  for (const [shop, [, items]] of [...open.entries()].sort((a, b) => a[1][0] - b[1][0])) send(shop, items)
  return out
}

/** Equal rules: what skuwire checks. */
const batchPush = (...a) => batchPushWith(validateGoods, true, ...a)
const apiGoodsUpload = (...a) => apiGoodsUploadWith(validateRows, true, ...a)
/** Types, lengths and enums only. */
const batchPushLean = (...a) => batchPushWith(validateGoodsLean, false, ...a)
const apiGoodsUploadLean = (...a) => apiGoodsUploadWith(validateRowsLean, false, ...a)
/** The floor: the same calls, `JSON.stringify`, MD5 and the URL, no checks at all. */
const batchPushFloor = (...a) => batchPushWith(null, false, ...a)
const apiGoodsUploadFloor = (...a) => apiGoodsUploadWith(null, false, ...a)

module.exports = { Signer, batchPush, apiGoodsUpload, batchPushLean, apiGoodsUploadLean, batchPushFloor, apiGoodsUploadFloor, BaselineErrors }
