// The shared hostile-input corpus (tests/hostile/corpus.json) through the
// browser package (its `nodejs` build): every applicable case must end in
// the package's own answer — records, or a thrown SkuwireError /
// ValidationError with records of the expected type and location — and the
// module must keep answering normal calls afterwards.
//
// Not applicable here, by design: response cases (`parse`: the package
// cannot read answers, it has no `parse`) and the wrong-argument cases of
// `parse`. Query parameters have no query plan here: `validate(op, params)`
// checks them. Cases run one at a time in a worker thread, so a hang fails
// its case (the worker is terminated) instead of blocking the suite.
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { sw, ROOT, OP, goods } from './pkg.mjs';

const corpus = createRequire(import.meta.url)(`${ROOT}/tests/hostile/corpus.cjs`);
const HOST = 'wasm';
const ERROR_TYPES = new Set(sw.errorTypes().map((t) => t.type));

const KNOWN_BUGS = {
};

/** Why a case does not apply to the browser package, if it does not. */
function notHere(c) {
  if (c.call === 'parse') return 'the browser package cannot read answers (no parse, by design)';
  return null;
}

function run(c, op) {
  const { expand, payloadOf, jsOptions } = corpus;
  if (c.call === 'validate') return { kind: 'records', records: sw.validate(op, payloadOf(c)) };
  if (c.call === 'query') return { kind: 'records', records: sw.validate(op, expand(c.input)) };
  if (c.call === 'plan') {
    const p = sw.plan(op, payloadOf(c), jsOptions(c));
    return { kind: 'plan', batches: p.batches.map((b) => b.indices), invalid: p.invalid.map((i) => [i.index, i.errors]) };
  }
  throw new Error(`unknown call ${c.call}`);
}

function observe(c) {
  const op = corpus.isDirective(c.op) ? corpus.expand(c.op) : c.op;
  try {
    return run(c, op);
  } catch (e) {
    return corpus.describeError(e, (x) => sw.isSkuwireError(x));
  }
}

function stillWorks() {
  assert.deepEqual(sw.validate(OP, [goods(0)]), []);
  assert.equal(sw.validate(OP, goods(0, { goods_no: 'x'.repeat(41) }))[0].type, 'string_too_long');
  assert.deepEqual(sw.plan(OP, [goods(1), goods(2)]).batches.map((b) => b.indices), [[0, 1]]);
}

if (!isMainThread) {
  parentPort.on('message', (id) => {
    const seen = observe(corpus.CASES.find((c) => c.id === id));
    let still = null;
    try {
      stillWorks();
    } catch (e) {
      still = String(e && e.stack);
    }
    parentPort.postMessage({ seen, still });
  });
} else {
  const { default: test } = await import('node:test');
  let worker = null;
  const stop = () => {
    if (worker) worker.terminate();
    worker = null;
  };
  /** Runs a case in the worker; a hang terminates it and fails the case. */
  const inWorker = (id, ms) => {
    if (!worker) worker = new Worker(fileURLToPath(import.meta.url));
    const w = worker;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no answer within ${ms} ms (a hang)`));
      }, ms);
      const done = (f) => (x) => {
        clearTimeout(timer);
        w.removeAllListeners('message');
        w.removeAllListeners('error');
        f(x);
      };
      w.once('message', done(resolve));
      w.once('error', done((e) => {
        stop();
        reject(e);
      }));
      w.postMessage(id);
    });
  };

  test('hostile corpus (browser package)', async (t) => {
    t.after(stop);
    for (const c of corpus.CASES) {
      const { expect, skip } = corpus.view(c, HOST);
      const reason = skip || notHere(c);
      const options = reason ? { skip: `not applicable to the browser package: ${reason}` } : {};
      await t.test(c.id, options, async () => {
        const { seen, still } = await inWorker(c.id, c.heavy ? 120_000 : 30_000);
        try {
          // A known bug must still fail; once fixed it fails the run until taken off KNOWN_BUGS.
          corpus.checkOrKnownBug(expect, seen, ERROR_TYPES, c.id, KNOWN_BUGS[c.id]);
        } finally {
          assert.equal(still, null, `the module stopped working after ${c.id}: ${still}`);
        }
      });
    }
  });

  test('every known bug names a case, and the corpus runs enough cases here', () => {
    const ids = new Set(corpus.CASES.map((c) => c.id));
    for (const id of Object.keys(KNOWN_BUGS)) assert.ok(ids.has(id), id);
    // A known bug that passes fails; one that still fails passes.
    const valid = { kind: 'records', records: [] };
    assert.throws(() => corpus.checkOrKnownBug({ valid: true }, valid, ERROR_TYPES, 'x', 'a bug'), /x now passes/);
    corpus.checkOrKnownBug({ errors: [['missing', [0]]] }, valid, ERROR_TYPES, 'x', 'a bug');
    const applicable = corpus.CASES.filter((c) => !corpus.view(c, HOST).skip && !notHere(c));
    assert.ok(applicable.length >= 60, `${applicable.length} applicable cases`);
  });

  // No credentials at all (no_signing.test.mjs checks the exports, the
  // shipped JS and the compiled code): a credential handed over as an option
  // is refused, and the refusal does not repeat it.
  test('a credential passed as an option is refused without being echoed', () => {
    const secrets = ['Dq2SecretPart:Lm8SaltPart', 'Nv4TokenValue'];
    // (A value put under a real option, e.g. maxItems, is that option's value and may be quoted.)
    for (const [key, value] of [['appsecret', secrets[0]], ['token', secrets[1]], ['secret', secrets[0]], ['salt', secrets[0].split(':')[1]], ['credentials', { appsecret: secrets[0] }]]) {
      for (const call of [() => sw.plan(OP, [goods(0)], { [key]: value }), () => sw.validate(OP, [goods(0)], { [key]: value })]) {
        let err = null;
        try {
          call();
        } catch (e) {
          err = e;
        }
        assert.ok(err !== null, `${key} was accepted`);
        assert.ok(sw.isSkuwireError(err) && err.code === 'invalid_argument', String(err));
        for (const s of [...secrets, ...secrets.flatMap((x) => x.split(':'))]) {
          assert.ok(!`${err.message} ${err.msgZh} ${err.stack}`.includes(s), `${key}: ${err.message}`);
        }
      }
    }
    stillWorks();
  });
}
