// An independent gRPC client: Node's @grpc/grpc-js with @grpc/proto-loader, loading our .proto
// files as they are (no generated code), over TLS trusting only the test CA. Run by
// NodeClientTest with the servers' addresses and credentials in the environment; prints one
// "ok <step>" line per check and exits non-zero on the first failure.
'use strict';

const fs = require('fs');
const path = require('path');
const assert = require('assert');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const protoDir = env('PROTO_DIR');
const definition = protoLoader.loadSync(
  [
    'metacircular/mcias/v1/mcias.proto',
    'metacircular/metacrypt/v1/metacrypt.proto',
  ],
  { includeDirs: [protoDir], keepCase: true, longs: String, enums: String, defaults: true },
);
const proto = grpc.loadPackageDefinition(definition);
const mcias = proto.metacircular.mcias.v1;
const metacrypt = proto.metacircular.metacrypt.v1;

const credentials = grpc.credentials.createSsl(fs.readFileSync(env('CA_FILE')));
const identityAddr = env('IDENTITY_ADDR');
const cryptoAddr = env('CRYPTO_ADDR');
// The certificate names localhost and 127.0.0.1; send SNI "localhost" (an IP is not a valid SNI).
const options = { 'grpc.ssl_target_name_override': 'localhost' };

const call = (client, method, request, token) =>
  new Promise((resolve, reject) => {
    const metadata = new grpc.Metadata();
    if (token) metadata.set('authorization', `Bearer ${token}`);
    client[method](request, metadata, { deadline: Date.now() + 15000 }, (err, response) =>
      err ? reject(err) : resolve(response));
  });

const expectStatus = async (promise, code, description) => {
  try {
    await promise;
  } catch (err) {
    assert.strictEqual(err.code, code, `status ${err.code} (${err.details}), wanted ${code}`);
    if (description !== undefined) assert.strictEqual(err.details, description);
    return;
  }
  throw new Error(`expected status ${code}, the call succeeded`);
};

async function main() {
  const username = env('USERNAME');
  const password = env('PASSWORD');

  const admin = new mcias.AdminService(identityAddr, credentials, options);
  const health = await call(admin, 'Health', {});
  assert.strictEqual(health.status, 'ok');
  console.log('ok identity health');

  const auth = new mcias.AuthService(identityAddr, credentials, options);
  const login = await call(auth, 'Login', { username, password });
  assert.ok(login.token.split('.').length === 3, 'a JWT');
  assert.ok(Number(login.expires_at.seconds) > Date.now() / 1000);
  console.log('ok identity login');

  await expectStatus(call(auth, 'Login', { username, password: 'not the password' }),
    grpc.status.UNAUTHENTICATED, 'invalid credentials');
  console.log('ok identity wrong password is UNAUTHENTICATED');

  const tokens = new mcias.TokenService(identityAddr, credentials, options);
  const valid = await call(tokens, 'ValidateToken', { token: login.token });
  assert.strictEqual(valid.valid, true);
  assert.strictEqual(valid.username, username);
  assert.ok(valid.roles.includes('admin'));
  const invalid = await call(tokens, 'ValidateToken', { token: 'not.a.token' });
  assert.strictEqual(invalid.valid, false);
  console.log('ok identity validate token');

  const accounts = new mcias.AccountService(identityAddr, credentials, options);
  await expectStatus(call(accounts, 'ListAccounts', {}), grpc.status.UNAUTHENTICATED,
    'missing token');
  const listed = await call(accounts, 'ListAccounts', {}, login.token);
  assert.ok(listed.accounts.some((a) => a.username === username));
  console.log('ok identity accounts need a token');

  const system = new metacrypt.SystemService(cryptoAddr, credentials, options);
  const status = await call(system, 'Status', {});
  assert.strictEqual(status.state, 'unsealed');
  console.log('ok crypto status');

  const cryptoAuth = new metacrypt.AuthService(cryptoAddr, credentials, options);
  const cryptoLogin = await call(cryptoAuth, 'Login', { username, password });
  const info = await call(cryptoAuth, 'TokenInfo', {}, cryptoLogin.token);
  assert.strictEqual(info.is_admin, true);
  console.log('ok crypto login');

  const transit = new metacrypt.TransitService(cryptoAddr, credentials, options);
  const t = cryptoLogin.token;
  const key = await call(transit, 'CreateKey',
    { mount: 'transit', name: 'node-key', type: 'aes256-gcm' }, t);
  assert.strictEqual(key.latest_version, 1);
  console.log('ok transit create key');

  const plaintext = Buffer.from([0, 1, 2, 3, 250, 251, 252, 253, 254, 255]);
  const context = Buffer.from('node-context');
  const encrypted = await call(transit, 'Encrypt',
    { mount: 'transit', key: 'node-key', plaintext, context }, t);
  assert.match(encrypted.ciphertext, /^metacrypt:v1:[A-Za-z0-9+/]+=*$/);
  assert.strictEqual(encrypted.key_version, 1);
  console.log('ok transit encrypt');

  const decrypted = await call(transit, 'Decrypt',
    { mount: 'transit', key: 'node-key', ciphertext: encrypted.ciphertext, context }, t);
  assert.ok(Buffer.compare(decrypted.plaintext, plaintext) === 0, 'round trip');
  console.log('ok transit decrypt');

  await expectStatus(call(transit, 'Decrypt',
    { mount: 'transit', key: 'node-key', ciphertext: encrypted.ciphertext }, t),
  grpc.status.INVALID_ARGUMENT, 'ciphertext could not be decrypted');
  await expectStatus(call(transit, 'Encrypt', { mount: 'transit', key: 'node-key', plaintext }),
    grpc.status.UNAUTHENTICATED, 'missing token');
  console.log('ok transit refusals');

  const engine = new metacrypt.EngineService(cryptoAddr, credentials, options);
  const viaStruct = await call(engine, 'Request', {
    mount: 'transit',
    operation: 'decrypt',
    // protobufjs's bundled struct.proto names Value's fields in camelCase, whatever keepCase says
    data: {
      fields: {
        key: { stringValue: 'node-key' },
        ciphertext: { stringValue: encrypted.ciphertext },
        context: { stringValue: context.toString('base64') },
      },
    },
  }, t);
  assert.strictEqual(viaStruct.data.fields.plaintext.stringValue, plaintext.toString('base64'));
  console.log('ok engine request with a Struct');

  for (const client of [admin, auth, tokens, accounts, system, cryptoAuth, transit, engine]) {
    client.close();
  }
}

main().then(
  () => {
    console.log('node client: all checks passed');
  },
  (err) => {
    console.error(`node client failed: ${err.stack || err}`);
    process.exit(1);
  },
);
