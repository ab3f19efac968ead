'use strict';
// The master's read-only fleet page in a real browser (issue 13): no session → the login form;
// login over HTTPS for the master's audience → the fleet (the nodes, the deployed service with its
// component and port, its events) → the service's own page → logout. Checks the security headers
// of every page, the session cookie's attributes, that the fleet page has no form besides logout,
// and no browser console error anywhere (a CSP violation would be one).
//
// usage: node fleet-flow.js <baseUrl> <screenshotDir> <adminUser> <adminPassword> <node> <service>
const { run, check, checkEqual, checkSecurityHeaders } = require('./lib/browser');

const [baseUrl, screenshotDir, adminUser, adminPassword, node, service] = process.argv.slice(2);
if (!service) {
  console.error('usage: node fleet-flow.js <baseUrl> <screenshotDir> <adminUser> <adminPassword> <node> <service>');
  process.exit(2);
}

const pathOf = (page) => new URL(page.url()).pathname;

async function submit(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

run('fleet', baseUrl, screenshotDir, async ({ page, context, shot, step }) => {
  step('without a session the fleet page sends the browser to /login');
  let response = await page.goto('/fleet');
  checkEqual(pathOf(page), '/login', 'fleet page without a session');
  checkSecurityHeaders(response, 'login page');
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === '__Host-mcp_session');
  check(session, 'no session cookie: ' + JSON.stringify(cookies.map((c) => c.name)));
  check(session.httpOnly && session.secure, 'session cookie must be HttpOnly and Secure');
  checkEqual(session.sameSite, 'Strict', 'session cookie SameSite');
  await shot('login');

  step('a wrong password is refused');
  await page.fill('#username', adminUser);
  await page.fill('#password', adminPassword + 'x');
  response = await submit(page, '#login-form button[type=submit]');
  checkEqual(response.status(), 401, 'wrong login');
  check(await page.isVisible('#form-error'), 'login error shown');

  step('login');
  await page.fill('#password', adminPassword);
  response = await submit(page, '#login-form button[type=submit]');
  checkEqual(pathOf(page), '/fleet', 'after login');
  checkSecurityHeaders(response, 'fleet page');
  checkEqual(await page.textContent('#signed-in-as'), adminUser, 'signed-in user');
  const after = (await context.cookies()).find((c) => c.name === '__Host-mcp_session');
  check(after && after.value !== session.value, 'login must start a new session id');
  const html = await page.content();
  check(!html.includes(adminPassword), 'the password is on the page');
  check(!/eyJ[A-Za-z0-9_-]{10,}\./.test(html), 'a token is on the page');

  step('the fleet: nodes, services, events');
  const nodeRow = await page.textContent(`#nodes tr[data-node="${node}"]`);
  check(nodeRow.includes('healthy'), `node ${node} is not healthy: ${nodeRow}`);
  const serviceRow = await page.textContent(`#services tr[data-service="${service}"]`);
  check(serviceRow.includes('running'), `service ${service} is not running: ${serviceRow}`);
  check(serviceRow.includes(node), `service ${service} is not on ${node}: ${serviceRow}`);
  check(/8080 → \d+ \(l4\)/.test(serviceRow), `no port on the service's row: ${serviceRow}`);
  const events = await page.textContent('#events');
  check(events.includes(`placed on ${node}`), `no deploy event: ${events}`);
  checkEqual(await page.locator('form').count(), 1, 'forms on the read-only fleet page');
  await shot('fleet');

  step("the service's page");
  await Promise.all([page.waitForNavigation(), page.click(`#services a[href="/fleet/services/${service}"]`)]);
  checkEqual(pathOf(page), `/fleet/services/${service}`, 'service page');
  checkEqual(await page.textContent('#service-state'), 'running', 'service state');
  checkEqual(await page.textContent('#service-node'), node, 'service node');
  check((await page.textContent('#events')).includes('deployed'), 'service events');
  await shot('service');

  step('logout');
  await submit(page, '#logout');
  checkEqual(pathOf(page), '/login', 'after logout');
  await page.goto('/fleet');
  checkEqual(pathOf(page), '/login', 'the fleet after logout');
  await shot('logged-out');
});
