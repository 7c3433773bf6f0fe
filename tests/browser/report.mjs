// report.mjs: renders an HTML report of `unscripted report` in headless
// Chromium (Debian's /usr/bin/chromium, driven by playwright-core) at a
// phone's size, and checks what a person would see: every chart's SVG is
// there and drawn, the first screen says whose messages these are, the page
// fits the screen's width, nothing is fetched from the network, and the
// console shows no error. Saves a full-page screenshot.
//
// usage: node report.mjs REPORT.html SCREENSHOT.png
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [htmlPath, shotPath] = process.argv.slice(2);
if (!htmlPath || !shotPath) {
  console.error('usage: node report.mjs REPORT.html SCREENSHOT.png');
  process.exit(2);
}
const CHARTS = ['ratio', 'categories', 'bids', 'timeline', 'pronouns', 'emotions'];

const failures = [];
const fail = (msg) => failures.push(msg);

// A fresh profile each run, so nothing of an earlier run (or of a person's
// own browser) is read; Playwright takes it as launchPersistentContext's
// directory rather than as a --user-data-dir argument.
const profile = mkdtempSync(join(tmpdir(), 'us-browser-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = context.pages()[0] || (await context.newPage());
  page.on('console', (m) => { if (m.type() === 'error') fail(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  // The report is one file: any request other than the page itself is an
  // external asset, which it must not have.
  const url = pathToFileURL(resolve(htmlPath)).href;
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    fail(`external request: ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });

  // The first screen: whose messages, and for whom the report is.
  const cover = await page.locator('#whose').boundingBox();
  if (!cover || cover.y > 844) fail('the "whose messages" section is not on the first screen');
  const coverText = await page.locator('#whose').innerText();
  for (const s of ['This report holds the messages of', 'words are in it', 'chose to show it to']) {
    if (!coverText.includes(s)) fail(`first screen lacks "${s}"`);
  }

  for (const name of CHARTS) {
    const svg = page.locator(`svg.chart[data-chart="${name}"]`);
    const n = await svg.count();
    if (n !== 1) { fail(`chart ${name}: ${n} SVGs, wanted 1`); continue; }
    const box = await svg.boundingBox();
    if (!box || box.width < 200 || box.height < 40) fail(`chart ${name}: drawn ${JSON.stringify(box)}`);
    const marks = await svg.locator('rect, polyline, circle, text').count();
    if (marks === 0) fail(`chart ${name}: nothing drawn in it`);
    if (box && box.x + box.width > 390 + 1) fail(`chart ${name} is wider than the screen`);
  }
  const total = await page.locator('svg.chart').count();
  if (total !== CHARTS.length) fail(`${total} charts, wanted ${CHARTS.length}`);

  // Readable on a phone: no sideways scrolling of the page itself.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) fail(`the page is ${overflow}px wider than a phone's screen`);

  await page.screenshot({ path: shotPath, fullPage: true });
} catch (e) {
  fail(`browser: ${e.message}`);
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}

if (failures.length) {
  for (const f of failures) console.error(`FAIL: ${f}`);
  process.exit(1);
}
console.log(`ok: ${CHARTS.length} charts, no console error; screenshot ${shotPath}`);
