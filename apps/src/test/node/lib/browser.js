'use strict';
// Shared harness for the browser tests: launches Debian's Chromium through playwright-core,
// accepts the test server's self-signed certificate, records console errors and failed
// requests (a CSP violation shows up as a console error), and saves a screenshot of every page
// the flow names. A failed check throws; run() prints it with a last screenshot and exits 1, so
// the JUnit side (BrowserScripts) fails the test with this output.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

class CheckFailed extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
}

function checkEqual(actual, expected, what) {
  check(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/**
 * Runs flow({ page, context, browser, baseUrl, shot, step, consoleErrors }) in a fresh context.
 * shot(name) saves <screenshotDir>/<NN>-<name>.png (full page); step(name) logs progress.
 */
async function run(name, baseUrl, screenshotDir, flow) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  let counter = 0;
  const consoleErrors = [];
  let page;
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: baseUrl });
    context.setDefaultTimeout(15000);
    page = await context.newPage();
    page.on('console', (msg) => {
      // An error status the flow provokes on purpose is logged by Chromium as "Failed to load
      // resource"; the flow checks those statuses itself. Anything else (a CSP violation, a
      // script error, an invalid pattern attribute) fails the run.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource: the server responded with a status of')) {
        consoleErrors.push(msg.text());
      }
    });
    page.on('pageerror', (err) => consoleErrors.push('page error: ' + err.message));
    const shot = async (label) => {
      counter += 1;
      const file = path.join(screenshotDir, `${String(counter).padStart(2, '0')}-${label}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`screenshot ${file}`);
    };
    const step = (text) => console.log(`[${name}] ${text}`);
    await flow({ page, context, browser, baseUrl, shot, step, consoleErrors });
    check(consoleErrors.length === 0, 'the browser reported errors: ' + consoleErrors.join(' | '));
    console.log(`[${name}] passed`);
  } catch (e) {
    console.error(`[${name}] FAILED: ${e && e.stack ? e.stack : e}`);
    if (page) {
      console.error(`[${name}] at ${page.url()}`);
      try {
        await page.screenshot({ path: path.join(screenshotDir, 'failure.png'), fullPage: true });
      } catch (ignored) {
        // The page may be gone; the error above is what matters.
      }
    }
    if (consoleErrors.length > 0) {
      console.error(`[${name}] browser console errors: ${consoleErrors.join(' | ')}`);
    }
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

/** The security headers every page must carry (DESIGN §8). */
function checkSecurityHeaders(response, what) {
  const h = response.headers();
  const csp = h['content-security-policy'] || '';
  for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'",
    "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) {
    check(csp.includes(directive), `${what}: CSP lacks ${directive}: ${csp}`);
  }
  check(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), `${what}: CSP is unsafe: ${csp}`);
  const hsts = /max-age=(\d+)/.exec(h['strict-transport-security'] || '');
  check(hsts && Number(hsts[1]) >= 31536000, `${what}: HSTS missing or shorter than a year: ${h['strict-transport-security']}`);
  checkEqual(h['x-content-type-options'], 'nosniff', `${what}: X-Content-Type-Options`);
  checkEqual(h['referrer-policy'], 'no-referrer', `${what}: Referrer-Policy`);
}

module.exports = { run, check, checkEqual, checkSecurityHeaders, CheckFailed };
