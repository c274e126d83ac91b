// A panic inside the WebAssembly app must show a recoverable Japanese error, not a dead page:
// the banner says what happened and offers a reload, settings survive, and the reloaded page
// works again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite } from './harness.mjs';

const s = suite();

test('a panic shows the recoverable error banner and a reload brings the page back', async () => {
  const context = await s.browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(s.server.base + '/');
  await page.waitForSelector('[data-hook=summary] [data-count]');
  await page.fill('[data-setting="as-of"]', '2016-07-15');
  await page.dispatchEvent('[data-setting="as-of"]', 'change');

  assert.equal(await page.isVisible('#fatal'), false, 'no banner before the panic');
  // A build with the test-hooks feature (tests/browser/run.sh; never the shipped page) exports
  // a deliberate panic for exactly this test.
  const hooked = await page.evaluate(async () => {
    const mod = await import(document.getElementById('shinchoku-start').dataset.js);
    if (typeof mod.panic_for_test !== 'function') return false;
    try { mod.panic_for_test(); } catch { /* the trap after the hook */ }
    return true;
  });
  assert.ok(hooked, 'the page is built with --features test-hooks (SHINCHOKU_DIST, see run.sh)');
  await page.waitForSelector('#fatal', { state: 'visible' });
  const banner = await page.textContent('#fatal');
  assert.match(banner, /予期しないエラーが発生しました/);
  assert.match(banner, /再読み込み/);
  assert.match(banner, /送信されていません/);

  await page.click('#fatal a');
  await page.waitForSelector('[data-hook=summary] [data-count]');
  assert.equal(await page.isVisible('#fatal'), false, 'the reloaded page works');
  assert.equal(await page.inputValue('[data-setting="as-of"]'), '2016-07-15', 'settings survive the reload');
  await page.click('text=サンプルを読み込む');
  await page.waitForSelector('[data-status="plan_overrun"][data-organization="Ｂ市"]');
  await context.close();
});
