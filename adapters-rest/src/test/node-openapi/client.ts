// A client generated from the API description alone: openapi-typescript turned
// identity.json and crypto.json into identity.ts and crypto.ts (the `paths` types),
// and openapi-fetch calls the running services with them. tsc checks every path,
// body and answer field below against the description before this runs.
import createClient from "openapi-fetch";
import type { paths as IdentityPaths } from "./identity.js";
import type { paths as CryptoPaths } from "./crypto.js";

// Node's globals, declared here rather than pulling in @types/node for two of them.
declare const process: {
  env: Record<string, string | undefined>;
  exit(code: number): never;
};

const identity = createClient<IdentityPaths>({ baseUrl: required("IDENTITY_URL") });
const crypto = createClient<CryptoPaths>({ baseUrl: required("CRYPTO_URL") });

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

function fail(what: string, error: unknown, status: number): never {
  console.log(`FAILED ${what}: ${status} ${JSON.stringify(error)}`);
  process.exit(1);
}

const health = await identity.GET("/v1/health");
if (!health.data) fail("identity health", health.error, health.response.status);
console.log(`identity health status=${health.data.status}`);

const login = await identity.POST("/v1/auth/login", {
  body: { username: required("USERNAME"), password: required("PASSWORD") },
});
if (!login.data) fail("identity login", login.error, login.response.status);
const token: string = login.data.token;
console.log(`identity login expires_at=${login.data.expires_at}`);

const validated = await identity.POST("/v1/token/validate", { body: { token } });
if (!validated.data) fail("identity validate", validated.error, validated.response.status);
console.log(`identity validate valid=${validated.data.valid}`);

const refused = await identity.GET("/v1/accounts");
console.log(`identity accounts without a token status=${refused.response.status} error=${refused.error?.error}`);

const status = await crypto.GET("/v1/status");
if (!status.data) fail("crypto status", status.error, status.response.status);
console.log(`crypto status state=${status.data.state}`);
