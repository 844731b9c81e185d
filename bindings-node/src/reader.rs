//! Reading — and planning — the fast path's text on worker threads while
//! JavaScript is still checking and writing the next chunks.
//!
//! For a payload of more than one chunk, `fastpath.js` pushes each chunk's
//! `JSON.stringify` text, with the check's `ok` flags and fingerprints for
//! its items, into a [`TextReader`] as soon as it is written. The JS thread
//! only copies the string's UTF-16 units (napi reads a JS string on its own
//! thread); up to [`WORKERS`] threads turn chunks into values (`json16`).
//! A reader made for `plan` also holds the core's [`skuwire::Planner`]:
//! whichever worker completes the next chunk in input order pushes its items
//! into the planner, exactly as `skuwire::plan_with_host_errors` does, for
//! as long as every item may take the fast path. At the first item that may
//! not (it failed the JS check, reads unclean, or does not match its
//! fingerprint) planning stops there, and the JS thread takes over
//! ([`finish`]): it converts that item with the walker and pushes it and
//! every later item itself, in order. So the items reach the planner in
//! input order, each exactly as without the fast path.
//!
//! Nothing here touches JS values off the JS thread, and a worker never
//! panics (`json16` does not; a worker that did anyway leaves its chunk as
//! one that did not read, whose items take the walker).

use crate::convert::{check, JsValueOut, Raw};
use crate::json16::{self, Item};
use crate::plan::plan_options;
use napi::bindgen_prelude::{Env, Unknown};
use napi::{sys, JsValue};
use napi_derive::napi;
use serde_json::Value;
use skuwire::{Batch, ErrorRecord, OnInvalid, PlanOptions, Planner};
use std::collections::BTreeMap;
use std::ffi::c_void;
use std::ptr;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Worker threads per reader (the JS thread keeps checking and writing).
pub const WORKERS: usize = 2;

/// A chunk as pushed: its text and, per item, the JS check's verdict.
struct Job {
    index: usize,
    text: Vec<u16>,
    ok: Vec<u8>,
    hashes: Vec<i32>,
}

/// What planning has produced so far (`plan_with_host_errors`' state).
#[derive(Default)]
pub struct PlanOut {
    pub batches: Vec<Batch>,
    pub invalid: Vec<(usize, Vec<ErrorRecord>)>,
    /// Raise mode: every problem, reported together at the end.
    pub errors: Vec<ErrorRecord>,
}

/// Pushes one item as `skuwire::plan_with_host_errors` does.
pub fn plan_push(planner: &mut Planner, on_invalid: OnInvalid, out: &mut PlanOut, item: Value, host: Vec<ErrorRecord>) {
    let step = planner.push_with_host_errors(item, host);
    if !step.errors.is_empty() {
        match on_invalid {
            OnInvalid::Raise => out.errors.extend(step.errors),
            OnInvalid::Skip => out.invalid.push((step.index, step.errors)),
        }
    }
    if let Some(b) = step.batch {
        out.batches.push(b);
    }
}

/// A chunk read out of order: its items (`None`: it did not read), and the
/// JS check's `ok` flags and fingerprints.
type Arrived = (Option<Vec<Item>>, Vec<u8>, Vec<i32>);

/// The in-order stage the workers advance (under a lock).
#[derive(Default)]
struct Stage {
    /// The planner while the workers still plan (`None` for a read-only
    /// reader, or once an item needed the walker).
    planner: Option<Planner>,
    on_invalid: OnInvalid,
    out: PlanOut,
    /// Chunks read out of order, waiting for their turn.
    waiting: BTreeMap<usize, Arrived>,
    next_chunk: usize,
    /// Input position of the next item not yet planned.
    next_index: usize,
    /// Items from `next_index` on, in order: the value when it may take the
    /// fast path, `None` when the walker must convert it.
    rest: Vec<Option<Value>>,
    /// Set when planning stopped for an item that needs the walker.
    stopped: bool,
}

impl Stage {
    fn arrive(&mut self, index: usize, items: Option<Vec<Item>>, ok: Vec<u8>, hashes: Vec<i32>) {
        self.waiting.insert(index, (items, ok, hashes));
        while let Some((items, ok, hashes)) = self.waiting.remove(&self.next_chunk) {
            self.next_chunk += 1;
            let n = ok.len();
            // A chunk that did not read, or read as another number of items,
            // leaves every item of it to the walker.
            let items = items.filter(|v| v.len() == n);
            let mut items = items.map(Vec::into_iter);
            for i in 0..n {
                let item = items.as_mut().and_then(Iterator::next);
                let value = item.filter(|it| it.clean && ok[i] == 1 && it.hash == hashes[i]).map(|it| it.value);
                match value {
                    Some(v) if !self.stopped && self.planner.is_some() => {
                        if let Some(planner) = self.planner.as_mut() {
                            plan_push(planner, self.on_invalid, &mut self.out, v, Vec::new());
                        }
                        self.next_index += 1;
                    }
                    value => {
                        self.stopped = true;
                        self.rest.push(value);
                    }
                }
            }
        }
    }
}

