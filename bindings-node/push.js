'use strict'
// The ready sender around the core's push driver: `client.push(op, items,
// { fetch, journal, concurrency, rate, signal })`. The driver (native)
// decides everything — what to send, when, what to retry, what an answer
// meant; this file owns the sockets (fetch), the clock, the timers and the
// journal file.

const fs = require('node:fs')
const path = require('node:path')

/** Milliseconds to wait for a journal held by another live process. */
const LOCK_WAIT_MS = 10000

/**
 * A push journal file (JSON Lines), locked while one push writes it: a
 * `<journal>.lock` file holding the writer's pid. A lock whose process is
 * gone (killed) is taken over.
 */
class JournalFile {
  constructor(file, stateError) {
    this.file = path.resolve(file)
    this.lockFile = `${this.file}.lock`
    this.stateError = stateError
    this.fd = null
    this.locked = false
    this.durable = false
  }

  /** Locks the journal and returns its bytes (empty when new). */
  async open() {
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    const deadline = Date.now() + LOCK_WAIT_MS
    for (;;) {
      try {
        fs.writeFileSync(this.lockFile, String(process.pid), { flag: 'wx' })
        this.locked = true
        break
      } catch (e) {
        if (e.code !== 'EEXIST') throw e
        const pid = Number(fs.readFileSync(this.lockFile, 'utf8'))
        if (!alive(pid)) {
          fs.rmSync(this.lockFile, { force: true })
          continue
        }
        if (Date.now() >= deadline) throw this.stateError(`journal ${this.file} is in use by process ${pid}`, `日志 ${this.file} 正被进程 ${pid} 使用`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
    this.fd = fs.openSync(this.file, 'a+')
    return fs.readFileSync(this.file)
  }

  /** Drops a last line cut short by a crash, then appends from there. */
  start(keep, durable) {
    fs.ftruncateSync(this.fd, keep)
    this.durable = durable
  }

  write(buf) {
    if (buf.length === 0) return
    fs.writeSync(this.fd, buf)
    // Not an upsert: a `send` line lost in a power cut would mean sending twice.
    if (this.durable) fs.fsyncSync(this.fd)
  }

  close() {
    if (this.fd !== null) fs.closeSync(this.fd)
    this.fd = null
    if (this.locked) fs.rmSync(this.lockFile, { force: true })
    this.locked = false
  }
}

function alive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return e.code === 'EPERM'
  }
}

const NO_JOURNAL = { write() {}, close() {} }

/** Sends one request; resolves to `{status, headers, body}` or `{error}` (no answer), never rejects. */
function sender(fetchFn, timeoutMs, signal) {
  return async (request) => {
    const controller = new AbortController()
    const onAbort = () => controller.abort(signal.reason)
    if (signal) {
      if (signal.aborted) return { error: 'aborted' }
      signal.addEventListener('abort', onAbort, { once: true })
    }
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    try {
      // A redirect is an answer for the core to read: following it would
      // resend a signed POST as a GET.
      const res = await fetchFn(request.url, { method: request.method, headers: request.headers, body: request.body, signal: controller.signal, redirect: 'manual' })
      const body = Buffer.from(await res.arrayBuffer())
      const headers = []
      res.headers.forEach((value, name) => headers.push([name, value]))
      return { status: res.status, headers, body }
    } catch (e) {
      // Never the URL: a flagship URL carries the salt.
      const reason = controller.signal.aborted && controller.signal.reason instanceof Error ? controller.signal.reason : e
      return { error: `${reason && reason.name ? reason.name : 'Error'}: ${reason && reason.message ? reason.message : String(reason)}` }
    } finally {
      clearTimeout(timer)
      if (signal) signal.removeEventListener('abort', onAbort)
    }
  }
}

/**
 * Drives `driver` to the end: sends each call `next()` hands out, feeds each
 * answer back, appends the journal lines before each send and after each
 * answer. Resolves with the report; rejects with `signal.reason` when
 * aborted (after the calls in flight were settled; the error's `report`
 * says what became of every item).
 */
async function run(driver, send, journal, { signal, onAnswer } = {}) {
  const completed = []
  let wake = null
  const notify = () => {
    if (wake !== null) {
      const w = wake
      wake = null
      w()
    }
  }
  const onAbort = () => {
    driver.stop()
    notify()
  }
  if (signal) signal.addEventListener('abort', onAbort, { once: true })
  try {
    if (signal && signal.aborted) driver.stop()
    for (;;) {
      while (completed.length > 0) {
        const { act, result } = completed.shift()
        const now = Date.now()
        const outcome = result.error === undefined
          ? driver.feed(act.call, result.status, result.body, result.headers, now)
          : driver.feedTransportError(act.call, result.error, now)
        journal.write(driver.takeJournal())
        if (onAnswer) onAnswer(act.positions, outcome)
      }
      const act = driver.next(Date.now())
      if (act.kind === 'send') {
        journal.write(driver.takeJournal()) // before the request goes out
        send(act.request).then((result) => {
          completed.push({ act, result })
          notify()
        })
        continue
      }
      if (act.kind === 'done') break
      if (completed.length > 0) continue
      let timer = null
      await new Promise((resolve) => {
        wake = resolve
        if (act.waitMs !== null) timer = setTimeout(resolve, act.waitMs)
      })
      wake = null
      if (timer !== null) clearTimeout(timer)
    }
  } finally {
    if (signal) signal.removeEventListener('abort', onAbort)
    journal.close()
  }
  const report = driver.report()
  if (signal && signal.aborted) {
    const reason = signal.reason !== undefined ? signal.reason : new Error('aborted')
    if (reason !== null && typeof reason === 'object') Object.defineProperty(reason, 'report', { value: report, configurable: true })
    throw reason
  }
  return report
}

module.exports = { JournalFile, NO_JOURNAL, sender, run }
