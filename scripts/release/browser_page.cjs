'use strict'
// Opens <dir>/index.html in headless Chromium (Debian's, driven by
// playwright-core) from a local static server, and prints the page's
// document.body.dataset.result once its module script has set it.
//   node browser_page.cjs <playwright-core dir> <dir>
const http = require('node:http')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const [playwrightDir, dir] = process.argv.slice(2)
const { chromium } = require(playwrightDir)
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' }

const server = http.createServer((req, res) => {
  const file = path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname))
  if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' })
  fs.createReadStream(file).pipe(res)
})

async function main() {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'skuwire-chromium-'))
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
  try {
    const page = await browser.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(String(e)))
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`)
    await page.waitForFunction(() => document.body && document.body.dataset.result, null, { timeout: 30000 })
      .catch((e) => { throw new Error(`${e.message}; page errors: ${errors.join('; ')}`) })
    process.stdout.write(await page.evaluate(() => document.body.dataset.result) + '\n')
  } finally {
    await browser.close()
    server.close()
    fs.rmSync(profile, { recursive: true, force: true })
  }
}
main().catch((e) => { console.error(e); process.exit(1) })
