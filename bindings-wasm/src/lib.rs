//! Placeholder until the wasm binding issue lands.