/// What the JS thread takes over from a reader.
pub struct Finished {
    /// The planner where the workers left it, with what it produced, for a
    /// reader made for `plan` (`None` for a read-only reader).
    pub planner: Option<(Planner, OnInvalid, PlanOptions)>,
    pub out: PlanOut,
    /// Input position of the first item in `rest`.
    pub next_index: usize,
    pub rest: Vec<Option<Value>>,
}

/// Chunks of the fast path's text, read (and planned) on worker threads. JS
/// holds it as an external value (`textReader(…)`), passed back to
/// `textReaderPush` and in the fast path's input.
pub struct TextReader {
    jobs: Option<mpsc::Sender<Job>>,
    queue: Arc<Mutex<mpsc::Receiver<Job>>>,
    stage: Arc<Mutex<Stage>>,
    /// Text buffers the workers are done with, for the next chunks' copies
    /// (fresh buffers of this size come from the OS each time).
    pool: Arc<Mutex<Vec<Vec<u16>>>>,
    opts: Option<PlanOptions>,
    workers: Vec<JoinHandle<()>>,
    pushed: usize,
}

impl TextReader {
    fn new(planner: Option<(Planner, PlanOptions)>) -> Self {
        let (jobs, queue) = mpsc::channel();
        let mut stage = Stage::default();
        let mut opts = None;
        if let Some((p, o)) = planner {
            stage.on_invalid = o.on_invalid;
            stage.planner = Some(p);
            opts = Some(o);
        }
        TextReader {
            jobs: Some(jobs),
            queue: Arc::new(Mutex::new(queue)),
            stage: Arc::new(Mutex::new(stage)),
            pool: Arc::new(Mutex::new(Vec::new())),
            opts,
            workers: Vec::new(),
            pushed: 0,
        }
    }

    /// Queues the next chunk (a JS string holding a JSON list; anything
    /// else is a chunk that does not read) with its items' check results.
    fn push(&mut self, raw: Raw, text: sys::napi_value, ok: &[u8], hashes: &[u8]) -> napi::Result<()> {
        let mut buf = self.pool.lock().ok().and_then(|mut p| p.pop()).unwrap_or_default();
        buf.clear();
        if raw.type_of(text)? == sys::ValueType::napi_string {
            raw.utf16_into(text, &mut buf)?;
        }
        let hashes: Vec<i32> = hashes.chunks_exact(4).map(|b| i32::from_ne_bytes([b[0], b[1], b[2], b[3]])).collect();
        let ok = if hashes.len() == ok.len() { ok.to_vec() } else { vec![0; ok.len()] };
        let job = Job { index: self.pushed, text: buf, ok, hashes };
        self.pushed += 1;
        if self.workers.len() < WORKERS && self.workers.len() < self.pushed {
            self.spawn();
        }
        let job = match &self.jobs {
            Some(jobs) if !self.workers.is_empty() => match jobs.send(job) {
                Ok(()) => return Ok(()),
                Err(mpsc::SendError(job)) => job,
            },
            _ => job,
        };
        // No worker to take it: read it here.
        run(&self.stage, &self.pool, job);
        Ok(())
    }

    fn spawn(&mut self) {
        let queue = Arc::clone(&self.queue);
        let stage = Arc::clone(&self.stage);
        let pool = Arc::clone(&self.pool);
        let worker = std::thread::Builder::new().name("skuwire-json".to_owned()).spawn(move || loop {
            let job = match queue.lock() {
                Ok(q) => q.recv(),
                Err(_) => return,
            };
            let Ok(job) = job else { return };
            run(&stage, &pool, job);
        });
        if let Ok(handle) = worker {
            self.workers.push(handle);
        }
    }

    /// Waits for every chunk, then hands over the planner (where the workers
    /// left it) and the items not yet planned; `None` when a worker was lost.
    fn finish(&mut self) -> Option<Finished> {
        self.jobs = None; // the workers stop once the queue is empty
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
        let mut stage = std::mem::take(&mut *self.stage.lock().ok()?);
        if stage.next_chunk != self.pushed {
            return None; // a chunk never arrived
        }
        let planner = match (stage.planner.take(), self.opts.clone()) {
            (Some(p), Some(o)) => Some((p, stage.on_invalid, o)),
            _ => None,
        };
        Some(Finished { planner, out: stage.out, next_index: stage.next_index, rest: stage.rest })
    }
}

