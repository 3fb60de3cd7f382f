// drive.js PAGE.html SHOT.png [EXPR] - open a page in Debian's chromium
// (headless, through puppeteer-core), wait until it sets window.__result (or
// 20 s) -- or, given EXPR, evaluate it once the page has loaded --, save a
// screenshot and print the result as JSON.  Exit 1 if the page
// logged a console error, threw, failed a request, or never finished.
const puppeteer = require('puppeteer-core');
const path = require('path');
(async () => {
  const [page_path, shot, expr] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
           '--disable-dev-shm-usage', '--allow-file-access-from-files'],
  });
  const errors = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 900 });
    page.on('console', m => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    page.on('pageerror', e => errors.push('page error: ' + e.message));
    page.on('requestfailed', r => errors.push('request failed: ' + r.url()));
    page.on('request', r => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) errors.push('network request: ' + r.url()); });
    await page.goto('file://' + path.resolve(page_path), { waitUntil: 'load', timeout: 30000 });
    let result;
    if (expr) result = await page.evaluate(expr);
    else {
      await page.waitForFunction('window.__result !== undefined', { timeout: 20000 });
      result = await page.evaluate(() => window.__result);
    }
    if (process.env.SCROLL_TO) await page.evaluate(sel => document.querySelector(sel).scrollIntoView(), process.env.SCROLL_TO);
    if (process.env.VIEWPORT) {
      const [w, h] = process.env.VIEWPORT.split('x').map(Number);
      await page.setViewport({ width: w, height: h });
    }
    await page.screenshot({ path: shot, fullPage: false });
    console.log(JSON.stringify(result));
  } catch (e) {
    errors.push('driver: ' + e.message);
  } finally {
    await browser.close();
  }
  if (errors.length) { console.error(errors.join('\n')); process.exit(1); }
})();
