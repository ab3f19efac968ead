'use strict';
// The identity service's web UI in a real browser (issue 4): login with a wrong password, login,
// profile, TOTP enrolment (QR code; the code is computed here from the secret the page shows) and
// confirmation, logout, the two-step login with a wrong and then a right code, a user refused the
// admin pages, then an admin: accounts (create, grant a role), a CSRF-less POST refused, a service
// token shown once and revoked, a login policy rule and explain, the audit log with a filter.
// Security headers on every page; no browser console error anywhere (a CSP violation is one).
//
// usage: node identity-flow.js <baseUrl> <screenshotDir> <admin> <user> <password>
const crypto = require('crypto');
const { run, check, checkEqual, checkSecurityHeaders } = require('./lib/browser');

const [baseUrl, screenshotDir, adminUser, user, password] = process.argv.slice(2);
if (!password) {
  console.error('usage: node identity-flow.js <baseUrl> <screenshotDir> <admin> <user> <password>');
  process.exit(2);
}

const pathOf = (page) => new URL(page.url()).pathname;

async function submit(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

async function goto(page, path, what) {
  const response = await page.goto(path);
  checkSecurityHeaders(response, what);
  return response;
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of a base32 secret at time step `step`. */
function totp(secretBase32, step) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretBase32.replace(/=+$/, '')) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) {
    bytes.push(parseInt(bits.slice(i, i + 8), 2));
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(value).padStart(6, '0');
}

const stepNow = () => Math.floor(Date.now() / 1000 / 30);

async function login(page, username, pass) {
  await page.fill('#username', username);
  await page.fill('#password', pass);
  return submit(page, '#sign-in');
}

async function logout(page) {
  await submit(page, '#logout');
  checkEqual(pathOf(page), '/login', 'after logout');
}

