//! Reading the fast path's text on worker threads while JavaScript is still
//! checking and writing the next chunks.
//!
//! For a payload of more than one chunk, `fastpath.js` pushes each chunk's
//! `JSON.stringify` text into a [`TextReader`] as soon as it is written: the
//! JS thread only copies the string's UTF-16 units (napi must read a JS
//! string on its own thread), and up to [`WORKERS`] threads turn chunks into
//! values (`json16`) meanwhile. `plan`/`validate` then collect the chunks in
//! order; everything after that (the walker for items the fast path may not
//! take, validation, planning) runs on the JS thread as before.
//!
//! Nothing here touches JS values off the JS thread, and a worker never
//! panics (`json16` does not; a worker that did anyway is reported as a
//! chunk that did not read, so its items take the walker).

use crate::convert::{check, JsValueOut, Raw};
use crate::json16::{self, Item};
use napi::bindgen_prelude::{Env, Unknown};
use napi::{sys, JsValue};
use napi_derive::napi;
use std::ffi::c_void;
use std::ptr;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Worker threads per reader (the JS thread keeps checking and writing).
pub const WORKERS: usize = 2;

type Job = (usize, Vec<u16>);
type Done = (usize, Option<Vec<Item>>);

/// Chunks of the fast path's text, read on worker threads. JS holds it as
/// an external value (`textReader()`), passed back to `textReaderPush` and in
/// the fast path's input.
pub struct TextReader {
    jobs: Option<mpsc::Sender<Job>>,
    done: mpsc::Receiver<Done>,
    queue: Arc<Mutex<mpsc::Receiver<Job>>>,
    /// Dropped by `finish`, so that waiting ends once every worker is gone.
    done_tx: Option<mpsc::Sender<Done>>,
    workers: Vec<JoinHandle<()>>,
    pushed: usize,
}

impl TextReader {
    fn new() -> Self {
        let (jobs, queue) = mpsc::channel();
        let (done_tx, done) = mpsc::channel();
        TextReader { jobs: Some(jobs), done, queue: Arc::new(Mutex::new(queue)), done_tx: Some(done_tx), workers: Vec::new(), pushed: 0 }
    }

    /// Queues the next chunk (a JS string holding a JSON list); anything
    /// but a string is queued as a chunk that does not read.
    fn push(&mut self, raw: Raw, text: sys::napi_value) -> napi::Result<()> {
        let mut buf = Vec::new();
        if raw.type_of(text)? == sys::ValueType::napi_string {
            raw.utf16_into(text, &mut buf)?;
        }
        let index = self.pushed;
        self.pushed += 1;
        if self.workers.len() < WORKERS && self.workers.len() < self.pushed {
            self.spawn();
        }
        let Some(done) = &self.done_tx else {
            return Ok(()); // finished: `finish` reports the chunk as missing
        };
        match &self.jobs {
            Some(jobs) if !self.workers.is_empty() => {
                if let Err(mpsc::SendError((index, _))) = jobs.send((index, buf)) {
                    let _ = done.send((index, None));
                }
            }
            // No worker could be started: read it here.
            _ => {
                let _ = done.send((index, read_chunk(&buf)));
            }
        }
        Ok(())
    }

    fn spawn(&mut self) {
        let Some(done) = self.done_tx.clone() else { return };
        let queue = Arc::clone(&self.queue);
        let worker = std::thread::Builder::new().name("skuwire-json".to_owned()).spawn(move || loop {
            let job = match queue.lock() {
                Ok(q) => q.recv(),
                Err(_) => return,
            };
            let Ok((index, text)) = job else { return };
            let items = read_chunk(&text);
            drop(text);
            if done.send((index, items)).is_err() {
                return;
            }
        });
        if let Ok(handle) = worker {
            self.workers.push(handle);
        }
    }

    /// Every chunk's items in order, or `None` when one did not read (or
    /// a worker was lost): the caller then takes the walker for all.
    fn finish(&mut self) -> Option<Vec<Item>> {
        self.jobs = None; // the workers stop once the queue is empty
        self.done_tx = None; // and `recv` fails once they all have
        let mut chunks: Vec<Option<Vec<Item>>> = (0..self.pushed).map(|_| None).collect();
        let mut got = 0;
        while got < self.pushed {
            let (index, items) = self.done.recv().ok()?;
            *chunks.get_mut(index)? = Some(items?);
            got += 1;
        }
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
        self.pushed = 0;
        let mut out = Vec::new();
        for chunk in chunks {
            out.extend(chunk?);
        }
        Some(out)
    }
}

impl Drop for TextReader {
    fn drop(&mut self) {
        // Closing the queue ends the workers; they are not waited for.
        self.jobs = None;
    }
}

fn read_chunk(text: &[u16]) -> Option<Vec<Item>> {
    std::panic::catch_unwind(|| json16::read_list(text)).ok().flatten()
}

/// Tells our externals from any other.
const MAGIC: u64 = 0x736b_7577_6972_6552; // "skuwireR"

struct Boxed {
    magic: u64,
    reader: std::sync::Mutex<TextReader>,
}

unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    if !data.is_null() {
        drop(unsafe { Box::from_raw(data.cast::<Boxed>()) });
    }
}

/// A new reader, as an external value.
#[napi(catch_unwind, ts_return_type = "unknown")]
pub fn text_reader(env: Env) -> napi::Result<JsValueOut> {
    let env = env.raw();
    let data = Box::into_raw(Box::new(Boxed { magic: MAGIC, reader: std::sync::Mutex::new(TextReader::new()) }));
    let mut out = ptr::null_mut();
    let status = unsafe { sys::napi_create_external(env, data.cast(), Some(finalize), ptr::null_mut(), &mut out) };
    if status != sys::Status::napi_ok {
        drop(unsafe { Box::from_raw(data) });
    }
    check(env, status)?;
    Ok(JsValueOut(out))
}

/// Queues a chunk's text into a reader from [`text_reader`].
#[napi(catch_unwind, ts_args_type = "reader: unknown, text: string")]
pub fn text_reader_push(env: Env, reader: Unknown, text: Unknown) -> napi::Result<()> {
    let raw = Raw { env: env.raw() };
    let Some(boxed) = (unsafe { reader_of(raw, reader.raw())? }) else { return Ok(()) };
    match boxed.reader.lock() {
        Ok(mut r) => r.push(raw, text.raw()),
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

/// Every chunk's items from the reader `v` holds (see [`TextReader::finish`]);
/// `None` when `v` is not a reader or a chunk did not read.
///
/// # Safety
/// As [`reader_of`].
pub unsafe fn finish(raw: Raw, v: sys::napi_value) -> napi::Result<Option<Vec<Item>>> {
    let Some(boxed) = (unsafe { reader_of(raw, v)? }) else { return Ok(None) };
    Ok(match boxed.reader.lock() {
        Ok(mut r) => r.finish(),
        Err(_) => None,
    })
}
