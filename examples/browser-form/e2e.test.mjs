// A real form library in a real browser: the example (TanStack Form's
// framework-free form-core + skuwire's Standard Schema and labels) is
// bundled with esbuild and driven in Debian's headless Chromium through
// playwright-core. Run after scripts/build-wasm.sh:
//   node --test examples/browser-form/e2e.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const { chromium } = createRequire(path.join(ROOT, 'bindings-wasm/package.json'))('playwright-core');
const ARTIFACTS = process.env.SKUWIRE_ARTIFACTS || path.join(ROOT, 'target/wasm/artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

function serve() {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(req.url.split('?')[0]).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(here, rel);
    if (!file.startsWith(here + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile() || file.includes(`${path.sep}node_modules${path.sep}`)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function text(locator, expected) {
  // Wait for the form library to settle, then compare.
  for (let i = 0; i < 50 && !(await locator.textContent()).includes(expected); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok((await locator.textContent()).includes(expected), `${await locator.textContent()} should include ${expected}`);
}

async function empty(locator) {
  for (let i = 0; i < 50 && (await locator.textContent()) !== ''; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await locator.textContent(), '');
}

test('a goods form on TanStack Form with skuwire\'s Standard Schema, in Chromium', async (t) => {
  const result = await build();
  assert.deepEqual(result.errors, []);
  const server = await serve();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'skuwire-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 900, height: 900 },
  });
  t.after(async () => {
    await context.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 }).catch((e) => {
    throw new Error(`${e.message}\n${problems.join('\n')}`);
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  // Labels from the core's table, not from the page.
  assert.equal(await page.textContent('label[for="goods_no"]'), '货品编号');
  assert.equal(await page.textContent('th[data-label="spec_list.spec_no"]'), '商家编码');

  // 41 characters: the core's string_too_long, through the form library, under the field.
  const goodsNo = page.locator('#goods_no');
  const goodsNoError = page.locator('[data-error-for="goods_no"]');
  await goodsNo.pressSequentially('A'.repeat(41), { delay: 0 });
  await text(goodsNoError, '字符串长度不能超过40个字符');
  assert.match(await goodsNo.getAttribute('class'), /invalid/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'form-goods-no-too-long.png') });
  await goodsNo.fill('G001');
  await empty(goodsNoError);

  // The decimal rule: never rounded.
  const price = page.locator('[data-name="spec_list[0].retail_price"]');
  const priceError = page.locator('[data-error-for="spec_list[0].retail_price"]');
  await price.fill('1.23456');
  await text(priceError, '小数部分不能超过4位');

  // English: labels and the message.
  await page.click('#lang-en');
  assert.equal(await page.textContent('label[for="goods_no"]'), 'Goods no.');
  assert.equal(await page.textContent('th[data-label="spec_list.retail_price"]'), 'Retail price');
  await text(priceError, 'Decimal should have at most 4 decimal places');
  await page.screenshot({ path: path.join(ARTIFACTS, 'form-decimal-en.png') });

  // A second spec with the same merchant code: the core's uniqueness rule.
  await page.locator('#goods_name').fill('保温杯');
  await page.locator('[data-name="spec_list[0].spec_no"]').fill('G001-RED');
  await price.fill('59.90');
  await empty(priceError);
  await page.click('#add-spec');
  await page.locator('[data-name="spec_list[1].spec_no"]').fill('G001-RED');
  await text(page.locator('[data-error-for="spec_list[1].spec_no"]'), 'G001-RED');
  await page.locator('[data-name="spec_list[1].spec_no"]').fill('G001-BLUE');
  await empty(page.locator('[data-error-for="spec_list[1].spec_no"]'));

  // Submit: the item as it will be sent; inputs left empty are left out.
  await page.click('#submit');
  await page.waitForFunction(() => document.querySelector('#out').textContent !== '');
  const sent = JSON.parse(await page.textContent('#out'));
  assert.deepEqual(sent, { goods_no: 'G001', goods_name: '保温杯', spec_list: [{ spec_no: 'G001-RED', retail_price: '59.90' }, { spec_no: 'G001-BLUE' }] });
  await page.screenshot({ path: path.join(ARTIFACTS, 'form-submitted.png') });
  assert.deepEqual(problems, []);
});
