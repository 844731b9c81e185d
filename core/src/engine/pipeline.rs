//! Planning on a second thread while the host is still writing the input:
//! the host hands over its payload list as consecutive chunks of JSON text
//! (each a list of whole items, in order), and one worker thread reads,
//! checks and plans them through the same [`Planner`] as [`plan_json`]
//! would, so the result is identical — batches, indices, records — and in
//! input order. The host's own work (converting its values to text) stays
//! on its thread; the two overlap instead of running one after the other.
//! Work on each finished batch that needs no caller ([`Prepare`]: a
//! client's head start on the signature) runs on a third thread as batches
//! complete.
//!
//! [`plan_json`]: crate::plan::plan_json

use crate::batch::Prepare;
use crate::error::{Error, ErrorRecord};
use crate::input::{Head, Input, JsonInput};
use crate::plan::{Batch, Collect, Plan, PlanOptions, Planner};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::thread::JoinHandle;

/// Chunks that may wait for the worker before [`PlanPipeline::feed`]
/// blocks: a bound on the memory held, and enough to ride out a slow chunk.
const QUEUED_CHUNKS: usize = 8;

/// One chunk: JSON text of a list of items and the host's notes on them
/// (locations start with the item's index in the whole payload).
struct Chunk {
    text: Vec<u8>,
    notes: Vec<ErrorRecord>,
}

/// A plan of a payload list fed in chunks, planned on a worker thread.
/// Dropping it unfinished stops the worker once its queue is read.
pub struct PlanPipeline {
    tx: Option<SyncSender<Chunk>>,
    worker: Option<JoinHandle<Result<Plan, Error>>>,
    /// Chunk buffers the worker is done with, for [`PlanPipeline::buffer`].
    spent: Receiver<Vec<u8>>,
}

impl PlanPipeline {
    /// Starts the worker. The options are checked here, on the caller's
    /// thread; nesting is refused (its reader regroups rows across the whole
    /// payload — plan such input with [`crate::plan::plan_json`]).
    pub fn start(op_name: &str, opts: &PlanOptions) -> Result<PlanPipeline, Error> {
        Self::start_preparing(op_name, opts, None)
    }

    /// [`PlanPipeline::start`], with work done on each finished batch on the
    /// planning thread (e.g. [`crate::request::Signer::head_starter`]).
    pub fn start_preparing(op_name: &str, opts: &PlanOptions, prepare: Option<Prepare>) -> Result<PlanPipeline, Error> {
        #[cfg(feature = "nest")]
        if opts.nest.is_some() {
            return Err(Error::nest_needs_rows("nest"));
        }
        let planner = Planner::new(op_name, opts)?;
        let collect = Collect::new(opts.on_invalid);
        let (tx, rx) = sync_channel(QUEUED_CHUNKS);
        let (spent_tx, spent) = channel();
        let worker = std::thread::Builder::new()
            .name("skuwire-plan".into())
            .spawn(move || work(planner, collect, rx, spent_tx, prepare))
            .map_err(|e| Error::internal(&format!("cannot start the planning thread: {e}")))?;
        Ok(PlanPipeline { tx: Some(tx), worker: Some(worker), spent })
    }

    /// An empty buffer for the next chunk's text: one the worker is done
    /// with when there is one (its memory is already mapped: a fresh
    /// allocation of every chunk costs page faults), else a new one.
    pub fn buffer(&mut self) -> Vec<u8> {
        self.spent.try_recv().unwrap_or_default()
    }

    /// Hands over the next chunk: `text` is a JSON list of the next items,
    /// `notes` what the host found in them. Blocks while eight chunks wait
    /// (a bound on the memory held).
    pub fn feed(&mut self, text: Vec<u8>, notes: Vec<ErrorRecord>) -> Result<(), Error> {
        let sent = self.tx.as_ref().map(|tx| tx.send(Chunk { text, notes }));
        match sent {
            Some(Ok(())) => Ok(()),
            // The worker stopped early (a failed chunk ends the plan): its error comes with `finish`.
            Some(Err(_)) => Ok(()),
            None => Err(Error::finished("plan pipeline")),
        }
    }

