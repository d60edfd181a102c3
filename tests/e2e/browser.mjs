// Shared browser set-up for the e2e tests (used by admin.test.mjs): Debian's
// Chromium through playwright-core, launched with the same flags as
// browse.test.mjs, and a page that records console errors, uncaught
// exceptions and failed responses (except the ones a test expects).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SHOTS = 'build';

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A 1280×860 Vietnamese page.  expected(status, method, url) says which
// failed responses the test provokes on purpose; anything else lands in
// problems, which the test checks at the end.
export async function openPage(browser, expected = () => false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'vi-VN' });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    // A failed request logs "Failed to load resource: … status of N"; those
    // are judged one by one in the response handler.
    if (m.type() === 'error' && !/status of \d{3}/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !expected(r.status(), r.request().method(), r.url())) {
      problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    }
  });
  return { context, page, problems };
}
