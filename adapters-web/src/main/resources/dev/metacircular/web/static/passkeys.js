'use strict';
// Passkeys (WebAuthn) for the identity pages: registration on /profile, sign-in on /login and
// /sso/authorize. The server's options are the JSON of Yubico's webauthn-server-core (binary
// fields in base64url); the credential goes back as the PublicKeyCredential JSON form. Requests
// are same-origin form posts carrying the page's CSRF token in its header (the layout puts it in
// the body's hx-headers attribute). No inline script: the CSP allows only this file.
(function () {
  function b64urlToBytes(s) {
    const pad = '='.repeat((4 - (s.length % 4)) % 4);
    const bin = atob((s + pad).replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }

  function bytesToB64url(buf) {
    const bytes = new Uint8Array(buf);
    let bin = '';
    for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function csrfHeaders() {
    const headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}');
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return headers;
  }

  async function post(path, fields) {
    const response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: csrfHeaders(),
      body: new URLSearchParams(fields).toString(),
    });
    let body = {};
    try {
      body = await response.json();
    } catch (e) {
      body = { error: 'unexpected answer (' + response.status + ')' };
    }
    if (!response.ok) throw new Error(body.error || ('refused (' + response.status + ')'));
    return body;
  }

  function creationOptions(json) {
    const o = json.publicKey;
    o.challenge = b64urlToBytes(o.challenge);
    o.user.id = b64urlToBytes(o.user.id);
    (o.excludeCredentials || []).forEach((c) => { c.id = b64urlToBytes(c.id); });
    return { publicKey: o };
  }

  function requestOptions(json) {
    const o = json.publicKey;
    o.challenge = b64urlToBytes(o.challenge);
    (o.allowCredentials || []).forEach((c) => { c.id = b64urlToBytes(c.id); });
    return { publicKey: o };
  }

  function credentialJson(cred) {
    const r = cred.response;
    const response = { clientDataJSON: bytesToB64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = bytesToB64url(r.attestationObject);
      if (r.getTransports) response.transports = r.getTransports();
    } else {
      response.authenticatorData = bytesToB64url(r.authenticatorData);
      response.signature = bytesToB64url(r.signature);
      if (r.userHandle) response.userHandle = bytesToB64url(r.userHandle);
    }
    return JSON.stringify({
      type: cred.type,
      id: cred.id,
      rawId: bytesToB64url(cred.rawId),
      response: response,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
    });
  }

  function showError(message) {
    const box = document.getElementById('passkey-error');
    if (box) {
      box.textContent = message;
      box.hidden = false;
    }
  }

  async function register() {
    const nameInput = document.getElementById('passkey-name');
    const start = await post('/profile/passkeys/start', {});
    const cred = await navigator.credentials.create(creationOptions(start.options));
    const done = await post('/profile/passkeys/finish', {
      request_id: start.request_id,
      credential: credentialJson(cred),
      name: nameInput ? nameInput.value : '',
    });
    window.location.assign(done.redirect);
  }

  async function signIn(button) {
    const username = document.getElementById('username');
    const start = await post('/login/passkey/start', { username: username ? username.value : '' });
    const cred = await navigator.credentials.get(requestOptions(start.options));
    const done = await post('/login/passkey/finish', {
      request_id: start.request_id,
      credential: credentialJson(cred),
      next: button.getAttribute('data-next') || '',
    });
    window.location.assign(done.redirect);
  }

  function wire(id, action) {
    const button = document.getElementById(id);
    if (!button) return;
    if (!window.PublicKeyCredential) {
      button.disabled = true;
      showError('This browser does not support passkeys.');
      return;
    }
    button.addEventListener('click', () => {
      button.disabled = true;
      action(button).catch((e) => showError(e && e.message ? e.message : String(e)))
        .finally(() => { button.disabled = false; });
    });
  }

  wire('passkey-register', register);
  wire('passkey-login', signIn);
})();
