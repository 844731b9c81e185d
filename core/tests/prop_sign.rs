//! Every signed request verifies under an independent verifier written here
//! from `../shared/spec/README.md` ("Signing and transport"): the request is
//! parsed back from its URL query or form body with a decoder written here,
//! the signature is recomputed with MD5 (the `md-5` crate, not skuwire's
//! code), and enterprise lengths are counted in code points by this file.
//! Parameters are random: Chinese, emoji, `&=+%`, spaces, newlines, and
//! values longer than 9,999 characters (`%04d` is a minimum width).

use md5::{Digest, Md5};
use proptest::prelude::*;
use serde_json::{Map, Value};
use skuwire::*;

// ----------------------------------------------------------- the verifier

fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Percent-decoding; `plus_is_space` for form bodies.
fn decode(s: &str, plus_is_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let v = hex(b[i + 1]).and_then(|h| hex(b[i + 2]).map(|l| h * 16 + l)).expect("a %XX escape");
                out.push(v);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8 after decoding")
}

/// `k=v&k=v` back into pairs, in order.
fn pairs(s: &str, plus_is_space: bool) -> Vec<(String, String)> {
    if s.is_empty() {
        return Vec::new();
    }
    s.split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("k=v");
            (decode(k, plus_is_space), decode(v, plus_is_space))
        })
        .collect()
}

fn get<'a>(ps: &'a [(String, String)], key: &str) -> &'a str {
    let found: Vec<&(String, String)> = ps.iter().filter(|(k, _)| k == key).collect();
    assert_eq!(found.len(), 1, "{key} should appear once in {ps:?}");
    &found[0].1
}

/// Code points, counted from UTF-8 lead bytes (every byte that is not a
/// continuation byte `10xxxxxx` starts one).
fn code_points(s: &str) -> usize {
    s.bytes().filter(|b| b & 0xC0 != 0x80).count()
}

/// What a business parameter travels as: a string as it is, anything else as its JSON text.
fn wire_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => unreachable!("a null parameter is not sent"),
        other => other.to_string(),
    }
}

/// Flagship: `MD5(secret + k1v1k2v2… + secret)` over every system parameter
/// plus `body`, sorted by key bytes; everything but `body` in the URL.
/// The credentials a request was signed with (`salt` empty for enterprise).
struct Who<'a> {
    sid: &'a str,
    appkey: &'a str,
    secret: &'a str,
    salt: &'a str,
}

fn verify_flagship(r: &Request, who: &Who, method: &str, unix: i64, payload: &Value) {
    let Who { sid, appkey, secret, salt } = *who;
    assert_eq!(r.method, "POST");
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    let (_, query) = r.url.split_once('?').expect("a query string");
    // Only RFC 3986 unreserved characters are left bare.
    for kv in query.split('&') {
        assert!(kv.bytes().all(|c| c.is_ascii_alphanumeric() || b"-_.~%=".contains(&c)), "not strictly encoded: {kv}");
    }
    let mut ps = pairs(query, false);
    let sign = get(&ps, "sign").to_owned();
    ps.retain(|(k, _)| k != "sign");
    assert_eq!(get(&ps, "sid"), sid);
    assert_eq!(get(&ps, "key"), appkey);
    assert_eq!(get(&ps, "salt"), salt);
    assert_eq!(get(&ps, "method"), method);
    assert_eq!(get(&ps, "v"), "1.0");
    assert_eq!(get(&ps, "timestamp"), (unix - 1_325_347_200).to_string());
    let body = std::str::from_utf8(&r.body).expect("a UTF-8 body");
    let sent: Value = serde_json::from_str(body).expect("the body is JSON");
    assert_eq!(&sent, payload, "the body is the positional-argument array");
    ps.push(("body".to_owned(), body.to_owned()));
    ps.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut s = secret.to_owned();
    for (k, v) in &ps {
        s.push_str(k);
        s.push_str(v);
    }
    s.push_str(secret);
    assert_eq!(sign, md5_hex(s.as_bytes()), "flagship signature");
    assert_eq!(r.sign, sign);
    // The debugging view is the same string with the secrets hidden.
    let mut shown = REDACTED.to_owned();
    for (k, v) in &ps {
        shown.push_str(k);
        shown.push_str(if k == "salt" { REDACTED } else { v });
    }
    shown.push_str(REDACTED);
    assert_eq!(r.string_to_sign(), shown);
}

