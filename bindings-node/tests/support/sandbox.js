'use strict'
// Runs the offline sandbox (../../sandbox, pure-stdlib Python, independent
// of skuwire: it checks signatures with its own code) as a child process and
// talks to its control endpoints with fetch. Used by sandbox.test.js.

const { spawn } = require('node:child_process')
const path = require('node:path')

const SANDBOX_DIR = path.join(__dirname, '..', '..', '..', 'sandbox')

// The sandbox's default accounts (sandbox/README.md).
const CREDENTIALS = {
  flagship: { sid: 'sandbox', appkey: 'sandbox-key', appsecret: 'sandbox-secret:sandbox-salt' },
  enterprise: { sid: 'sandbox', appkey: 'sandbox-key', appsecret: 'sandbox-secret' },
  ymcartToken: 'sandbox-token',
}

/**
 * Starts `python3 -m skuwire_sandbox --port 0 --db :memory:` (plus
 * `extraArgs`, e.g. `--latency 0.2 --rate-limit 20`) and resolves once it
 * printed `skuwire sandbox listening on <url>`.
 */
function startSandbox(extraArgs = []) {
  const python = process.env.PYTHON || 'python3'
  const child = spawn(python, ['-u', '-m', 'skuwire_sandbox', '--port', '0', '--db', ':memory:', ...extraArgs], {
    cwd: SANDBOX_DIR,
    env: { ...process.env, PYTHONPATH: SANDBOX_DIR, PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (s) => {
    stderr += s
  })
  return new Promise((resolve, reject) => {
    let out = ''
    const fail = (why) => {
      child.kill('SIGKILL')
      reject(new Error(`sandbox did not start (${why}); stderr:\n${stderr}`))
    }
    const timer = setTimeout(() => fail('no "listening" line within 15 s'), 15000)
    child.once('error', (e) => {
      clearTimeout(timer)
      reject(new Error(`cannot run ${python}: ${e.message}`))
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(`exited with ${code}`)
    })
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', function onData(s) {
      out += s
      const m = out.match(/skuwire sandbox listening on (\S+)/)
      if (!m) return
      clearTimeout(timer)
      child.removeAllListeners('exit')
      child.stdout.off('data', onData)
      child.stdout.resume() // keep draining the rest of the banner
      resolve(new SandboxProcess(child, m[1], () => stderr))
    })
  })
}

class SandboxProcess {
  constructor(child, url, stderr) {
    this.child = child
    this.url = url
    this.stderr = stderr
    this.flagshipUrl = `${url}/openapi`
    this.enterpriseUrl = `${url}/openapi2/`
    this.ymcartUrl = `${url}/ymcart/{method}`
  }

  async control(method, name, body) {
    const res = await fetch(`${this.url}/_sandbox/${name}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const data = await res.json()
    if (!res.ok) throw new Error(`sandbox ${method} ${name}: HTTP ${res.status} ${JSON.stringify(data)}`)
    return data
  }

  /** Queues faults: `[{kind, times, method, applied, delay, mode, indices, …}]`. */
  faults(list) {
    return this.control('POST', 'faults', { faults: list })
  }

  async pendingFaults() {
    return (await this.control('GET', 'faults')).faults
  }

  /** The request log, oldest first. */
  async requests() {
    return (await this.control('GET', 'requests')).requests
  }

  /**
   * The request log once it holds `count` entries of `op`. The sandbox logs
   * a request when it is done with it, so a timed-out request (the client
   * gave up and moved on) shows up only after the fault's delay.
   */
  async requestsOf(op, count) {
    const log = await this.until((all) => all.filter((e) => e.op === op).length >= count)
    return log.filter((e) => e.op === op)
  }

  /** The request log once `done(log)` holds (or after 10 s). */
  async until(done, deadlineMs = 10000) {
    const deadline = Date.now() + deadlineMs
    for (;;) {
      const log = await this.requests()
      if (done(log) || Date.now() > deadline) return log
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  /** Every table. */
  data() {
    return this.control('GET', 'data')
  }

  reset() {
    return this.control('POST', 'reset', {})
  }

  /** `{offset}` shifts the server clock, `{now}` freezes it (Unix seconds). */
  setClock(clock) {
    return this.control('POST', 'clock', clock)
  }

  stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      const hard = setTimeout(() => this.child.kill('SIGKILL'), 5000)
      this.child.once('exit', () => {
        clearTimeout(hard)
        resolve()
      })
      this.child.kill('SIGTERM')
    })
  }
}

/** Whether the sandbox processed (and saved) a logged request, answered or not. */
function processed(entry) {
  const v = entry.verdict || ''
  return v === 'ok' || v === 'partial' || /\(applied: (ok|partial)\)/.test(v)
}

/** The items a logged request carried, as `{ key, item }` (wire formats of the three platforms). */
function itemsOf(entry) {
  const body = Buffer.from(entry.body_b64, 'base64').toString('utf8')
  if (entry.platform === 'flagship') {
    const args = JSON.parse(body)
    switch (entry.op) {
      case 'goods.Goods.batchPush':
        return args[0].map((g) => ({ key: g.goods_no, item: g }))
      case 'purchase.ProviderGoods.upload':
        return args[0].map((r) => ({ key: `${r.provider_no}/${r.spec_no}`, item: r }))
      case 'goods.ApiGoods.upload':
        return args[0].goods_list.map((r) => ({ key: `${args[0].shop_no}/${r.goods_id}/${r.spec_id}`, item: r }))
      default:
        return []
    }
  }
  if (entry.platform === 'ymcart') {
    const form = new URLSearchParams(body)
    const list = form.get('goods_res') ?? form.get('sku_res')
    return list === null ? [] : JSON.parse(list).map((x) => ({ key: x.codeno, item: x }))
  }
  return []
}

module.exports = { startSandbox, CREDENTIALS, processed, itemsOf }
