//! One type over the three platform clients, so hosts and query plans can
//! sign any batch through a single path.

use crate::enterprise::Enterprise;
use crate::error::Error;
use crate::flagship::Flagship;
use crate::plan::Batch;
use crate::registry::Platform;
use crate::request::Request;
use crate::ymcart::Ymcart;
use serde_json::Value;

/// A client of any platform.
#[derive(Clone, Debug)]
pub enum Client {
    /// WDT flagship.
    Flagship(Flagship),
    /// WDT enterprise.
    Enterprise(Enterprise),
    /// YMCart.
    Ymcart(Ymcart),
}

impl Client {
    /// The client's platform.
    pub fn platform(&self) -> Platform {
        match self {
            Client::Flagship(_) => Platform::Flagship,
            Client::Enterprise(_) => Platform::Enterprise,
            Client::Ymcart(_) => Platform::Ymcart,
        }
    }

    /// Signs (or, for YMCart, authenticates) a batch at `timestamp` (Unix
    /// seconds; default: now plus the clock offset).
    pub fn sign(&self, batch: &Batch, timestamp: Option<i64>) -> Result<Request, Error> {
        match self {
            Client::Flagship(c) => c.sign(batch, timestamp),
            Client::Enterprise(c) => c.sign(batch, timestamp),
            Client::Ymcart(c) => c.sign(batch, timestamp),
        }
    }

    /// Refuses an operation of another platform before anything is planned
    /// (otherwise the mismatch would surface only at signing time).
    pub fn check_operation(&self, op: &crate::registry::Operation) -> Result<(), Error> {
        crate::request::check_operation_platform(op, self.platform())
    }

    /// A batch for a method the registry does not model.
    pub fn call(&self, method: &str, payload: Value) -> Result<Batch, Error> {
        Batch::call(self.platform(), method, payload)
    }

    /// The clock offset in seconds (server − local); YMCart has none.
    pub fn clock_offset(&self) -> i64 {
        match self {
            Client::Flagship(c) => c.clock_offset,
            Client::Enterprise(c) => c.clock_offset,
            Client::Ymcart(_) => 0,
        }
    }

    /// Sets the clock offset (ignored for YMCart, which signs nothing).
    pub fn set_clock_offset(&mut self, secs: i64) {
        match self {
            Client::Flagship(c) => c.clock_offset = secs,
            Client::Enterprise(c) => c.clock_offset = secs,
            Client::Ymcart(_) => {}
        }
    }
}

impl From<Flagship> for Client {
    fn from(c: Flagship) -> Self {
        Client::Flagship(c)
    }
}
impl From<Enterprise> for Client {
    fn from(c: Enterprise) -> Self {
        Client::Enterprise(c)
    }
}
impl From<Ymcart> for Client {
    fn from(c: Ymcart) -> Self {
        Client::Ymcart(c)
    }
}

impl crate::request::Signer for Client {
    fn platform(&self) -> Platform {
        Client::platform(self)
    }
    fn sign(&self, batch: &Batch, timestamp: Option<i64>) -> Result<Request, Error> {
        Client::sign(self, batch, timestamp)
    }
    fn clock_offset(&self) -> i64 {
        Client::clock_offset(self)
    }
    fn set_clock_offset(&mut self, secs: i64) {
        Client::set_clock_offset(self, secs)
    }
    fn account(&self) -> String {
        match self {
            Client::Flagship(c) => c.account(),
            Client::Enterprise(c) => c.account(),
            Client::Ymcart(c) => c.account(),
        }
    }
    fn head_starter(&self) -> Option<crate::batch::Prepare> {
        match self {
            Client::Flagship(c) => c.head_starter(),
            Client::Enterprise(c) => c.head_starter(),
            Client::Ymcart(c) => c.head_starter(),
        }
    }
}
