//! Writes `docs/fidelity.md`, the traceability table, from the registry and
//! checks the checked-in file against it: for each of the 24 operations,
//! every documented request field (from the item schemas) → its rule → the
//! shared tests that exercise it; every documented response field → where
//! the outcome exposes it; every choice where the page is silent → its
//! README entry.
//!
//! The test fails when the file is stale (so a registry field without a
//! row fails it), when a field has no test that refuses a bad value for it
//! (a rule nothing checks), when an operation has no response table, or
//! when a README entry the table points to is missing.
//! `SKUWIRE_WRITE_FIDELITY=1 cargo test -p skuwire --test fidelity`
//! rewrites the file.

use serde_json::Value;
use skuwire::{operations, OpKind, Operation};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

// ------------------------------------------------------------- coverage

/// What the shared tests do with one field of one operation.
#[derive(Default)]
struct Seen {
    /// Tests that refuse a bad value there: (test, error type).
    refused: BTreeSet<(String, String)>,
    /// Tests that send a good value there.
    given: BTreeSet<String>,
}

type Coverage = BTreeMap<(String, String), Seen>;

/// A location as a field path: leading item indexes dropped, list indexes
/// as `[]` (`[0, "spec_list", 3, "spec_no"]` → `spec_list[].spec_no`).
fn path_of(loc: &[Value], list_payload: bool) -> String {
    let mut out = String::new();
    let skip = usize::from(list_payload && loc.first().is_some_and(Value::is_u64));
    for part in &loc[skip..] {
        match part {
            Value::String(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            _ => out.push_str("[]"),
        }
    }
    out
}

/// Every field path a value gives (non-null members), e.g. `spec_list[].spec_no`.
fn given_paths(v: &Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        // A hostile-corpus directive (`{"$repeat": …}`) stands for a value.
        Value::Object(m) if m.keys().any(|k| k.starts_with('$')) => {}
        Value::Object(m) => {
            for (k, x) in m {
                if x.is_null() {
                    continue;
                }
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                out.push(p.clone());
                given_paths(x, &p, out);
            }
        }
        Value::Array(a) => {
            for x in a {
                given_paths(x, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

fn note_given(cov: &mut Coverage, test: &str, op: &str, payload: &Value, valid: bool) {
    if !valid {
        return;
    }
    let items: Vec<&Value> = match payload {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    for item in items {
        let mut paths = Vec::new();
        given_paths(item, "", &mut paths);
        for p in paths {
            cov.entry((op.to_owned(), p)).or_default().given.insert(test.to_owned());
        }
    }
}

fn note_refused(cov: &mut Coverage, test: &str, op: &str, loc: &[Value], list_payload: bool, kind: &str) {
    let p = path_of(loc, list_payload);
    cov.entry((op.to_owned(), p)).or_default().refused.insert((test.to_owned(), kind.to_owned()));
}

fn coverage() -> Coverage {
    let mut cov = Coverage::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/vectors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for path in files {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let Some(op) = v.get("op").and_then(Value::as_str) else { continue };
        match v["kind"].as_str().unwrap() {
            "validate" => {
                let errors = v["expected"]["errors"].as_array().unwrap();
                let list = v["payload"].is_array();
                // Items without an error give their fields as accepted.
                let bad: BTreeSet<u64> = errors.iter().filter_map(|e| e["loc"].get(0).and_then(Value::as_u64)).collect();
                match &v["payload"] {
                    Value::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            note_given(&mut cov, &name, op, item, !bad.contains(&(i as u64)));
                        }
                    }
                    one => note_given(&mut cov, &name, op, one, errors.is_empty()),
                }
                for e in errors {
                    note_refused(&mut cov, &name, op, e["loc"].as_array().unwrap(), list, e["type"].as_str().unwrap());
                }
            }
            "plan" => {
                let invalid: BTreeSet<u64> =
                    v["expected"].get("invalid").and_then(Value::as_array).map(|a| a.iter().filter_map(|x| x["index"].as_u64()).collect()).unwrap_or_default();
                if v["expected"].get("error_types").is_none() {
                    for (i, item) in v["items"].as_array().unwrap().iter().enumerate() {
                        note_given(&mut cov, &name, op, item, !invalid.contains(&(i as u64)));
                    }
                }
            }
            "sign" | "parse" => note_given(&mut cov, &name, op, &v["items"], true),
            "query" => note_given(&mut cov, &name, op, &v["params"], true),
            other => panic!("{name}: kind {other}"),
        }
    }
    // The hostile corpus: values and JSON text every host runs.
    let corpus: Value = serde_json::from_str(&std::fs::read_to_string(root().join("tests/hostile/corpus.json")).unwrap()).unwrap();
    for c in corpus["cases"].as_array().unwrap() {
        let (Some(op), Some(input)) = (c.get("op").and_then(Value::as_str), c.get("input")) else { continue };
        if !matches!(c["call"].as_str(), Some("validate" | "plan" | "query")) {
            continue;
        }
        let name = format!("hostile:{}", c["id"].as_str().unwrap());
        let list = input.is_array() && c["call"] != "query";
        let expect = &c["expect"];
        let errors: Vec<(String, Vec<Value>)> = expect
            .get("errors")
            .or_else(|| expect.get("error").and_then(|e| e.get("errors")))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|e| match e {
                        Value::Array(pair) => (pair[0].as_str().unwrap().to_owned(), pair[1].as_array().unwrap().clone()),
                        obj => (obj["type"].as_str().unwrap().to_owned(), obj.get("loc").or_else(|| obj.get("loc_prefix")).and_then(Value::as_array).unwrap().clone()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (kind, loc) in &errors {
            note_refused(&mut cov, &name, op, loc, list, kind);
        }
        if expect.get("valid").is_some() {
            note_given(&mut cov, &name, op, input, true);
        }
    }
    cov
}

// ---------------------------------------------------------------- rules

/// A field kind in words.
fn rule(kind: &Value) -> String {
    let n = |k: &str| kind.get(k).filter(|v| !v.is_null()).map(|v| v.to_string());
    match kind["type"].as_str().unwrap() {
        "string" => match (kind["min_length"].as_u64().unwrap_or(0), n("max_length")) {
            (0, None) => "string (no documented length)".into(),
            (0, Some(max)) => format!("string, ≤ {max} characters"),
            (min, None) => format!("string, ≥ {min} character(s), not blank"),
            (min, Some(max)) => format!("string, {min}–{max} characters, not blank"),
        },
        "integer" if kind.get("enum").is_some() => format!("integer, one of {}", kind["enum"]),
        "integer" if kind.get("flags").is_some() => format!("integer, a sum of the flags {}", kind["flags"]),
        "integer" => format!("integer, {}–{}", kind["minimum"], kind["maximum"]),
        "decimal" => format!("decimal, ≤ {} digits before the point, ≤ {} after, never rounded", kind["max_whole_digits"], kind["decimal_places"]),
        "boolean" => "boolean (true/false/0/1)".into(),
        "list" => {
            let max = kind["max_items"].as_u64().unwrap();
            let count = if max == u64::MAX || max > u32::MAX as u64 { format!("≥ {} item(s)", kind["min_items"]) } else { format!("{}–{max} items", kind["min_items"]) };
            let of = match kind["items"]["type"].as_str().unwrap() {
                "object" => "an object".to_owned(),
                _ => rule(&kind["items"]),
            };
            format!("list of {count}, each {of}")
        }
        "object" => "object (fields below)".into(),
        "url" => "a full http(s) URL".into(),
        "datetime" => format!("date/time `{}`", kind["format"].as_str().unwrap()),
        "any" => "any JSON value".into(),
        "custom" => format!("{} ({})", kind["summary"].as_str().unwrap(), kind["accepts"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect::<Vec<_>>().join(" or ")),
        other => panic!("unknown kind {other}"),
    }
}

/// Enums of strings describe as `{"type":"string","enum":[…]}`.
fn rule_of(kind: &Value) -> String {
    if kind["type"] == "string" && kind.get("enum").is_some() {
        return format!("string, one of {}", kind["enum"]);
    }
    rule(kind)
}

struct Row {
    path: String,
    label: String,
    rule: String,
    required: bool,
}

fn rows_of(schema: &Value, prefix: &str, out: &mut Vec<Row>, rules: &mut Vec<(String, String)>) {
    for r in schema["rules"].as_array().unwrap() {
        let at = if prefix.is_empty() { "(item)".to_owned() } else { format!("`{prefix}`") };
        let text = if let Some(f) = r.get("one_of") {
            format!("one of {} is given", f)
        } else if let Some(f) = r.get("conflict") {
            format!("{} are not given together", f)
        } else {
            "a rule written as code (see the platform module)".to_owned()
        };
        rules.push((at, text));
    }
    for f in schema["fields"].as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        let path = if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") };
        out.push(Row { path: path.clone(), label: f["label_zh"].as_str().unwrap().to_owned(), rule: rule_of(&f["kind"]), required: f["required"].as_bool().unwrap() });
        let mut kind = &f["kind"];
        let mut p = path;
        while kind["type"] == "list" {
            kind = &kind["items"];
            p.push_str("[]");
        }
        if kind["type"] == "object" {
            rows_of(kind, &p, out, rules);
        }
    }
}

/// The coverage of a row: its own path, and paths below a scalar field
/// (an element of a list of scalars: `images[]`).
fn seen_for<'c>(cov: &'c Coverage, op: &str, row: &str, rows: &[Row]) -> (BTreeSet<&'c (String, String)>, BTreeSet<&'c String>) {
    let mut refused = BTreeSet::new();
    let mut given = BTreeSet::new();
    for ((o, p), s) in cov.range((op.to_owned(), String::new())..) {
        if o != op {
            break;
        }
        // The row a path belongs to: the longest row that is the path or a
        // prefix of it followed by `[]`/`.`.
        let owner = rows
            .iter()
            .filter(|r| p == &r.path || p.strip_prefix(r.path.as_str()).is_some_and(|rest| rest.starts_with("[]")))
            .max_by_key(|r| r.path.len());
        if owner.is_some_and(|r| r.path == row) {
            refused.extend(s.refused.iter());
            given.extend(s.given.iter());
        }
    }
    (refused, given)
}

/// At most `max` entries, then how many more.
fn names(set: impl IntoIterator<Item = String>, max: usize) -> String {
    let all: Vec<String> = set.into_iter().collect();
    let mut shown: Vec<String> = all.iter().take(max).cloned().collect();
    if all.len() > max {
        shown.push(format!("+{} more", all.len() - max));
    }
    shown.join(", ")
}

// ------------------------------------------------------------ responses

/// Where the outcome exposes each documented response field, per
/// operation (pushes; queries add their typed row columns from the
/// registry). Every operation must have an entry.
fn responses(op: &Operation) -> Vec<(&'static str, &'static str)> {
    const FLAGSHIP: &[(&str, &str)] = &[
        ("status", "`code` (0: success; 7: `clock_skew`/`resign`; a rate-limit message: `rate_limited`/`backoff`; else `business_error`)"),
        ("message", "`message` (and every item's `rejected[].message` when the call fails as a whole)"),
        ("data", "`data`"),
    ];
    let own: &[(&str, &str)] = match op.name {
        "goods.Goods.batchPush" => &[
            ("data.error_list[].no", "`rejected[].key`; `rejected[].index` is every input position with that goods_no (`null` when none was sent)"),
            ("data.error_list[].error", "`rejected[].message`; positions not listed are `accepted` (status 0 means pushed); an entry that names no goods, or an error_list that is not a list of objects, leaves them `unknown`"),
        ],
        "goods.ApiGoods.upload" => &[
            ("data.status", "a non-zero value fails the call (`code`, every row rejected)"),
            ("data.rec_ids", "`ids[]` `{index, id}`, matched to the accepted rows in order when the counts agree (else a note)"),
        ],
        "purchase.ProviderGoods.upload" => &[
            ("data.error_list[] (strings)", "`rejected[]`: the 商家编码 in the text names the rows (`key`); a string naming none leaves the other rows `unknown`"),
        ],
        "vip_api_goods_query.php" => &[
            ("code", "`code` (2104: `time_span_too_long`; a timestamp-window message: `clock_skew`/`resign`; an expired credential: `credentials_expired`)"),
            ("message", "`message`"),
            ("total_count", "`total_count` (read on page 0 only) and `QueryPlan.total`"),
            ("goods_list[]", "`Page.items` (typed per column below), de-duplicated by `rec_id`"),
        ],
        "brandList" => &[("code", "`code`"), ("status", "`data.status`"), ("data.list[]", "`Page.items`")],
        "skuList" | "goodsList" => &[("code", "`code`"), ("status", "`data.status`"), ("count", "`total_count` (a string on the page, read as an integer)"), ("data[]", "`Page.items`, de-duplicated by `id`")],
        "categoryList" => &[("code", "`code`"), ("data[]", "`Page.items` (the numeric duplicate keys \"0\"…\"6\" pass through)")],
        _ => &[
            ("code", "`code` (non-zero fails the call: every item rejected with `msg`; 429 or a rate-limit message: `backoff`; an expired token: `credentials_expired`)"),
            ("msg (list of objects / strings)", "a failure line → `rejected[]` (matched by `index`, a key field, or a key anywhere in the text); a success line → `accepted`; an item a per-item list does not mention → `unknown`"),
            ("msg (one string) / null / []", "code 0 with no failure listed: `accepted`; a lone string that reports a failure rejects the item of a one-item call"),
            ("error_msg[]", "every entry is a failure → `rejected[]`"),
            ("success_count, failure_count / failed_count", "settle what the lists leave open (0 successes: all rejected; more failures or fewer successes than listed: the unlisted items `unknown`); otherwise a `notes` entry when they disagree"),
            ("status", "`data.status`"),
        ],
    };
    let mut out: Vec<(&str, &str)> = Vec::new();
    if op.platform == skuwire::Platform::Flagship {
        out.extend(FLAGSHIP);
    }
    out.extend(own);
    out
}

// -------------------------------------------------------------- choices

/// Choices where the page is silent, per operation: (the choice, a phrase
/// the README's "Choices where the vendor pages are silent" must contain).
fn choices(op: &Operation) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    if op.kind == OpKind::Push && !op.limits.documented && op.limits.max_items > 1 {
        out.push((format!("{} items per call (the page gives no limit): a default the caller may raise with `max_items`", op.limits.max_items), "**Limits**"));
    }
    if op.kind == OpKind::Push && op.limits.documented {
        out.push((format!("{} items per call, documented: a hard limit (`max_items` may only lower it)", op.limits.max_items), "**Limits**"));
    }
    if let Some(p) = &op.paging {
        if !p.max_page_size_documented {
            out.push((format!("page_size defaults to {} (the page's 缺省值), which is not a maximum: larger pages are sent as asked", p.default_page_size), "**Page sizes**"));
        }
        if p.window.is_some() {
            out.push(("page_size defaults to 100, the documented maximum (not the vendor default 30); windows of ≤ 30 days".into(), "**Enterprise queries**"));
        }
    }
    if !op.unique_keys.is_empty() {
        let keys: Vec<&str> = op.unique_keys.iter().map(|k| k.name).collect();
        out.push((format!("unique across the input: {}", keys.join(", ")), "**Uniqueness**"));
    }
    out.push(("a field given as null is not sent (not in the body, form or string to sign)".into(), "**Null is not given**"));
    out.push(("undocumented fields pass through; `strict` reports them".into(), "**Undocumented fields**"));
    out.push(("an item is accepted only when the answer confirms it; what the answer leaves open is `unknown`".into(), "**Outcomes never claim more than the answer says.**"));
    match op.name {
        "goods.ApiGoods.upload" => out.push(("flat rows with their shop_no, grouped into the page's `[{shop_no, goods_list}]`; the page's own shape as input is refused (`flat_rows_expected`)".into(), "**ApiGoods.upload input**")),
        "purchase.ProviderGoods.upload" => {
            out.push(("spec_no ≤ 40 like batchPush's 商家编码; other strings have no documented length and get none".into(), "`ProviderGoods.upload` `spec_no`"));
            out.push(("purchase_cycle_day (采购周期) is a number of days: ≥ 0".into(), "**Numbers of days**"));
        }
        "goods.Goods.batchPush" => out.push(("validity_days, sales_days, receive_days are numbers of days: ≥ 0".into(), "**Numbers of days**")),
        "goodsList" => out.push(("codeno / id / category_id lists are sent joined by commas (多个用英文逗号隔开); an empty list or a code holding a comma is refused".into(), "**Comma-separated lists**")),
        "updateGoodsImage" | "updateGoodsByAddSKU" => out.push(("images as the method's own page sends them: file names or URLs (addGoods' http-only note is addGoods')".into(), "**Images**")),
        "addGoods" | "updateGoods" | "editCategory" => out.push(("image fields are full http(s) URLs (addGoods' note: the server downloads them)".into(), "**Images**")),
        _ => {}
    }
    if op.platform == skuwire::Platform::Ymcart {
        out.push(("token, URL template and form encoding are assumptions (the page documents none)".into(), "**YMCart** does not document its token or URL"));
    }
    out
}

// ------------------------------------------------------------ the table

fn render(cov: &Coverage) -> (String, Vec<String>) {
    let mut problems = Vec::new();
    let mut md = String::new();
    md.push_str("# Fidelity: every documented field, its rule, and the tests that hold it\n\n");
    md.push_str(
        "Generated by `core/tests/fidelity.rs` from the registry (`skuwire::operations()`, each operation's item\n\
         schema and paging), the shared vectors (`tests/vectors/`, run by the Rust, Python, Node and browser suites)\n\
         and the hostile corpus (`tests/hostile/corpus.json`, run by every host). Do not edit by hand:\n\
         `SKUWIRE_WRITE_FIDELITY=1 cargo test -p skuwire --test fidelity` rewrites it, and the test fails when this\n\
         file is stale, when a field has no test that refuses a bad value for it, or when a README entry it points\n\
         to is missing.\n\n\
         *Refused by* lists tests whose expected errors sit at the field (with the error type); *accepted in*\n\
         lists tests that give the field a good value and expect it accepted (and, for plan, sign, parse and\n\
         query vectors, sent). Paths: `a.b` is field `b` of\n\
         object `a`; `a[].b` is field `b` of each element of list `a`; `(item)` is a rule across fields.\n\n",
    );
    md.push_str("| operation | platform | kind | fields | per call | page |\n|---|---|---|---|---|---|\n");
    let ops: Vec<&Operation> = operations().collect();
    // Per operation: its rows and its cross-field rules (where, what).
    type Rules = Vec<(String, String)>;
    let mut all_rows: Vec<(usize, Vec<Row>, Rules)> = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let mut rows = Vec::new();
        let mut rules = Vec::new();
        rows_of(&op.describe()["item"], "", &mut rows, &mut rules);
        let per_call = match op.kind {
            OpKind::Push => format!("{}{}", op.limits.max_items, if op.limits.documented { " (documented)" } else { " (default, may be raised)" }),
            OpKind::Query => "—".into(),
        };
        let _ = writeln!(
            md,
            "| [`{}`](#{}) | {} | {} | {} | {} | `{}` |",
            op.name,
            anchor(op.name),
            op.platform.name(),
            op.kind.name(),
            rows.len(),
            per_call,
            op.source
        );
        all_rows.push((i, rows, rules));
    }
    md.push('\n');
    for (i, rows, rules) in &all_rows {
        let op = ops[*i];
        let _ = writeln!(md, "## {}\n", op.name);
        let _ = writeln!(
            md,
            "{} · {} {} · page `../shared/spec/{}` · item: {} · upsert: {} · answers name items by: {}\n",
            op.title_zh,
            op.platform.name(),
            op.kind.name(),
            op.source,
            op.item_name,
            if op.upsert { "yes" } else { "no" },
            op.item_key.map_or("—".to_owned(), |k| format!("`{k}`"))
        );
        md.push_str("### Request fields\n\n");
        if rows.is_empty() {
            md.push_str("No parameter but the credential (the page documents none).\n\n");
        } else {
            md.push_str("| field | 名称 | rule | required | refused by | accepted in |\n|---|---|---|---|---|---|\n");
            for r in rows {
                let (refused, given) = seen_for(cov, op.name, &r.path, rows);
                if refused.is_empty() {
                    problems.push(format!("{}: `{}` has no test that refuses a bad value", op.name, r.path));
                }
                let refused_text = names(refused.iter().map(|(t, k)| format!("`{t}` ({k})")), 2);
                let _ = writeln!(
                    md,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    r.path,
                    r.label,
                    r.rule.replace('|', "\\|"),
                    if r.required { "yes" } else { "no" },
                    if refused_text.is_empty() { "—".into() } else { refused_text },
                    if given.is_empty() { "—".into() } else { names(given.iter().map(|s| format!("`{s}`")), 2) }
                );
            }
            md.push('\n');
        }
        if !rules.is_empty() {
            md.push_str("Rules across fields:\n\n");
            for (at, text) in rules {
                let refused: BTreeSet<&(String, String)> = cov
                    .iter()
                    .filter(|((o, p), _)| o == op.name && (if at == "(item)" { p.is_empty() } else { format!("`{p}`") == *at }))
                    .flat_map(|(_, s)| s.refused.iter())
                    .collect();
                let _ = writeln!(md, "- {at}: {text}{}", if refused.is_empty() { String::new() } else { format!(" — refused by {}", names(refused.iter().map(|(t, k)| format!("`{t}` ({k})")), 3)) });
            }
            md.push('\n');
        }
        md.push_str("### Response fields\n\n| field | where the outcome exposes it |\n|---|---|\n");
        let resp = responses(op);
        if resp.is_empty() {
            problems.push(format!("{}: no response table", op.name));
        }
        for (field, where_) in resp {
            let _ = writeln!(md, "| `{field}` | {where_} |");
        }
        if let Some(p) = &op.paging {
            for (col, ty) in p.row_types {
                let _ = writeln!(md, "| `{}[].{col}` | `Page.items[].{col}`, typed {:?} |", p.list_field, ty);
            }
            let _ = writeln!(md, "| `{}[].` any other column | `Page.items[].<column>` as the platform sends it (documented as text, or undocumented) |", p.list_field);
        }
        md.push_str("\n### Choices where the page is silent\n\n");
        for (choice, readme) in choices(op) {
            let _ = writeln!(md, "- {choice} — README: {readme}");
        }
        md.push('\n');
    }
    (md, problems)
}

fn anchor(name: &str) -> String {
    name.to_lowercase().chars().filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_').collect()
}

#[test]
fn the_traceability_table_is_current_and_every_field_is_tested() {
    let cov = coverage();
    let (md, mut problems) = render(&cov);
    // Every choice points at a README entry that exists.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let choices_section = readme.split("## Choices where the vendor pages are silent").nth(1).expect("the README's choices section");
    for op in operations() {
        for (choice, phrase) in choices(op) {
            if !choices_section.contains(phrase) {
                problems.push(format!("{}: README has no entry {phrase:?} for: {choice}", op.name));
            }
        }
    }
    // Every test the coverage names exists (no stale vector names).
    let path = root().join("docs/fidelity.md");
    if std::env::var_os("SKUWIRE_WRITE_FIDELITY").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &md).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    if on_disk != md {
        problems.push(format!(
            "{} is stale (a registry field without a row, a changed rule or test): run SKUWIRE_WRITE_FIDELITY=1 cargo test -p skuwire --test fidelity",
            Path::new("docs/fidelity.md").display()
        ));
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// The field paths of a schema, walked over the registry's own types (not
/// the JSON description the table is rendered from).
fn registry_paths(schema: &skuwire::rules::Schema, prefix: &str, out: &mut Vec<String>) {
    use skuwire::rules::FieldKind;
    for f in schema.fields {
        let path = if prefix.is_empty() { f.name.to_owned() } else { format!("{prefix}.{}", f.name) };
        out.push(path.clone());
        let mut kind = &f.kind;
        let mut p = path;
        while let FieldKind::List { of, .. } = kind {
            kind = of;
            p.push_str("[]");
        }
        if let FieldKind::Object(inner) = kind {
            registry_paths(inner, &p, out);
        }
    }
}

#[test]
fn every_registry_field_has_a_row_in_the_checked_in_table() {
    let table = std::fs::read_to_string(root().join("docs/fidelity.md")).expect("docs/fidelity.md exists");
    let mut missing = Vec::new();
    let mut n = 0;
    for op in operations() {
        let section = table.split(&format!("\n## {}\n", op.name)).nth(1).map(|s| s.split("\n## ").next().unwrap_or(s));
        let Some(section) = section else {
            missing.push(format!("{}: no section", op.name));
            continue;
        };
        let mut paths = Vec::new();
        registry_paths(op.item, "", &mut paths);
        for p in paths {
            n += 1;
            if !section.contains(&format!("\n| `{p}` |")) {
                missing.push(format!("{}: {p}", op.name));
            }
        }
    }
    assert!(missing.is_empty(), "registry fields without a row in docs/fidelity.md:\n{}", missing.join("\n"));
    assert!(n >= 350, "{n} fields");
}