/// Reads a chunk and hands it to the in-order stage. A panic while reading
/// (none is expected) leaves the chunk as one that did not read.
fn run(stage: &Mutex<Stage>, pool: &Mutex<Vec<Vec<u16>>>, job: Job) {
    let Job { index, text, ok, hashes } = job;
    let items = std::panic::catch_unwind(|| json16::read_list(&text)).ok().flatten();
    if let Ok(mut p) = pool.lock() {
        if p.len() < 2 * WORKERS + 2 {
            p.push(text);
        }
    }
    // Planning inside `arrive` runs core code; should it panic, the lock is
    // poisoned and `finish` reports the reader as lost (every item then
    // takes the walker on the JS thread).
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if let Ok(mut s) = stage.lock() {
            s.arrive(index, items, ok, hashes);
        }
    }));
}

impl Drop for TextReader {
    fn drop(&mut self) {
        // Closing the queue ends the workers; they are not waited for.
        self.jobs = None;
    }
}

/// Tells our externals from any other.
const MAGIC: u64 = 0x736b_7577_6972_6552; // "skuwireR"

struct Boxed {
    magic: u64,
    reader: Mutex<TextReader>,
}

unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    if !data.is_null() {
        drop(unsafe { Box::from_raw(data.cast::<Boxed>()) });
    }
}

/// A new reader, as an external value. With `op`, it also plans (the
/// options as `plan` takes them; invalid options throw as they would
/// there); without, it only reads (`validate`).
#[napi(
    catch_unwind,
    ts_args_type = "op?: string, onInvalid?: unknown, maxItems?: unknown, maxBodyBytes?: unknown, strict?: unknown",
    ts_return_type = "unknown"
)]
pub fn text_reader(
    env: Env,
    op: Option<Unknown>,
    on_invalid: Option<Unknown>,
    max_items: Option<Unknown>,
    max_body_bytes: Option<Unknown>,
    strict: Option<Unknown>,
) -> napi::Result<JsValueOut> {
    let env = env.raw();
    let raw = Raw { env };
    let mut planner = None;
    if let Some(op) = op.filter(|o| raw.type_of(o.raw()).ok() == Some(sys::ValueType::napi_string)) {
        let op = crate::convert::string_param(env, op.raw(), "op")?;
        let opts = plan_options(env, on_invalid, max_items, max_body_bytes, strict)?;
        // An unknown operation: read only (`plan` reports it).
        if let Ok(p) = Planner::new(&op, &opts) {
            planner = Some((p, opts));
        }
    }
    let data = Box::into_raw(Box::new(Boxed { magic: MAGIC, reader: Mutex::new(TextReader::new(planner)) }));
    let mut out = ptr::null_mut();
    let status = unsafe { sys::napi_create_external(env, data.cast(), Some(finalize), ptr::null_mut(), &mut out) };
    if status != sys::Status::napi_ok {
        drop(unsafe { Box::from_raw(data) });
    }
    check(env, status)?;
    Ok(JsValueOut(out))
}

/// Queues a chunk's text, with its items' `ok` flags and fingerprints (the
/// bytes of a Uint8Array and an Int32Array), into a reader from [`text_reader`].
#[napi(catch_unwind, ts_args_type = "reader: unknown, text: string, ok: Uint8Array, hashes: Uint8Array")]
pub fn text_reader_push(env: Env, reader: Unknown, text: Unknown, ok: Unknown, hashes: Unknown) -> napi::Result<()> {
    let raw = Raw { env: env.raw() };
    let Some(boxed) = (unsafe { reader_of(raw, reader.raw())? }) else { return Ok(()) };
    let ok = unsafe { crate::fast::bytes_of(raw.env, ok.raw())? }.unwrap_or(&[]);
    let hashes = unsafe { crate::fast::bytes_of(raw.env, hashes.raw())? }.unwrap_or(&[]);
    match boxed.reader.lock() {
        Ok(mut r) => r.push(raw, text.raw(), ok, hashes),
        Err(_) => Ok(()),
    }
}

/// The reader an external value holds, if it is one of ours.
///
/// # Safety
/// `v` is a live JS value of the current call.
unsafe fn reader_of<'a>(raw: Raw, v: sys::napi_value) -> napi::Result<Option<&'a Boxed>> {
    if raw.type_of(v)? != sys::ValueType::napi_external {
        return Ok(None);
    }
    let mut data = ptr::null_mut();
    check(raw.env, unsafe { sys::napi_get_value_external(raw.env, v, &mut data) })?;
    let boxed = data.cast::<Boxed>();
    if boxed.is_null() || !boxed.is_aligned() || unsafe { (*boxed).magic } != MAGIC {
        return Ok(None);
    }
    Ok(Some(unsafe { &*boxed }))
}

/// Takes over from the reader `v` holds (see [`TextReader::finish`]);
/// `None` when `v` is not a reader or a worker was lost.
///
/// # Safety
/// As [`reader_of`].
pub unsafe fn finish(raw: Raw, v: sys::napi_value) -> napi::Result<Option<Finished>> {
    let Some(boxed) = (unsafe { reader_of(raw, v)? }) else { return Ok(None) };
    Ok(match boxed.reader.lock() {
        Ok(mut r) => r.finish(),
        Err(_) => None,
    })
}
