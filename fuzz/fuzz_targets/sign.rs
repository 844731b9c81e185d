//! Signing with random credentials, parameters and timestamps on each
//! client. Checks: no panic; a signature is 32 lowercase hex digits; and no
//! secret (flagship secret and salt, enterprise appsecret, YMCart token) shows
//! in `Debug`, `string_to_sign()`, `redacted_url()`, `redacted_body()` or an
//! error. The secret check is differential: everything is signed twice, with
//! the secrets and with "twin" secrets of the same shape, and every redacted
//! output must be identical apart from the signature itself. A leak in any
//! form (raw, percent-encoded, truncated…) makes the two differ.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use skuwire::{Batch, Client, Enterprise, Error, Flagship, Pager, Platform, Request, Ymcart};
use skuwire_fuzz::{pick_op, Gen};

const BASES: &[&str] = &[
    "http://47.92.239.46/openapi",
    "https://sandbox.wangdian.cn/openapi2",
    "https://shop.example.com/api/{method}",
    "https://shop.example.com/api",
    "http://h/x?a=1",
    "ftp://x",
    "",
];

#[derive(Arbitrary, Debug)]
struct Input {
    platform: u8,
    sid: String,
    appkey: String,
    secret: String,
    salt: String,
    base: u8,
    base_tail: String,
    timestamp: i64,
    clock_offset: i64,
    planned: bool,
    op: u8,
    method: String,
    pager: Option<(u32, u32, bool)>,
    update_options: Option<(u8, u8)>,
    keys: Vec<String>,
}

/// The same shape with other letters and digits: same length, same encoding.
fn twin(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'a'..='y' | 'A'..='Y' | '0'..='8' => char::from(c as u8 + 1),
            'z' => 'a',
            'Z' => 'A',
            '9' => '0',
            other => other,
        })
        .collect()
}

/// A secret that differs from its twin.
fn secret_of(s: &str) -> String {
    if twin(s) == s {
        format!("{s}k")
    } else {
        s.to_owned()
    }
}

fn client(platform: Platform, inp: &Input, secret: &str, salt: &str, base: &str) -> Result<Client, Error> {
    Ok(match platform {
        Platform::Flagship => {
            let mut c = Flagship::new(&inp.sid, &inp.appkey, &format!("{secret}:{salt}"), base)?;
            c.clock_offset = inp.clock_offset;
            c.into()
        }
        Platform::Enterprise => {
            let mut c = Enterprise::new(&inp.sid, &inp.appkey, secret, base)?;
            c.clock_offset = inp.clock_offset;
            c.into()
        }
        Platform::Ymcart => {
            let c = Ymcart::new(secret, base)?;
            match inp.update_options {
                Some((a, b)) => c.with_update_options(&serde_json::json!({"update_listorder": a % 3, "update_status": b % 3}))?,
                None => c,
            }
            .into()
        }
    })
}

/// `sign=` followed by the signature or a prefix of it (Debug's 200-character
/// body preview can cut it anywhere) becomes `sign=<sign>`.
fn hide_sign(s: &str, sign: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("sign=") {
        out.push_str(&rest[..at + 5]);
        rest = &rest[at + 5..];
        let hex = rest.bytes().take_while(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b)).count();
        if hex > 0 && sign.starts_with(&rest[..hex]) {
            out.push_str("<sign>");
            rest = &rest[hex..];
        }
    }
    out.push_str(rest);
    out
}

/// Everything of a request that may be shown, with the signature itself replaced.
fn shown(r: &Request) -> Vec<String> {
    let hide = |s: String| if r.sign.is_empty() { s } else { hide_sign(&s.replace(&r.sign, "<sign>"), &r.sign) };
    vec![hide(format!("{r:?}")), hide(r.string_to_sign()), hide(r.redacted_url()), hide(r.redacted_body())]
}

fn error_text(e: &Error) -> String {
    format!("{e:?} | {e} | {}", e.msg_zh())
}

fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let inp: Input = u.arbitrary()?;
    let platform = [Platform::Flagship, Platform::Enterprise, Platform::Ymcart][usize::from(inp.platform % 3)];
    let base = format!("{}{}", BASES[usize::from(inp.base) % BASES.len()], inp.base_tail);
    let (secret, salt) = (secret_of(&inp.secret), secret_of(&inp.salt));
    let (secret2, salt2) = (twin(&secret), twin(&salt));

    let (a, b) = (client(platform, &inp, &secret, &salt, &base), client(platform, &inp, &secret2, &salt2, &base));
    let (a, b) = match (a, b) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(ea), Err(eb)) => {
            assert_eq!(error_text(&ea), error_text(&eb), "a credential error depends on the secret");
            return Ok(());
        }
        (a, b) => panic!("only one of two same-shaped credentials was accepted: {:?} / {:?}", a.is_ok(), b.is_ok()),
    };
    assert_eq!(format!("{a:?}"), format!("{b:?}"), "client Debug depends on the secret");

    // A planned batch of one of the platform's operations, or a generic call.
    let mut g = Gen::new(&mut u, None);
    // Enterprise has no push operation: its batches are generic calls here.
    let batch = if inp.planned && platform != Platform::Enterprise {
        let op = pick_op(inp.op, |op| op.platform == platform && op.is_push());
        let items = {
            let mut g = Gen::new(g.u, Some(op));
            g.items(op, 8)?
        };
        let opts = skuwire::PlanOptions { on_invalid: skuwire::OnInvalid::Skip, ..Default::default() };
        skuwire::plan(op.name, items, &opts).ok().and_then(|p| p.batches.into_iter().next())
    } else {
        None
    };
    let batch = match batch {
        Some(b) => b,
        None => {
            let method = if inp.method.is_empty() { "goods.Goods.search" } else { inp.method.as_str() };
            let payload = match platform {
                Platform::Flagship => Value::Array((0..inp.keys.len().min(8)).map(|_| g.any_value(1)).collect::<Result<_, _>>()?),
                _ => {
                    let mut m = Map::new();
                    for k in inp.keys.iter().take(12) {
                        let v = if g.u.arbitrary()? {
                            // Long values too: `%04d` is a minimum width.
                            let len = usize::from(g.u.arbitrary::<u8>()?) * 8;
                            Value::String(g.text(len)?)
                        } else {
                            g.any_value(1)?
                        };
                        m.insert(k.clone(), v);
                    }
                    Value::Object(m)
                }
            };
            match Batch::call(platform, method, payload) {
                Ok(b) => match (platform, inp.pager) {
                    (Platform::Flagship, Some((page_no, page_size, calc_total))) => {
                        b.with_pager(Pager { page_no, page_size, calc_total }).expect("a flagship generic call takes a pager")
                    }
                    _ => b,
                },
                Err(e) => {
                    assert!(!error_text(&e).is_empty());
                    return Ok(());
                }
            }
        }
    };

    let (ra, rb) = (a.sign(&batch, Some(inp.timestamp)), b.sign(&batch, Some(inp.timestamp)));
    match (ra, rb) {
        (Err(ea), Err(eb)) => assert_eq!(error_text(&ea), error_text(&eb), "a signing error depends on the secret"),
        (Ok(ra), Ok(rb)) => {
            match platform {
                Platform::Ymcart => assert!(ra.sign.is_empty()),
                _ => assert!(ra.sign.len() == 32 && ra.sign.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)), "{}", ra.sign),
            }
            assert_eq!(shown(&ra), shown(&rb), "a redacted output depends on the secret");
            if platform == Platform::Flagship {
                assert_eq!(ra.body, batch.body_json(), "the flagship body is the batch's JSON, byte for byte");
            }
            // Deterministic: the same inputs sign the same.
            assert_eq!(a.sign(&batch, Some(inp.timestamp)).ok(), Some(ra.clone()));
            // A head start made ahead (the planning pipeline's) signs the very
            // same request, the first time (its kept body) and again; another
            // client's head start is not used.
            if let Some(start) = skuwire::request::Signer::head_starter(&a) {
                let mut started = batch.clone();
                start(&mut started);
                for _ in 0..2 {
                    assert_eq!(a.sign(&started, Some(inp.timestamp)).ok(), Some(ra.clone()), "a head start changed the request");
                }
                assert_eq!(b.sign(&started, Some(inp.timestamp)).ok(), Some(rb.clone()), "another client's head start was used");
            }
        }
        (ra, rb) => panic!("signing succeeded with only one of two same-shaped secrets: {:?} / {:?}", ra.is_ok(), rb.is_ok()),
    }
    // Signing at "now" with the client's clock offset never panics.
    let mut c = a.clone();
    c.set_clock_offset(inp.clock_offset);
    if let Err(e) = c.sign(&batch, None) {
        assert!(!error_text(&e).is_empty());
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