    /// Waits for the worker and returns the plan of every chunk fed, as
    /// [`crate::plan::plan_json`] of their items in one list would.
    pub fn finish(mut self) -> Result<Plan, Error> {
        self.tx = None;
        let worker = self.worker.take().ok_or_else(|| Error::finished("plan pipeline"))?;
        worker.join().unwrap_or_else(|_| Err(Error::internal("the planning thread panicked")))
    }
}

impl Drop for PlanPipeline {
    fn drop(&mut self) {
        // Closing the channel ends the worker's loop; it is not waited for.
        self.tx = None;
    }
}

fn work(mut planner: Planner, mut collect: Collect, rx: Receiver<Chunk>, spent: Sender<Vec<u8>>, prepare: Option<Prepare>) -> Result<Plan, Error> {
    let op = planner.operation().name;
    let preparer = prepare.and_then(Preparer::start);
    for chunk in rx {
        let mut text = plan_chunk(&mut planner, &mut collect, chunk).map_err(|e| e.with_op(op))?;
        text.clear();
        // Nobody takes it back once the host has fed every chunk: then it is dropped.
        let _ = spent.send(text);
        if let Some(p) = &preparer {
            p.send(collect.take_batches());
        }
    }
    let mut plan = collect.finish(planner)?;
    if let Some(p) = preparer {
        plan.batches = p.finish(std::mem::take(&mut plan.batches))?;
    }
    Ok(plan)
}

/// Plans one chunk; gives its text buffer back.
fn plan_chunk(planner: &mut Planner, collect: &mut Collect, chunk: Chunk) -> Result<Vec<u8>, Error> {
    let mut input = JsonInput::with_notes(&chunk.text, chunk.notes);
    if !matches!(input.value()?, Head::List) {
        return Err(Error::internal("a pipeline chunk is not a list of items"));
    }
    collect.push_list(planner, &mut input)?;
    input.end()?;
    Ok(chunk.text)
}

/// A second thread that prepares batches as the planner completes them:
/// while the host's thread converts, the planner and it share the other
/// CPUs; once the host waits, they have them all.
struct Preparer {
    tx: Sender<Vec<Batch>>,
    worker: JoinHandle<Vec<Batch>>,
}

impl Preparer {
    /// `None` when no thread can be started: the batches are then signed
    /// from the start, as without a head start.
    fn start(prepare: Prepare) -> Option<Preparer> {
        let (tx, rx) = channel::<Vec<Batch>>();
        let work = move || {
            let mut all = Vec::new();
            for mut batches in rx {
                batches.iter_mut().for_each(|b| prepare(b));
                all.append(&mut batches);
            }
            all
        };
        let worker = std::thread::Builder::new().name("skuwire-prepare".into()).spawn(work).ok()?;
        Some(Preparer { tx, worker })
    }

    fn send(&self, batches: Vec<Batch>) {
        if !batches.is_empty() {
            // The thread only stops when the channel closes (or it panicked: `finish` says so).
            let _ = self.tx.send(batches);
        }
    }