/// Enterprise: `%02d-key:%04d-value` for each parameter sorted by key,
/// joined by `;`, then the appsecret; lengths in code points; form-encoded POST.
fn verify_enterprise(r: &Request, base: &str, who: &Who, method: &str, unix: i64, params: &Map<String, Value>) {
    let Who { sid, appkey, secret: appsecret, .. } = *who;
    assert_eq!(r.url, format!("{base}/{method}"));
    assert!(r.header("Content-Type").unwrap().starts_with("application/x-www-form-urlencoded"));
    let mut ps = pairs(std::str::from_utf8(&r.body).unwrap(), true);
    let sign = get(&ps, "sign").to_owned();
    ps.retain(|(k, _)| k != "sign");
    assert_eq!(get(&ps, "sid"), sid);
    assert_eq!(get(&ps, "appkey"), appkey);
    assert_eq!(get(&ps, "timestamp"), unix.to_string());
    // A parameter given as null is not given: not sent, not signed.
    let given: Vec<(&String, &Value)> = params.iter().filter(|(_, v)| !v.is_null()).collect();
    assert_eq!(ps.len(), given.len() + 3, "business parameters plus sid, appkey, timestamp");
    for (k, v) in given {
        assert_eq!(get(&ps, k), wire_value(v), "parameter {k}");
    }
    ps.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let joined: Vec<String> = ps.iter().map(|(k, v)| format!("{:02}-{k}:{:04}-{v}", code_points(k), code_points(v))).collect();
    let s = joined.join(";");
    assert_eq!(sign, md5_hex(format!("{s}{appsecret}").as_bytes()), "enterprise signature");
    assert_eq!(r.sign, sign);
    assert_eq!(r.string_to_sign(), format!("{s}{REDACTED}"));
}

/// YMCart: nothing is signed; `token` plus the parameters, form-encoded, to
/// the URL template with the method in place of `{method}`.
/// Returns the parameters after the token.
fn verify_ymcart(r: &Request, template: &str, token: &str, method: &str) -> Vec<(String, String)> {
    assert_eq!(r.url, template.replace("{method}", method));
    assert!(r.sign.is_empty() && r.string_to_sign().is_empty());
    assert!(r.header("Content-Type").unwrap().starts_with("application/x-www-form-urlencoded"));
    let mut ps = pairs(std::str::from_utf8(&r.body).unwrap(), true);
    assert_eq!(ps[0], ("token".to_owned(), token.to_owned()), "the token comes first");
    ps.remove(0);
    assert!(ps.iter().all(|(k, _)| k != "token"), "one token");
    ps
}

// ------------------------------------------------------------- strategies

fn text(max: usize) -> impl Strategy<Value = String> {
    let c = prop_oneof![
        6 => prop::char::range('a', 'z'),
        2 => Just('店'),
        1 => Just('😀'),
        1 => prop::sample::select(vec!['&', '=', '+', '%', ' ', '~', '?', '/', ':', ';', '#', '"', '\n', '\u{e9}', '\u{200b}']),
        1 => any::<char>(),
    ];
    prop::collection::vec(c, 0..max).prop_map(|v| v.into_iter().collect())
}

/// Mostly short, sometimes longer than 9,999 characters.
fn value_text() -> impl Strategy<Value = String> {
    prop_oneof![8 => text(40), 1 => (text(8), 10_000usize..13_000).prop_map(|(s, n)| { let mut t = s; while t.chars().count() < n { t.push('字'); } t })]
}

fn json_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => value_text().prop_map(Value::String),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(serde_json::from_str::<Value>("123456789012345.1234").unwrap()),
        1 => (text(6), text(10)).prop_map(|(k, v)| {
            let mut m = Map::new();
            m.insert(k, Value::String(v));
            m.insert("list".to_owned(), serde_json::json!([1, "二", null]));
            Value::Object(m)
        }),
        1 => Just(Value::Null),
    ]
}

fn credential() -> impl Strategy<Value = String> {
    text(24).prop_filter("non-empty", |s| !s.is_empty())
}

/// Business parameter names: anything but the system parameters.
fn param_name() -> impl Strategy<Value = String> {
    text(12).prop_map(|s| format!("p{s}"))
}

const SECRET_CHARS: &str = "0123456789abcdefABCDEF-_店😀&=+% ";

