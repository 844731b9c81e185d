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
        "ErrorType",
        "The catalogue of validation error types (`errorTypes()`): stable snake_case names.",
        skuwire::ErrorType::ALL.iter().map(|t| t.name().to_owned()),
    ));
    // TODO(core): `Platform::ALL`, `ErrorCode::ALL` so these lists come from the core too.
    let platforms = ["flagship", "enterprise", "ymcart"];
    for p in platforms {
        assert!(skuwire::Platform::from_name(p).is_some(), "core no longer knows platform {p}");
    }
    for op in skuwire::operations() {
        assert!(platforms.contains(&op.platform.name()), "platform {} missing from build.rs", op.platform.name());
    }
    ts.push_str(&union("Platform", "A platform.", platforms.iter().map(|s| s.to_string())));
    ts.push_str(&union(
        "OpKind",
        "Whether an operation writes (planned into batches) or reads (paged).",
        [skuwire::OpKind::Push, skuwire::OpKind::Query].iter().map(|k| k.name().to_owned()),
    ));
    use skuwire::ErrorCode as C;
    let codes = [C::Validation, C::UnknownOperation, C::InvalidArgument, C::Credentials, C::Unsupported, C::State];
    let mut codes: Vec<String> = codes.iter().map(|c| c.name().to_owned()).collect();
    // A panic caught at the boundary (a bug in skuwire), see src/error.rs.
    codes.push("internal".to_owned());
    ts.push_str(&union("ErrorCode", "`SkuwireError.code`: what kind of error was thrown.", codes));
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("types.d.ts");
    std::fs::write(out, ts).unwrap();
}
