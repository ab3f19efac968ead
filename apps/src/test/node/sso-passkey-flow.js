'use strict';
// Single sign-on and passkeys in a real browser (issue 4):
//  1. crypto /login → "Sign in with MCIAS" → identity /sso/authorize → password → back on the
//     crypto dashboard, signed in (the state cookie's attributes checked on the way);
//  2. an unregistered redirect_uri is an error page on the identity service, never a redirect;
//  3. a passkey registered on the identity profile page with Chromium's virtual authenticator,
//     then used to sign in after logging out.
//
// usage: node sso-passkey-flow.js <cryptoUrl> <screenshotDir> <identityUrl> <user> <password>
const { run, check, checkEqual, checkSecurityHeaders } = require('./lib/browser');

const [cryptoUrl, screenshotDir, identityUrl, user, password] = process.argv.slice(2);
if (!password) {
  console.error('usage: node sso-passkey-flow.js <cryptoUrl> <screenshotDir> <identityUrl> <user> <password>');
  process.exit(2);
}

const pathOf = (page) => new URL(page.url()).pathname;
const originOf = (page) => new URL(page.url()).origin;

run('sso-passkey', cryptoUrl, screenshotDir, async ({ page, context, shot, step }) => {
  step('the crypto login page offers "Sign in with MCIAS"');
  let response = await page.goto('/login');
  checkSecurityHeaders(response, 'crypto login');
  check(await page.isVisible('#sso-login'), 'no SSO button on the crypto login page');
  await shot('crypto-login');

  step('the button goes to the identity service with state and PKCE');
  await Promise.all([page.waitForURL((u) => u.pathname === '/sso/authorize'), page.click('#sso-login')]);
  checkEqual(originOf(page), identityUrl, 'authorize page origin');
  const authorizeUrl = new URL(page.url());
  checkEqual(authorizeUrl.searchParams.get('client_id'), 'metacrypt', 'client_id');
  checkEqual(authorizeUrl.searchParams.get('code_challenge_method'), 'S256', 'PKCE method');
  check(/^[A-Za-z0-9_-]{43}$/.test(authorizeUrl.searchParams.get('state') || ''), 'state is not 256 random bits');
  const stateCookie = (await context.cookies(cryptoUrl)).find((c) => c.name === '__Host-metacrypt_sso_state');
  check(stateCookie, 'no state cookie');
  check(stateCookie.secure && stateCookie.httpOnly, 'state cookie must be Secure and HttpOnly');
  checkEqual(stateCookie.sameSite, 'Lax', 'state cookie SameSite');
  checkEqual(stateCookie.value, authorizeUrl.searchParams.get('state'), 'state cookie value');
  await shot('identity-authorize');

  step('a wrong password stays on the identity page');
  await page.fill('#username', user);
  await page.fill('#password', password + 'x');
  [response] = await Promise.all([page.waitForNavigation(), page.click('#login-form button[type=submit]')]);
  checkEqual(response.status(), 401, 'wrong password');
  checkEqual(originOf(page), identityUrl, 'still on the identity service');
  await shot('identity-authorize-refused');

  step('signing in returns to the crypto dashboard, signed in');
  await page.fill('#username', user);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL((u) => u.origin === cryptoUrl && u.pathname === '/dashboard', { timeout: 15000 }),
    page.click('#login-form button[type=submit]'),
  ]);
  checkEqual((await page.textContent('#signed-in-as')).trim(), user, 'signed in on the crypto service');
  check(!(await context.cookies(cryptoUrl)).some((c) => c.name === '__Host-metacrypt_sso_state'),
    'the state cookie must be cleared after the callback');
  await shot('crypto-dashboard-after-sso');

  step('a replayed callback is refused');
  response = await page.goto('/sso/callback?code=abc&state=' + authorizeUrl.searchParams.get('state'));
  checkEqual(response.status(), 400, 'replayed callback');
  await shot('callback-replay-refused');

  step('an unregistered redirect_uri is an error page, not a redirect');
  response = await page.goto(identityUrl + '/sso/authorize?response_type=code&client_id=metacrypt'
    + '&redirect_uri=' + encodeURIComponent('https://evil.example/sso/callback') + '&state=x');
  checkEqual(response.status(), 400, 'unregistered redirect_uri');
  checkEqual(originOf(page), identityUrl, 'no redirect');
  check((await page.textContent('#sso-error')).includes('not registered'), 'error text');
  await shot('identity-unregistered-redirect');

  step('register a passkey on the identity profile page (virtual authenticator)');
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  response = await page.goto(identityUrl + '/profile');
  checkEqual(pathOf(page), '/profile', 'signed in on the identity service by the SSO sign-in');
  checkSecurityHeaders(response, 'profile');
  check(await page.isVisible('#no-passkeys'), 'no passkeys yet');
  await page.fill('#passkey-name', 'virtual key');
  await Promise.all([page.waitForNavigation(), page.click('#passkey-register')]);
  checkEqual(pathOf(page), '/profile', 'back on the profile');
  checkEqual((await page.textContent('.passkey-name')).trim(), 'virtual key', 'the passkey is listed');
  await shot('profile-with-passkey');

  step('log out, then sign in with the passkey (no username: a discoverable credential)');
  await Promise.all([page.waitForNavigation(), page.click('#logout')]);
  checkEqual(pathOf(page), '/login', 'after logout');
  await shot('identity-login');
  await Promise.all([page.waitForURL((u) => u.pathname === '/profile'), page.click('#passkey-login')]);
  checkEqual((await page.textContent('#signed-in-as')).trim(), user, 'signed in with the passkey');
  check(!(await page.textContent('main')).includes('never'), 'last use recorded');
  await shot('profile-after-passkey-login');
});
