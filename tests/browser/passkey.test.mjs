// Passkeys and security keys in a real Chromium, with virtual authenticators (Chrome DevTools'
// WebAuthn domain) standing in for a phone's passkey and a USB security key. A gate with
// passkey rules and signed assertions runs in front of the demo app (started by
// `portcullis demo`, whose users file it shares); a person enrols with a passkey, signs in
// with it, names it, adds a security key, meets the rules that want one, and a copied
// passkey is refused; then a passkey made on one site of a parent domain signs in on another
// by itself, offered by the browser's autofill.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary, launch, shot, startDemo, startGate, stopAll } from "./gate.mjs";

let demo, gate, browser, base, config, port;

before(async () => {
  demo = await startDemo();
  ({ gate, config, port, base } = await startGate(demo, "passkeys", `sites:
  - host: localhost
    name: Passkey test
    upstream: 127.0.0.1:${demo.app}
    assertion: {}
    rules:
      - { path: "^/keys/", action: two_factor, second_factor: [webauthn] }
      - { path: "^/pay/", action: two_factor, step_up: { max_age: 5m, methods: [webauthn] } }
    default: two_factor
  - host: app.portcullis.localhost
    upstream: 127.0.0.1:${demo.app}
    assertion: {}
    passkey_rp_id: portcullis.localhost
  - host: sso.portcullis.localhost
    upstream: 127.0.0.1:${demo.app}
    assertion: {}
    passkey_rp_id: portcullis.localhost
    passkey_sign_in: true
`));
  browser = await launch();
});

after(() => stopAll(browser, gate, demo));

// A virtual authenticator that verifies its user and presses itself: a phone's synced passkey
// (`synced`) or a USB security key.
async function authenticator(cdp, synced) {
  const options = {
    protocol: "ctap2", ctap2Version: "ctap2_1", transport: synced ? "internal" : "usb",
    hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    defaultBackupEligibility: synced, defaultBackupState: synced,
  };
  return (await cdp.send("WebAuthn.addVirtualAuthenticator", { options })).authenticatorId;
}

async function signIn(page, target) {
  await page.goto(`${base}${target}`);
  await page.getByLabel("Username").fill("demo");
  await page.getByLabel("Password").fill(demo.password);
  await page.getByRole("button", { name: "Continue" }).click();
}

// What the demo app was told: its table of the headers it received.
async function header(page, name) {
  const row = page.locator("tr", { has: page.locator("th", { hasText: new RegExp(`^${name}$`, "i") }) });
  return (await row.locator("td").innerText()).trim();
}

async function amr(page) {
  const token = await header(page, "portcullis-assertion");
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()).amr;
}

async function signOut(page) {
  await page.goto(`${base}/.portcullis/`);
  await page.getByRole("button", { name: "Sign out" }).click();
}

// A new browser with a phone's passkey at hand: its context, page, DevTools session and
// the phone's authenticator.
async function withPhone() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  return { context, page, cdp, phone: await authenticator(cdp, true) };
}