    /// Every batch sent, prepared and in order, then `rest`.
    fn finish(self, rest: Vec<Batch>) -> Result<Vec<Batch>, Error> {
        self.send(rest);
        drop(self.tx);
        self.worker.join().map_err(|_| Error::internal("the thread preparing batches panicked"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{plan_json_with_notes, OnInvalid};
    use crate::ErrorType;

    fn goods(i: usize) -> String {
        format!(r#"{{"goods_no":"G{i}","goods_name":"货品{i}","spec_list":[{{"spec_no":"G{i}-1","retail_price":"59.90"}}]}}"#)
    }

    /// `items` as one list and as chunks of `per` items (notes split by item).
    fn both(items: &[String], notes: &[ErrorRecord], per: usize, opts: &PlanOptions) -> (Result<Plan, Error>, Result<Plan, Error>) {
        let whole = format!("[{}]", items.join(","));
        let one = plan_json_with_notes("goods.Goods.batchPush", whole.as_bytes(), notes.to_vec(), opts);
        let mut p = PlanPipeline::start("goods.Goods.batchPush", opts).unwrap();
        for (c, part) in items.chunks(per).enumerate() {
            let range = c * per..c * per + part.len();
            let mine = notes.iter().filter(|n| matches!(n.loc.first(), Some(crate::LocItem::Index(i)) if range.contains(i))).cloned().collect();
            p.feed(format!("[{}]", part.join(",")).into_bytes(), mine).unwrap();
        }
        (one, p.finish())
    }

    fn shown(r: &Result<Plan, Error>) -> String {
        match r {
            Ok(p) => {
                let batches: Vec<_> = p.batches.iter().map(|b| (b.indices().to_vec(), String::from_utf8(b.body_json()).unwrap())).collect();
                format!("{batches:?} {:?}", p.invalid)
            }
            Err(e) => format!("error {e:?}"),
        }
    }

    #[test]
    fn chunks_plan_as_one_list() {
        let mut items: Vec<String> = (0..530).map(goods).collect();
        items[7] = r#"{"goods_no":"G7","spec_list":[]}"#.into(); // invalid
        items[300] = items[12].clone(); // a duplicate across chunks
        items[401] = format!("{}{}", "[".repeat(70), "]".repeat(70)); // nests too deep
        let notes = vec![ErrorRecord::not_finite(vec![crate::LocItem::Index(250), crate::LocItem::Key("goods_name".into())], "NaN")];
        items[250] = r#"{"goods_no":"G250","goods_name":null,"spec_list":[{"spec_no":"G250-1"}]}"#.into();
        for per in [1, 7, 100, 530] {
            for on_invalid in [OnInvalid::Skip, OnInvalid::Raise] {
                let opts = PlanOptions { on_invalid, ..PlanOptions::default() };
                let (one, piped) = both(&items, &notes, per, &opts);
                assert_eq!(shown(&one), shown(&piped), "{per} per chunk, {on_invalid:?}");
            }
        }
        let (one, _) = both(&items, &notes, 530, &PlanOptions { on_invalid: OnInvalid::Skip, ..PlanOptions::default() });
        let invalid: Vec<usize> = one.unwrap().invalid.iter().map(|(i, _)| *i).collect();
        assert_eq!(invalid, [7, 250, 300, 401], "the cases above are the problems they mean to be");
    }

    #[test]
    fn each_batch_is_prepared_once_and_comes_back_in_order() {
        use std::sync::{Arc, Mutex};
        let items: Vec<String> = (0..530).map(goods).collect();
        let opts = PlanOptions { on_invalid: OnInvalid::Skip, ..PlanOptions::default() };
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let prepare: Prepare = Arc::new(move |b: &mut Batch| log.lock().unwrap().push(b.indices().to_vec()));
        let mut p = PlanPipeline::start_preparing("goods.Goods.batchPush", &opts, Some(prepare)).unwrap();
        for part in items.chunks(37) {
            p.feed(format!("[{}]", part.join(",")).into_bytes(), Vec::new()).unwrap();
        }
        let piped = p.finish().unwrap();
        let whole = format!("[{}]", items.join(","));
        assert_eq!(shown(&Ok(piped)), shown(&plan_json_with_notes("goods.Goods.batchPush", whole.as_bytes(), Vec::new(), &opts)));
        let (one, _) = both(&items, &[], 530, &opts);
        let indices: Vec<Vec<usize>> = one.unwrap().batches.iter().map(|b| b.indices().to_vec()).collect();
        assert_eq!(*seen.lock().unwrap(), indices, "every batch prepared once, in order");
    }

    #[test]
    fn bad_options_fail_at_start_and_text_errors_at_finish() {
        let opts = PlanOptions { max_items: Some(0), ..PlanOptions::default() };
        assert!(PlanPipeline::start("goods.Goods.batchPush", &opts).is_err());
        assert!(PlanPipeline::start("no.such.op", &PlanOptions::default()).is_err());
        let mut p = PlanPipeline::start("goods.Goods.batchPush", &PlanOptions::default()).unwrap();
        p.feed(b"[{\"goods_no\":".to_vec(), Vec::new()).unwrap();
        p.feed(format!("[{}]", goods(1)).into_bytes(), Vec::new()).unwrap();
        match p.finish() {
            Err(Error::Validation(v)) => {
                assert_eq!(v.op, "goods.Goods.batchPush");
                assert_eq!(v.errors[0].kind, ErrorType::JsonInvalid);
            }
            other => panic!("{other:?}"),
        }
        // Dropped unfinished: the worker ends on its own.
        let mut p = PlanPipeline::start("goods.Goods.batchPush", &PlanOptions::default()).unwrap();
        p.feed(format!("[{}]", goods(1)).into_bytes(), Vec::new()).unwrap();
        drop(p);
    }
}
