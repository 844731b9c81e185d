//! `Batch::parse` for ymcart: a planned batch (or a generic call) of a random
//! operation, a random HTTP status and a random or platform-shaped body.
//! Checks: no panic; with retry=no, accepted ∪ rejected ∪ unknown covers the batch;
//! no resend for a non-upsert; the outcome is consistent and plain data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skuwire::Platform;

fuzz_target!(|data: &[u8]| skuwire_fuzz::parse_target(Platform::Ymcart, data));