test("a passkey instead of an app: enrolment, sign-in, names, a security key, rules that want one, a copy refused", async () => {
  const { page, cdp, phone } = await withPhone();

  // First sign-in: the enrolment page offers a passkey besides the app.
  await signIn(page, "/reports");
  await page.waitForURL(/\/\.portcullis\/enrol/);
  await shot(page, "passkey-1-enrol");
  await page.getByRole("button", { name: "Set up a passkey instead" }).click();
  await page.getByRole("heading", { name: "Save your backup codes" }).waitFor();
  const codes = await page.locator("ol.codes li").allInnerTexts();
  assert.equal(codes.length, 10);
  await page.getByRole("button", { name: /I have saved them/ }).click();
  await page.waitForURL(`${base}/reports`);
  assert.equal(await header(page, "remote-auth-via"), "webauthn");
  assert.deepEqual(await amr(page), ["pwd", "swk", "mfa"], "a synced passkey is a software key");
  await page.goto(`${base}/keys/report`);
  assert.equal(new URL(page.url()).pathname, "/keys/report", "a passkey's session passes a rule that wants one");

  // Next time: password, then the passkey (the user has no app, so nothing else is offered).
  await signOut(page);
  await signIn(page, "/reports");
  await page.waitForURL(/\/\.portcullis\/challenge/);
  await shot(page, "passkey-2-challenge");
  assert.match(await page.locator("main").innerText(), /Use your passkey or security key for demo/);
  assert.equal(await page.getByLabel("6-digit code").count(), 0);
  await page.getByRole("button", { name: "Use a passkey or security key" }).click();
  await page.waitForURL(`${base}/reports`);
  assert.equal(await header(page, "remote-auth-via"), "webauthn");

  // The security page lists it; it can be renamed, but not removed while it is the only way.
  await page.goto(`${base}/.portcullis/security`);
  assert.match(await page.locator("ul.devices").innerText(), /Passkey\s+Added \d{4}-\d\d-\d\d, last used/);
  await page.locator("summary", { hasText: "Rename" }).click();
  await page.getByLabel("New name").fill("Phone");
  await page.getByRole("button", { name: "Rename" }).click();
  assert.match(await page.locator("[role=status]").innerText(), /Renamed/);
  assert.match(await page.locator("ul.devices").innerText(), /Phone/);
  assert.match(await page.locator("ul.devices").innerText(), /only way to sign in with a second factor/);

  // A security key too, proven with the passkey itself; the phone's credential is kept aside
  // (to come back later as a copy) while the key is made.
  const [kept] = (await cdp.send("WebAuthn.getCredentials", { authenticatorId: phone })).credentials;
  await page.locator("summary", { hasText: "Add a passkey or security key" }).click();
  await page.getByRole("button", { name: "Use a passkey instead" }).first().click();
  await page.getByRole("button", { name: "Create the passkey" }).waitFor();
  await shot(page, "passkey-3-create");
  await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: phone });
  const key = await authenticator(cdp, false);
  await page.getByLabel("Its name").fill("YubiKey");
  await page.getByRole("button", { name: "Create the passkey" }).click();
  await page.locator("[role=status]", { hasText: "Your passkey is set up" }).waitFor();
  assert.equal(await page.locator("ul.devices li").count(), 2);
  await shot(page, "passkey-4-security");

  // Signed in with the key: a device-bound key (hwk), and fresh enough for the step-up rule.
  await signOut(page);
  await signIn(page, "/pay/invoice");
  await page.getByRole("button", { name: "Use a passkey or security key" }).click();
  await page.waitForURL(`${base}/pay/invoice`);
  assert.deepEqual(await amr(page), ["pwd", "hwk", "mfa"]);

  // Removing the key takes a backup code; the phone's passkey is then the only one left.
  await page.goto(`${base}/.portcullis/security`);
  const yubikey = page.locator("ul.devices li", { hasText: "YubiKey" });
  await yubikey.locator("summary", { hasText: "Remove" }).click();
  await yubikey.getByLabel(/backup code/).fill(codes[0]);
  await yubikey.getByRole("button", { name: "Remove" }).click();
  assert.match(await page.locator("[role=status]").innerText(), /Removed/);
  assert.equal(await page.locator("ul.devices li").count(), 1);

  // The phone's passkey comes back as a copy whose sign counter is behind: refused.
  await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: key });
  const copy = await authenticator(cdp, true);
  await cdp.send("WebAuthn.addCredential", { authenticatorId: copy, credential: { ...kept, signCount: 0 } });
  await signOut(page);
  await signIn(page, "/reports");
  await page.getByRole("button", { name: "Use a passkey or security key" }).click();
  await page.locator("[role=alert]", { hasText: "may have been copied" }).waitFor();
  await shot(page, "passkey-5-copy-refused");

  // A backup code signs in, but a rule that wants a passkey asks for it, and nothing else.
  await page.goto(`${base}/.portcullis/recover?rd=%2Fkeys%2Freport`);
  await page.getByLabel("Backup code").fill(codes[1]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/\.portcullis\/challenge\?only=webauthn/);
  assert.match(await page.locator("main").innerText(), /asks for your passkey or security key/);
  assert.equal(await page.getByLabel("6-digit code").count(), 0);

  // The admin sees it, and a reset removes it.
  const show = execFileSync(binary, ["--config", config, "user", "show", "demo"], { encoding: "utf8" });
  assert.match(show, /passkeys:\s+1\n\s+Phone \(localhost\) added/);
  execFileSync(binary, ["--config", config, "user", "reset-2fa", "demo"], { encoding: "utf8" });
  assert.match(execFileSync(binary, ["--config", config, "user", "show", "demo"], { encoding: "utf8" }), /passkeys:\s+0/);
});

