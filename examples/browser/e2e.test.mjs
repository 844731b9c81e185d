// End to end in a real browser: Debian's headless Chromium driven by
// playwright-core serves and uses the example page.
//   node --test examples/browser/e2e.test.mjs   (after scripts/build-wasm.sh)
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
// playwright-core is a devDependency of the wasm package (bindings-wasm/package.json).
const { chromium } = createRequire(path.join(ROOT, 'bindings-wasm/package.json'))('playwright-core');
const ARTIFACTS = process.env.SKUWIRE_ARTIFACTS || path.join(ROOT, 'target/wasm/artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const goods = (i) => ({ goods_no: `P${String(i).padStart(3, '0')}`, goods_name: `货品${i}`, spec_list: [{ spec_no: `P${i}-1`, retail_price: '9.90' }] });

test('the goods form validates on input and previews a bulk plan', async (t) => {
  const server = await serve(0);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'skuwire-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 1200 },
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

  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  assert.match(await page.textContent('#status'), /goods\.Goods\.batchPush|货品/);
  // Field labels from skuwire's label table, not the page.
  assert.equal(await page.textContent('[data-label="goods_no"]'), '货品编号');
  assert.equal(await page.textContent('th[data-label="spec_list.spec_no"]'), '商家编码');

  const goodsNoError = page.locator('[data-error-for="goods_no"]');
  await page.fill('input[name="goods_name"]', '保温杯');
  await page.fill('input[data-loc="spec_list.0.spec_no"]', 'G001-RED');
  await page.fill('input[data-loc="spec_list.0.retail_price"]', '59.90');

  // A 41-character goods_no: the string_too_long message under that field.
  await page.locator('input[name="goods_no"]').pressSequentially('A'.repeat(41), { delay: 0 });
  await assertText(goodsNoError, '字符串长度不能超过40个字符');
  assert.equal(await page.locator('input[name="goods_no"]').getAttribute('class'), 'invalid');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'browser-goods-no-too-long.png') });
  // The same error in English.
  await page.click('#lang-en');
  assert.equal(await page.textContent('[data-label="goods_no"]'), 'Goods no.');
  await assertText(goodsNoError, 'String should have at most 40 characters');
  await page.click('#lang-zh');
  // Fix it: the message clears and the form is valid.
  await page.locator('input[name="goods_no"]').press('End');
  await page.locator('input[name="goods_no"]').press('Backspace');
  await assertText(goodsNoError, '');
  await assertText(page.locator('#form-summary'), '✓ 校验通过，可以保存');

  // Add a spec row with the same spec_no: duplicate_key next to that row; remove it: gone.
  await page.click('#add-spec');
  await page.fill('input[data-loc="spec_list.1.spec_no"]', 'G001-RED');
  await assertText(page.locator('[data-error-for="spec_list.1.spec_no"]'), /spec_no重复/);
  await page.locator('#spec-rows tr').nth(1).locator('.remove').click();
  assert.equal(await page.locator('#spec-rows tr').count(), 1);
  await assertText(page.locator('#form-summary'), '✓ 校验通过，可以保存');
  // A price with five decimals is refused, not rounded.
  await page.fill('input[data-loc="spec_list.0.retail_price"]', '59.90001');
  await assertText(page.locator('[data-error-for="spec_list.0.retail_price"]'), /小数部分不能超过4位/);
  await page.fill('input[data-loc="spec_list.0.retail_price"]', '59.9');

  // Paste 60 goods: the preview shows 2 calls (50 + 10).
  await page.fill('#bulk', JSON.stringify(Array.from({ length: 60 }, (_, i) => goods(i))));
  await assertText(page.locator('#preview .calls'), '60 个货品将分 2 次调用');
  assert.equal(await page.locator('#preview .calls').getAttribute('data-calls'), '2');
  const rows = await page.locator('#preview tr.batch').allTextContents();
  assert.equal(rows.length, 2);
  assert.match(rows[0], /^150 ?0–49/);
  assert.match(rows[1], /^210 ?50–59/);

  await page.screenshot({ path: path.join(ARTIFACTS, 'browser.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

async function assertText(locator, expected) {
  // The page re-renders on each input event: poll briefly for the text.
  const deadline = Date.now() + 5000;
  let got;
  for (;;) {
    got = (await locator.textContent()) ?? '';
    if (expected instanceof RegExp ? expected.test(got) : got === expected) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`expected ${expected}, got ${JSON.stringify(got)}`);
}
