'use strict';
// The crypto service's web UI in a real browser (issue 4): init → login → mount → seal → unseal →
// create a transit key → encrypt → decrypt → rotate → ACL rule + explain → logout → seal, with
// the refusals along the way (mismatched init passwords, wrong login and seal passwords, a
// CSRF-less POST), the security headers of every page, the session cookie's attributes, and no
// browser console error anywhere (a CSP violation would be one).
//
// usage: node crypto-flow.js <baseUrl> <screenshotDir> <adminUser> <adminPassword> <sealPassword>
const { run, check, checkEqual, checkSecurityHeaders } = require('./lib/browser');

const [baseUrl, screenshotDir, adminUser, adminPassword, sealPassword] = process.argv.slice(2);
if (!sealPassword) {
  console.error('usage: node crypto-flow.js <baseUrl> <screenshotDir> <adminUser> <adminPassword> <sealPassword>');
  process.exit(2);
}

const pathOf = (page) => new URL(page.url()).pathname;

/** Clicks a classic (non-htmx) submit button and returns the navigation's final response. */
async function submit(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

run('crypto', baseUrl, screenshotDir, async ({ page, context, shot, step }) => {
  step('a fresh service sends the browser to /init');
  let response = await page.goto('/');
  checkEqual(pathOf(page), '/init', 'start page of an uninitialized service');
  checkSecurityHeaders(response, 'init page');
  await shot('init');

  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === '__Host-metacrypt_session');
  check(session, 'no session cookie: ' + JSON.stringify(cookies.map((c) => c.name)));
  check(session.httpOnly && session.secure, 'session cookie must be HttpOnly and Secure');
  checkEqual(session.sameSite, 'Strict', 'session cookie SameSite');
  checkEqual(session.path, '/', 'session cookie path');
  check(/^[A-Za-z0-9_-]{43}$/.test(session.value), 'session id is not 256 random bits');

  step('init refuses two different passwords');
  await page.fill('#password', sealPassword);
  await page.fill('#confirm', sealPassword + '!');
  response = await submit(page, '#init-form button[type=submit]');
  checkEqual(response.status(), 400, 'mismatched init');
  check((await page.textContent('#form-error')).includes('do not match'), 'mismatch message');
  await shot('init-mismatch');

  step('init');
  await page.fill('#password', sealPassword);
  await page.fill('#confirm', sealPassword);
  response = await submit(page, '#init-form button[type=submit]');
  checkEqual(pathOf(page), '/login', 'after init');
  checkSecurityHeaders(response, 'login page');
  check((await page.textContent('main')).includes('Initialized and unsealed'), 'init message');
  await shot('login');

  step('a wrong password is refused');
  await page.fill('#username', adminUser);
  await page.fill('#password', adminPassword + 'x');
  response = await submit(page, '#login-form button[type=submit]');
  checkEqual(response.status(), 401, 'wrong login');
  check(await page.isVisible('#form-error'), 'login error shown');
  await shot('login-refused');

  step('login');
  await page.fill('#password', adminPassword);
  response = await submit(page, '#login-form button[type=submit]');
  checkEqual(pathOf(page), '/dashboard', 'after login');
  checkSecurityHeaders(response, 'dashboard');
  checkEqual(await page.textContent('#signed-in-as'), adminUser, 'signed-in user');
  checkEqual(await page.textContent('#state'), 'unsealed', 'state');
  const after = (await context.cookies()).find((c) => c.name === '__Host-metacrypt_session');
  check(after && after.value !== session.value, 'login must start a new session id');
  const html = await page.content();
  check(!html.includes(adminPassword), 'the password is on the page');
  check(!/eyJ[A-Za-z0-9_-]{10,}\./.test(html), 'a token is on the page');
  await shot('dashboard');

  step('mount a transit engine (htmx form)');
  await page.fill('#mount-name', 'transit');
  await page.selectOption('#mount-type', 'transit');
  await Promise.all([
    page.waitForURL('**/dashboard'),
    page.click('#mount-form button[type=submit]'),
  ]);
  await page.waitForSelector('#mounts tr[data-mount="transit"]');
  check((await page.textContent('main')).includes('Mounted a transit engine at transit'), 'mount message');
  await shot('mounted');

  step('a POST without the CSRF token is refused');
  let refused = await context.request.post('/mounts', {
    form: { name: 'evil', type: 'transit' }, maxRedirects: 0,
  });
  checkEqual(refused.status(), 403, 'CSRF-less POST with the session cookie');
  check((await refused.text()).includes('CSRF'), 'CSRF refusal message');
  refused = await context.request.post('/mounts', {
    form: { name: 'evil', type: 'transit', csrf_token: 'forged' }, maxRedirects: 0,
  });
  checkEqual(refused.status(), 403, 'POST with a forged CSRF token');
  refused = await context.request.post('/seal', {
    headers: { 'HX-Request': 'true', 'X-CSRF-Token': 'forged' }, maxRedirects: 0,
  });
  checkEqual(refused.status(), 403, 'htmx POST with a forged CSRF header');
  response = await page.goto('/dashboard');
  check(!(await page.isVisible('#mounts tr[data-mount="evil"]')), 'the refused POST mounted something');
  checkEqual(await page.textContent('#state'), 'unsealed', 'the refused seal sealed');

  step('seal');
  response = await submit(page, '#seal');
  checkEqual(pathOf(page), '/unseal', 'after seal');
  checkEqual(await page.textContent('#state'), 'sealed', 'state after seal');
  await shot('sealed');

  step('while sealed, a page shows the unseal form');
  response = await page.goto('/transit/transit');
  checkEqual(response.status(), 503, 'a page while sealed');
  check(await page.isVisible('#unseal-form'), 'unseal form instead of the page');
  checkSecurityHeaders(response, 'sealed page');

  step('a wrong seal password is refused');
  await page.fill('#password', 'not the seal password');
  response = await submit(page, '#unseal-form button[type=submit]');
  checkEqual(response.status(), 401, 'wrong unseal');
  check((await page.textContent('#form-error')).includes('invalid password'), 'unseal error');
  await shot('unseal-refused');

  step('unseal');
  await page.fill('#password', sealPassword);
  response = await submit(page, '#unseal-form button[type=submit]');
  checkEqual(pathOf(page), '/dashboard', 'after unseal (still signed in)');
  check((await page.textContent('main')).includes('Unsealed.'), 'unseal message');

  step('transit page');
  response = await submit(page, '#mounts a[href="/transit/transit"]');
  checkEqual(pathOf(page), '/transit/transit', 'transit page');
  checkSecurityHeaders(response, 'transit page');
  await shot('transit');

  step('create a key');
  await page.fill('#key-name', 'web-key');
  await page.selectOption('#key-type', 'aes256-gcm');
  await Promise.all([page.waitForURL('**/transit/transit'), page.click('#create-key-form button[type=submit]')]);
  await page.waitForSelector('#keys tr[data-key="web-key"]');
  checkEqual((await page.textContent('#keys tr[data-key="web-key"] .version')).trim(), '1', 'new key version');
  await shot('key-created');

  step('encrypt (htmx: the page stays, the result is swapped in)');
  const plaintext = 'hello from the browser — ünïcödé ✓ <b>not bold</b>';
  await page.fill('#encrypt-key', 'web-key');
  await page.fill('#encrypt-plaintext', plaintext);
  const [encryptResponse] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/transit/transit/encrypt')),
    page.click('#encrypt-form button[type=submit]'),
  ]);
  checkEqual(encryptResponse.status(), 200, 'encrypt');
  checkEqual(encryptResponse.request().headers()['hx-request'], 'true', 'encrypt sent by htmx');
  check(encryptResponse.request().headers()['x-csrf-token'], 'htmx sent the CSRF header');
  await page.waitForSelector('#ciphertext-out');
  const ciphertext = (await page.textContent('#ciphertext-out')).trim();
  check(/^metacrypt:v1:[A-Za-z0-9+/=]+$/.test(ciphertext), 'ciphertext form: ' + ciphertext);
  checkEqual(pathOf(page), '/transit/transit', 'still on the transit page');
  await shot('encrypted');

  step('decrypt: the plaintext comes back');
  await page.fill('#decrypt-key', 'web-key');
  await page.fill('#decrypt-ciphertext', ciphertext);
  await page.click('#decrypt-form button[type=submit]');
  await page.waitForSelector('#plaintext-out');
  checkEqual(await page.textContent('#plaintext-out'), plaintext, 'decrypted plaintext');
  check(!(await page.isVisible('#decrypt-result b')), 'plaintext must be escaped, not markup');
  await shot('decrypted');

  step('a bad ciphertext shows the error in place');
  await page.fill('#decrypt-ciphertext', 'metacrypt:v1:AAAA');
  await page.click('#decrypt-form button[type=submit]');
  await page.waitForSelector('#decrypt-result .message.error');
  check((await page.textContent('#decrypt-result')).includes('could not be decrypted'),
    'decrypt error: ' + (await page.textContent('#decrypt-result')));
  await shot('decrypt-refused');

  step('rotate');
  await Promise.all([page.waitForURL('**/transit/transit'),
    page.click('#keys tr[data-key="web-key"] button[type=submit]')]);
  await page.waitForSelector('text=Rotated key web-key to version 2');
  checkEqual((await page.textContent('#keys tr[data-key="web-key"] .version')).trim(), '2', 'rotated version');
  await page.fill('#decrypt-key', 'web-key');
  await page.fill('#decrypt-ciphertext', ciphertext);
  await page.click('#decrypt-form button[type=submit]');
  await page.waitForSelector('#plaintext-out');
  checkEqual(await page.textContent('#plaintext-out'), plaintext, 'v1 ciphertext after rotation');

  step('ACL rules and explain');
  response = await page.goto('/policy');
  checkSecurityHeaders(response, 'policy page');
  await page.fill('#rule-id', 'alice-encrypts');
  await page.fill('#rule-priority', '10');
  await page.fill('#rule-usernames', 'alice');
  await page.fill('#rule-mounts', 'transit');
  await page.fill('#rule-actions', 'encrypt, decrypt');
  await Promise.all([page.waitForURL('**/policy'), page.click('#create-rule-form button[type=submit]')]);
  await page.waitForSelector('#rules tr[data-rule="alice-encrypts"]');
  await page.fill('#explain-username', 'alice');
  await page.fill('#explain-roles', 'user');
  await page.fill('#explain-mount', 'transit');
  await page.fill('#explain-action', 'encrypt');
  await page.click('#explain-form button[type=submit]');
  await page.waitForSelector('#decision');
  checkEqual(await page.textContent('#decision'), 'allow', 'explain decision');
  checkEqual(await page.textContent('#explain-rule'), 'alice-encrypts', 'explain rule');
  await shot('policy');
  await page.fill('#explain-action', 'rotate-key');
  await page.click('#explain-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#decision')?.textContent === 'deny');
  page.once('dialog', (dialog) => dialog.accept());
  await Promise.all([page.waitForURL('**/policy'),
    page.click('#rules tr[data-rule="alice-encrypts"] button[type=submit]')]);
  await page.waitForSelector('text=Deleted rule alice-encrypts');
  check(!(await page.isVisible('#rules tr[data-rule="alice-encrypts"]')), 'rule deleted');

  step('an unknown page is a 404 page');
  response = await page.goto('/no/such/page');
  checkEqual(response.status(), 404, 'unknown page');
  check((await page.textContent('#error-message')).includes('page not found'), '404 message');
  checkSecurityHeaders(response, '404 page');
  await shot('not-found');

  step('logout ends the session');
  await page.goto('/dashboard');
  const signedIn = (await context.cookies()).find((c) => c.name === '__Host-metacrypt_session');
  response = await submit(page, '#logout');
  checkEqual(pathOf(page), '/login', 'after logout');
  check(!(await page.isVisible('#signed-in-as')), 'still shown as signed in');
  await context.addCookies([{ ...signedIn }]); // a copied cookie is worthless after logout
  await page.goto('/dashboard');
  checkEqual(pathOf(page), '/login', 'the old session cookie after logout');
  await shot('logged-out');

  step('log in again and seal: the unseal form is shown');
  await page.fill('#username', adminUser);
  await page.fill('#password', adminPassword);
  await submit(page, '#login-form button[type=submit]');
  checkEqual(pathOf(page), '/dashboard', 'second login');
  await submit(page, '#seal');
  checkEqual(pathOf(page), '/unseal', 'after the final seal');
  check(await page.isVisible('#unseal-form'), 'unseal form after seal');
  checkEqual(await page.textContent('#state'), 'sealed', 'final state');
  await shot('final-sealed');
});