test("a passkey for a parent domain signs in alone on another site under it, by autofill", async () => {
  const { context, page, cdp, phone } = await withPhone();
  const app = `http://app.portcullis.localhost:${port}`;
  const sso = `http://sso.portcullis.localhost:${port}`;

  // Made on one site (the user enrols again: the first test ended with a reset)...
  await page.goto(`${app}/reports`);
  await page.getByLabel("Username").fill("demo");
  await page.getByLabel("Password").fill(demo.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Set up a passkey instead" }).click();
  await page.getByRole("button", { name: /I have saved them/ }).click();
  await page.waitForURL(`${app}/reports`);
  assert.deepEqual(await amr(page), ["pwd", "swk", "mfa"]);

  // ...it is offered on the other's login page by autofill, and signs in without a password.
  const posted = [];
  page.on("request", (r) => r.url().endsWith("/.portcullis/passkey") && posted.push(r.postData()));
  await page.goto(`${sso}/reports`);
  await page.waitForURL(`${sso}/reports`);
  assert.equal(await header(page, "remote-user"), "demo");
  assert.equal(await header(page, "remote-auth-via"), "webauthn");
  assert.deepEqual(await amr(page), ["swk", "mfa"], "no password was used");
  const [made] = (await cdp.send("WebAuthn.getCredentials", { authenticatorId: phone })).credentials;

  // The same answer again (a replay, signed out, the passkey put away): refused.
  await page.goto(`${sso}/.portcullis/`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await cdp.send("WebAuthn.disable");
  assert.equal(posted.length, 1);
  const answered = page.waitForResponse((r) => r.url().endsWith("/.portcullis/passkey"));
  await page.evaluate((sent) => {
    const form = Object.assign(document.createElement("form"), { method: "post", action: "/.portcullis/passkey" });
    for (const [name, value] of new URLSearchParams(sent)) form.append(Object.assign(document.createElement("input"), { type: "hidden", name, value }));
    document.body.append(form);
    form.submit();
  }, posted[0]);
  assert.equal((await answered).status(), 401);
  // (This authenticator counts its signatures, so the count gives the replay away first.)
  assert.match(await page.locator("[role=alert]").innerText(), /may have been copied|used already/);
  await page.goto(`${sso}/reports`);
  assert.match(page.url(), /\/\.portcullis\/login/, "not signed in");

  // Without the passkey at hand: the login page offers it by autofill and by a button, and
  // the password still works.
  await page.goto(`${sso}/.portcullis/login?rd=%2Freports`);
  await shot(page, "passkey-6-login");
  assert.equal(await page.getByLabel("Username").getAttribute("autocomplete"), "username webauthn");
  assert.ok(await page.getByRole("button", { name: "Sign in with a passkey" }).isVisible());
  await page.getByLabel("Username").fill("demo");
  await page.getByLabel("Password").fill(demo.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(/\/\.portcullis\/challenge/);

  // The button, where the browser offers no autofill (the passkey is in this page's
  // authenticator, as it was made).
  const plain = await context.newPage();
  await plain.addInitScript(() => { PublicKeyCredential.isConditionalMediationAvailable = async () => false; });
  const cdp2 = await context.newCDPSession(plain);
  await cdp2.send("WebAuthn.enable", { enableUI: false });
  await cdp2.send("WebAuthn.addCredential", { authenticatorId: await authenticator(cdp2, true), credential: made });
  await plain.goto(`${sso}/.portcullis/login?rd=%2Freports`);
  await plain.getByRole("button", { name: "Sign in with a passkey" }).click();
  await plain.waitForURL(`${sso}/reports`);
  assert.deepEqual(await amr(plain), ["swk", "mfa"]);

  // On a site whose passkeys are another relying party's, it is not offered, and the page says why.
  await plain.goto(`${base}/reports`);
  await plain.getByLabel("Username").fill("demo");
  await plain.getByLabel("Password").fill(demo.password);
  await plain.getByRole("button", { name: "Continue" }).click();
  await plain.waitForURL(/\/\.portcullis\/challenge/);
  assert.match(await plain.locator("main").innerText(), /Your passkeys were made for another site/);
  assert.equal(await plain.getByRole("button", { name: /passkey/ }).count(), 0);

  // A new password (the admin's answer to a leak) ends the passkey alone until it is used
  // with the new password.
  const users = join(demo.dir, "users.yaml");
  const newPassword = "a new password for demo";
  const hash = execFileSync(binary, ["hash-password"], { input: newPassword, encoding: "utf8" }).trim();
  writeFileSync(users, readFileSync(users, "utf8").replace(/password: ".*"/, `password: "${hash}"`));
  gate.kill("SIGHUP");
  // Once reloaded, the new password has ended the session: the login page stays.
  for (let i = 0; i < 50 && !/\/\.portcullis\/login/.test(plain.url()); i++) {
    await new Promise((r) => setTimeout(r, 200));
    await plain.goto(`${sso}/.portcullis/login?rd=%2Freports`);
  }
  await plain.getByRole("button", { name: "Sign in with a passkey" }).click();
  await plain.locator("[role=alert]", { hasText: "Your password has changed" }).waitFor();
  await plain.getByLabel("Username").fill("demo");
  await plain.getByLabel("Password").fill(newPassword);
  await plain.getByRole("button", { name: "Continue" }).click();
  await plain.getByRole("button", { name: "Use a passkey or security key" }).click();
  await plain.waitForURL(`${sso}/reports`);
  await plain.goto(`${sso}/.portcullis/`);
  await plain.getByRole("button", { name: "Sign out" }).click();
  await plain.goto(`${sso}/.portcullis/login?rd=%2Freports`);
  await plain.getByRole("button", { name: "Sign in with a passkey" }).click();
  await plain.waitForURL(`${sso}/reports`);
  assert.deepEqual(await amr(plain), ["swk", "mfa"], "alone again, with the new password");
  await plain.goto(`${sso}/.portcullis/`);
  await plain.getByRole("button", { name: "Sign out" }).click();

  // Removed by the admin, the passkey the browser still holds is refused.
  execFileSync(binary, ["--config", config, "user", "reset-2fa", "demo"], { encoding: "utf8" });
  await plain.goto(`${sso}/.portcullis/login?rd=%2Freports`);
  await plain.getByRole("button", { name: "Sign in with a passkey" }).click();
  await plain.locator("[role=alert]", { hasText: "not one registered here" }).waitFor();
  assert.match(plain.url(), /\/\.portcullis\/passkey$/);
});