fn secret() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(SECRET_CHARS.chars().collect::<Vec<_>>()), 1..40).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A generic flagship call with any positional arguments, with a pager or not.
    #[test]
    fn flagship_generic_calls_verify(
        sid in credential(), appkey in credential(), secret in secret(), salt in (secret(), any::<bool>()).prop_map(|(s, c)| if c { format!("{s}:{s}") } else { s }),
        args in prop::collection::vec(json_value(), 0..5), unix in 1_325_347_200i64..4_102_444_800,
        pager in prop::option::of((0u32..1000, 1u32..200, any::<bool>())),
    ) {
        let c = Flagship::new(&sid, &appkey, &format!("{secret}:{salt}"), flagship::TEST_URL).unwrap();
        let payload = Value::Array(args);
        let mut b = Batch::call(Platform::Flagship, "goods.Goods.queryWithSpec", payload.clone()).unwrap();
        if let Some((page_no, page_size, calc_total)) = pager {
            b = b.with_pager(Pager { page_no, page_size, calc_total }).unwrap();
        }
        let r = c.sign(&b, Some(unix)).unwrap();
        if let Some((page_no, page_size, calc_total)) = pager {
            let (_, q) = r.url.split_once('?').unwrap();
            let ps = pairs(q, false);
            prop_assert_eq!(get(&ps, "page_no"), page_no.to_string());
            prop_assert_eq!(get(&ps, "page_size"), page_size.to_string());
            prop_assert_eq!(get(&ps, "calc_total"), if calc_total { "1" } else { "0" });
        }
        verify_flagship(&r, &Who { sid: &sid, appkey: &appkey, secret: &secret, salt: &salt }, "goods.Goods.queryWithSpec", unix, &payload);
    }

    /// A planned batchPush batch: the signed body is the planned JSON, byte for byte.
    #[test]
    fn flagship_planned_batches_verify(
        names in prop::collection::vec(value_text().prop_filter("1..=255 chars, not blank", |s| {
            let n = s.chars().count();
            (1..=255).contains(&n) && !s.trim().is_empty() && !s.chars().any(|c| c.is_control() && !"\t\n\r".contains(c))
        }), 1..6),
        secret in secret(), unix in 1_325_347_200i64..4_102_444_800,
    ) {
        let goods: Vec<Value> = names.iter().enumerate().map(|(i, n)| serde_json::json!({
            "goods_no": format!("G{i}"), "goods_name": n, "spec_list": [{"spec_no": format!("G{i}-1"), "retail_price": "59.90"}]
        })).collect();
        let p = plan("goods.Goods.batchPush", goods, &PlanOptions::default()).unwrap();
        let c = Flagship::new("店铺 A", "key&=+", &format!("{secret}:salt"), flagship::TEST_URL).unwrap();
        for b in &p.batches {
            let r = c.sign(b, Some(unix)).unwrap();
            prop_assert_eq!(&r.body, &b.body_json());
            verify_flagship(&r, &Who { sid: "店铺 A", appkey: "key&=+", secret: &secret, salt: "salt" }, "goods.Goods.batchPush", unix, &b.payload());
        }
    }

    #[test]
    fn enterprise_requests_verify(
        sid in credential(), appkey in credential(), appsecret in secret(),
        params in prop::collection::vec((param_name(), json_value()), 0..6), unix in 0i64..4_102_444_800,
    ) {
        let mut map = Map::new();
        for (k, v) in params {
            map.insert(k, v);
        }
        let c = Enterprise::new(&sid, &appkey, &appsecret, enterprise::SANDBOX_URL).unwrap();
        let b = Batch::call(Platform::Enterprise, "vip_api_goods_query.php", Value::Object(map.clone())).unwrap();
        let r = c.sign(&b, Some(unix)).unwrap();
        verify_enterprise(&r, enterprise::SANDBOX_URL, &Who { sid: &sid, appkey: &appkey, secret: &appsecret, salt: "" }, "vip_api_goods_query.php", unix, &map);
    }

    /// The enterprise query plan's requests verify too (its window bounds and pages are signed).
    #[test]
    fn enterprise_query_plan_requests_verify(shop in text(30).prop_filter("1..=255, not blank", |s| !s.trim().is_empty() && !s.chars().any(char::is_control)), days in 0i64..200, appsecret in secret()) {
        let start = 1_546_272_000i64; // 2019-01-01 00:00:00 Beijing
        let params = serde_json::json!({"start_time": start, "end_time": start + days * 86_400, "shop_no": shop});
        let mut plan = QueryPlan::new("vip_api_goods_query.php", params, &QueryOptions::default()).unwrap();
        let client: Client = Enterprise::new("s", "k", &appsecret, enterprise::SANDBOX_URL).unwrap().into();
        let r = plan.next_request(&client, Some(1_700_000_000)).unwrap().unwrap();
        let b = plan.next_batch().unwrap();
        let map = b.payload().as_object().unwrap().clone();
        prop_assert_eq!(map.get("shop_no"), Some(&Value::String(shop)));
        verify_enterprise(&r, enterprise::SANDBOX_URL, &Who { sid: "s", appkey: "k", secret: &appsecret, salt: "" }, "vip_api_goods_query.php", 1_700_000_000, &map);
    }

    #[test]
    fn ymcart_requests_verify(
        token in secret(), params in prop::collection::vec((param_name(), json_value()), 0..6),
        template in prop::sample::select(vec!["https://shop.example.com/api/{method}", "http://h:8080/m.php?act={method}&v=2"]),
    ) {
        let mut map = Map::new();
        for (k, v) in params {
            map.insert(k, v);
        }
        let c = Ymcart::new(&token, template).unwrap();
        let b = Batch::call(Platform::Ymcart, "goodsList", Value::Object(map.clone())).unwrap();
        let r = c.sign(&b, None).unwrap();
        let expected: Vec<(String, String)> = map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), wire_value(v))).collect();
        prop_assert_eq!(verify_ymcart(&r, template, &token, "goodsList"), expected);
    }

    /// A planned YMCart push: the list travels as the JSON text of its parameter.
    #[test]
    fn ymcart_planned_batches_verify(codes in prop::collection::hash_set(text(20).prop_filter("a code", |s| !s.trim().is_empty() && !s.chars().any(char::is_control)), 1..30), token in secret()) {
        let rows: Vec<Value> = codes.iter().enumerate().map(|(i, c)| serde_json::json!({"codeno": c, "num": i})).collect();
        let p = plan("updateSkuQty", rows, &PlanOptions::default()).unwrap();
        let c = Ymcart::new(&token, "https://shop.example.com/api/{method}").unwrap();
        for b in &p.batches {
            let r = c.sign(b, None).unwrap();
            let ps = verify_ymcart(&r, "https://shop.example.com/api/{method}", &token, "updateSkuQty");
            prop_assert_eq!(ps.len(), 1);
            prop_assert_eq!(ps[0].0.as_str(), "sku_res");
            let sent: Value = serde_json::from_str(&ps[0].1).unwrap();
            prop_assert_eq!(sent, Value::Array(b.items().to_vec()));
        }
    }
}

