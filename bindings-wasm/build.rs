//! Writes the TypeScript string unions of the package (`OperationName`,
//! `ErrorType`, `Platform`, `OpKind`, `ErrorCode`) from the core's tables, so
//! the `.d.ts` follows the core instead of a hand-kept copy.
fn union(name: &str, doc: &str, values: impl IntoIterator<Item = String>) -> String {
    let mut v: Vec<String> = values.into_iter().map(|s| format!("{s:?}")).collect();
    v.dedup();
    let body = if v.is_empty() { "never".to_owned() } else { v.join(" | ") };
    format!("/** {doc} */\nexport type {name} = {body};\n")
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../core/src");
    let mut ts = String::new();
    ts.push_str(&union(
        "OperationName",
        "Every operation skuwire models (`operations()`), by the vendor's exact name.",
        skuwire::operations().map(|op| op.name.to_owned()),
    ));
    ts.push_str(&union(
        "ErrorTypeName",
        "The catalogue of validation error types (`errorTypes()`): stable snake_case names.",
        skuwire::ErrorType::ALL.iter().map(|t| t.name().to_owned()),
    ));
    ts.push_str(&union("PlatformName", "A platform.", skuwire::Platform::ALL.iter().map(|p| p.name().to_string())));
    ts.push_str(&union(
        "OpKind",
        "Whether an operation writes (planned into batches) or reads (paged).",
        [skuwire::OpKind::Push, skuwire::OpKind::Query].iter().map(|k| k.name().to_owned()),
    ));
    // (`credentials` cannot occur: this package takes no credential.)
    let codes: Vec<String> = skuwire::ErrorCode::ALL
        .iter()
        .filter(|c| **c != skuwire::ErrorCode::Credentials)
        .map(|c| c.name().to_owned())
        .collect();
    ts.push_str(&union("ErrorCode", "`SkuwireError.code`: what kind of error was thrown.", codes));
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out_dir.join("types.d.ts"), ts).unwrap();
    // The form data (JSON Schemas, labels) as JS modules next to nothing in
    // the .wasm: scripts/build-wasm.sh copies them into the package.
    let (data_js, data_dts) = forms_data();
    std::fs::write(out_dir.join("forms-data.js"), data_js).unwrap();
    std::fs::write(out_dir.join("forms-data.d.ts"), data_dts).unwrap();
    std::fs::write(out_dir.join("vector_tests.rs"), vector_tests()).unwrap();
}

/// Kinds of shared vectors this package cannot run by design: it has no
/// signing (no credential may reach a browser), no response parsing, and no
/// query plan (a query's requests are signed).
const NOT_IN_BROWSER: &[&str] = &["sign", "parse", "query"];

/// One `#[wasm_bindgen_test]` per shared vector file (tests/vectors/*.json),
/// each embedding its file; an unknown kind becomes a failing test.
fn vector_tests() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut out = String::new();
    let mut skipped = Vec::new();
    for path in &files {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let kind = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
            .unwrap_or_else(|| "<unreadable>".to_owned());
        if NOT_IN_BROWSER.contains(&kind.as_str()) {
            skipped.push(format!("{stem} ({kind})"));
            continue;
        }
        let ident: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        out.push_str(&format!(
            "#[wasm_bindgen_test]\nfn vector_{ident}() {{ run_vector({stem:?}, include_str!({path:?})); }}\n",
            path = path.display().to_string(),
        ));
    }
    out.push_str(&format!(
        "/// Vector files left out by design (kinds {NOT_IN_BROWSER:?}).\npub const SKIPPED_BY_DESIGN: &[&str] = &{skipped:?};\npub const VECTOR_FILES: usize = {};\n",
        files.len()
    ));
    out
}

/// `forms-data.js`: per push operation, the core's JSON Schema of one item
/// and its field labels (`skuwire::forms`), as plain data; and its `.d.ts`
/// with the `PushOperationName` union. Generated here, at build time, so the
/// data costs the .wasm nothing and cannot drift from the registry.
fn forms_data() -> (String, String) {
    let push: Vec<&skuwire::Operation> = skuwire::operations().filter(|o| o.is_push()).collect();
    let mut schemas = serde_json::Map::new();
    let mut labels = serde_json::Map::new();
    for op in &push {
        schemas.insert(op.name.to_owned(), skuwire::forms::json_schema(op).expect("a push operation has an item schema"));
        labels.insert(op.name.to_owned(), skuwire::forms::labels(op));
    }
    let js = format!(
        "// Generated by bindings-wasm/build.rs from the core registry (skuwire {}). Do not edit.\n\
         /** Per push operation: the JSON Schema (draft 2020-12) of one item. */\n\
         export const SCHEMAS = {};\n\
         /** Per push operation: every field by path, with its labels {{zh, en}}. */\n\
         export const LABELS = {};\n",
        skuwire::VERSION,
        serde_json::to_string(&serde_json::Value::Object(schemas)).unwrap(),
        serde_json::to_string(&serde_json::Value::Object(labels)).unwrap(),
    );
    let names: Vec<String> = push.iter().map(|o| format!("{:?}", o.name)).collect();
    let dts = format!(
        "// Generated by bindings-wasm/build.rs from the core registry. Do not edit.\n\
         /** Operations that send items: the ones with a form item. */\n\
         export type PushOperationName = {};\n\
         /** A field's labels. */\n\
         export interface FieldLabels {{ zh: string; en: string }}\n\
         export declare const SCHEMAS: {{ readonly [op in PushOperationName]: Record<string, unknown> }};\n\
         export declare const LABELS: {{ readonly [op in PushOperationName]: {{ readonly [path: string]: FieldLabels }} }};\n",
        names.join(" | ")
    );
    (js, dts)
}