run('identity', baseUrl, screenshotDir, async ({ page, context, shot, step }) => {
  step('the start page sends an anonymous browser to the login page');
  await goto(page, '/', 'start page');
  checkEqual(pathOf(page), '/login', 'start page');
  const session = (await context.cookies()).find((c) => c.name === '__Host-mcias_session');
  check(session && session.httpOnly && session.secure && session.sameSite === 'Strict',
    'session cookie must be __Host-, HttpOnly, Secure, SameSite=Strict');
  await shot('login');

  step('a wrong password is refused with the API\'s words');
  let response = await login(page, user, password + 'x');
  checkEqual(response.status(), 401, 'wrong password');
  checkEqual((await page.textContent('#login-error')).trim(), 'invalid credentials', 'login error');
  await shot('login-refused');

  step('login');
  response = await login(page, user, password);
  checkEqual(pathOf(page), '/profile', 'after login');
  checkSecurityHeaders(response, 'profile');
  checkEqual((await page.textContent('#profile-username')).trim(), user, 'profile username');
  check((await page.textContent('#token-expiry')).includes('UTC'), 'token expiry shown');
  check(await page.isVisible('#passkeys'), 'the passkeys section is on the profile');
  check(await page.isVisible('#no-passkeys'), 'no passkeys yet');
  await shot('profile');

  step('TOTP enrolment shows a QR code and the secret once');
  await page.fill('#totp_password', password);
  response = await submit(page, '#totp-enrol');
  checkEqual(response.status(), 200, 'enrol');
  check(await page.isVisible('svg#totp-qr'), 'QR code visible');
  const secret = (await page.textContent('#totp-secret')).trim();
  check(/^[A-Z2-7]{16,}$/.test(secret), 'base32 secret: ' + secret);
  await shot('totp-enrol');
  const confirmStep = stepNow();
  await page.fill('#code', totp(secret, confirmStep));
  await submit(page, '#totp-confirm');
  checkEqual(pathOf(page), '/profile', 'after confirming');
  check((await page.textContent('#totp-status')).includes('on'), 'TOTP on');
  await shot('totp-on');
  await logout(page);

  step('login now takes a password and then a code');
  response = await login(page, user, password);
  checkEqual(pathOf(page), '/login/totp', 'second step');
  checkEqual((await page.textContent('#pending-user')).trim(), user, 'pending user');
  check(!(await page.content()).includes(password), 'the password is not in the page');
  await shot('login-totp');
  // The code used to confirm may not be used again (replay): take the next step's code, which the
  // service accepts within its one step of skew.
  const loginStep = Math.max(stepNow(), confirmStep + 1);
  const right = totp(secret, loginStep);
  await page.fill('#code', right === '000000' ? '111111' : '000000');
  response = await submit(page, '#verify');
  checkEqual(response.status(), 401, 'wrong code');
  checkEqual((await page.textContent('#login-error')).trim(), 'invalid credentials', 'wrong code message');
  await shot('login-totp-refused');
  await page.fill('#code', right);
  await submit(page, '#verify');
  checkEqual(pathOf(page), '/profile', 'after the code');
  checkEqual((await page.textContent('#signed-in-as')).trim(), user, 'signed in');

  step('a user gets 403 on the admin pages');
  response = await page.goto('/admin/accounts');
  checkEqual(response.status(), 403, 'accounts page for a user');
  checkSecurityHeaders(response, '403 page');
  await shot('admin-forbidden');
  await goto(page, '/profile', 'profile');
  await logout(page);

  step('an admin creates an account');
  await login(page, adminUser, password);
  checkEqual(pathOf(page), '/profile', 'admin after login');
  await goto(page, '/admin/accounts', 'accounts');
  await shot('accounts');
  await page.fill('#username', 'dave');
  await page.selectOption('#account_type', 'human');
  await page.fill('#password', 'dave has a long password');
  await page.check('#role-user');
  response = await submit(page, '#create-account-submit');
  checkSecurityHeaders(response, 'account page');
  check(pathOf(page).startsWith('/admin/accounts/'), 'account page after create');
  checkEqual((await page.textContent('#account-username')).trim(), 'dave', 'created account');
  await page.selectOption('#role', 'guest');
  await submit(page, '#grant-role-submit');
  check((await page.textContent('#account-roles')).includes('guest'), 'role granted');
  await shot('account');

  step('a POST without the CSRF token is refused');
  let refused = await context.request.post('/admin/accounts', {
    form: { username: 'evil', account_type: 'human' }, maxRedirects: 0,
  });
  checkEqual(refused.status(), 403, 'CSRF-less POST with the session cookie');
  check((await refused.text()).includes('CSRF'), 'CSRF refusal message');
  refused = await context.request.post('/admin/accounts', {
    form: { username: 'evil', account_type: 'human', csrf_token: 'forged' }, maxRedirects: 0,
  });
  checkEqual(refused.status(), 403, 'POST with a forged CSRF token');
  await goto(page, '/admin/accounts', 'accounts');
  check(!(await page.textContent('#accounts')).includes('evil'), 'the refused POST created an account');

  step('a service token is shown once');
  await page.fill('#username', 'deploy-bot');
  await page.selectOption('#account_type', 'system');
  await submit(page, '#create-account-submit');
  const botPage = pathOf(page);
  await page.fill('#ttl', '720h');
  response = await submit(page, '#issue-token-submit');
  checkEqual(response.status(), 200, 'issue');
  const token = (await page.inputValue('#issued-token')).trim();
  const jti = (await page.textContent('#issued-jti')).trim();
  check(token.split('.').length === 3, 'a JWS was shown');
  await shot('token-issued');
  await goto(page, botPage, 'bot account');
  check((await page.textContent('#tokens')).includes(jti), 'token listed by jti');
  check(!(await page.content()).includes(token), 'the token is shown only once');
  await goto(page, '/admin/tokens', 'tokens');
  await shot('tokens');
  await page.fill('#jti', jti);
  await page.fill('#reason', 'browser test');
  await submit(page, '#revoke-token-submit');
  check((await page.textContent('main')).includes('revoked'), 'revoked message');
  const validation = await context.request.post('/v1/token/validate', { data: { token } });
  checkEqual((await validation.json()).valid, false, 'the revoked token validates');

  step('login policy: a rule and explain');
  await goto(page, '/admin/policy', 'policy');
  await page.fill('#rule-id', 'no-guests');
  await page.fill('#priority', '10');
  await page.selectOption('#effect', 'deny');
  await page.fill('#rule-roles', 'guest');
  await submit(page, '#create-rule-submit');
  check((await page.textContent('#rules')).includes('no-guests'), 'rule listed');
  await page.fill('#x-username', 'dave');
  await page.fill('#x-roles', 'user, guest');
  const [explained] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/admin/policy/explain')),
    page.click('#explain-submit'),
  ]);
  checkEqual(explained.status(), 200, 'explain');
  check(explained.request().headers()['x-csrf-token'], 'htmx sent the CSRF header');
  await page.waitForSelector('#explanation');
  checkEqual((await page.textContent('#decision')).trim(), 'deny', 'decision');
  checkEqual((await page.textContent('#matched-rule')).trim(), 'no-guests', 'matched rule');
  await shot('policy-explain');

  step('audit log with a filter');
  await goto(page, '/admin/audit', 'audit');
  await shot('audit');
  await page.selectOption('#type', 'login_failure');
  await submit(page, '#audit-submit');
  const events = await page.textContent('#events');
  check(events.includes('login_failure') && !events.includes('login_success'), 'filtered events');
  await shot('audit-filtered');
  await goto(page, '/profile', 'profile');
  await logout(page);
  await shot('logged-out');
});