/// The verifier itself reproduces the vendors' published vectors, so it
/// cannot agree with skuwire by sharing a mistake.
#[test]
fn the_verifier_reproduces_the_vendor_vectors() {
    // Flagship guide: body ["xc109393939393939","",1.2,0,false] → 20f557aa…
    let body = r#"["xc109393939393939","",1.2,0,false]"#;
    let s = format!(
        "693f9fed686bfe13441385da98b436b6body{body}keyczhcmethodwms.stockout.Sales.weighingExtsaltdd488d0802b1e431e4c72cd355847853sidwdterp30timestamp232623153v1.0693f9fed686bfe13441385da98b436b6"
    );
    assert_eq!(md5_hex(s.as_bytes()), "20f557aaf9190797c581bbceeb6d5a5c");
    // Enterprise guide → ad4e6fe0…
    let ps = [("appkey", "test2-xx"), ("end_time", "2016-08-01 13:00:00"), ("page_no", "0"), ("page_size", "40"), ("sid", "test2"), ("start_time", "2016-08-01 12:00:00"), ("timestamp", "1470042310")];
    let s: Vec<String> = ps.iter().map(|(k, v)| format!("{:02}-{k}:{:04}-{v}", code_points(k), code_points(v))).collect();
    assert_eq!(md5_hex(format!("{}12345", s.join(";")).as_bytes()), "ad4e6fe037ea6e3ba4768317be9d1309");
    assert_eq!(code_points("店铺A😀"), 4);
    assert_eq!(decode("a%20b+c%2B", true), "a b c+");
}
