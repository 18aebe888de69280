// The sign-in pages in a real Chromium: the demo gate (`portcullis demo`) is started on free
// ports, and a person's steps are replayed: password, scanning (reading the key), typing the
// code, which submits itself at the sixth digit.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, shot, startDemo, totp } from "./gate.mjs";

let gate, browser, base, password;

before(async () => {
  let listen;
  ({ gate, listen, password } = await startDemo());
  base = `http://localhost:${listen}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  gate?.kill();
});

async function signInWithPassword(page) {
  await page.goto(`${base}/reports?year=2026`);
  assert.match(page.url(), /\/\.portcullis\/login\?rd=/);
  await shot(page, "1-login");
  await page.getByLabel("Username").fill("demo");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
}

test("enrolment and the code challenge, typed like a person would; trusting the device", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInWithPassword(page);
  await page.waitForURL(/\/\.portcullis\/enrol/);
  await shot(page, "2-enrol");
  assert.ok(await page.locator("figure.qr svg").isVisible(), "the QR code is drawn");
  await page.getByText("Can't scan it?").click();
  const key = await page.locator("code.secret").innerText();

  // Typing six digits submits the form by itself: no click.
  await page.getByLabel("Enter the 6-digit code the app shows").pressSequentially(totp(key), { delay: 30 });
  // Then the backup codes, once, with a print button the script brings out.
  await page.getByRole("heading", { name: "Save your backup codes" }).waitFor();
  assert.equal(await page.locator("ol.codes li").count(), 10);
  assert.ok(await page.getByRole("button", { name: "Print" }).isVisible());
  await shot(page, "2b-backup-codes");
  await page.getByRole("button", { name: /I have saved them/ }).click();
  await page.waitForURL(`${base}/reports?year=2026`);
  assert.match(await page.locator("body").innerText(), /the gate vouches for you as demo/);
  await shot(page, "4-app");

  // A second browser: password, then the challenge, trusting this device, with the next code.
  const second = await (await browser.newContext()).newPage();
  await signInWithPassword(second);
  await second.waitForURL(/\/\.portcullis\/challenge/);
  await shot(second, "3-challenge");
  await second.getByLabel("Trust this device for 30 days").check();
  // Pasted as people copy it, with a space in front and one in the middle: still submits.
  const next = totp(key, 1);
  await second.getByLabel("6-digit code").fill(` ${next.slice(0, 3)} ${next.slice(3)}`);
  await second.waitForURL(`${base}/reports?year=2026`);
  const cookies = await second.context().cookies();
  assert.ok(cookies.some((c) => c.name === "portcullis_device" && c.httpOnly), "the device cookie was set");

  // Signed out and back: the password alone is enough on a trusted device.
  await second.goto(`${base}/.portcullis/`);
  await second.getByRole("button", { name: "Sign out" }).click();
  await signInWithPassword(second);
  await second.waitForURL(`${base}/reports?year=2026`);
  await second.goto(`${base}/.portcullis/devices`);
  await shot(second, "6-devices");
  assert.equal(await second.locator("ul.devices li").count(), 1);
  assert.match(await second.locator("ul.devices li").innerText(), /this browser/);

  // Signing out with "forget this device" brings the code back.
  await second.goto(`${base}/.portcullis/`);
  await second.getByLabel("Forget this device").check();
  await second.getByRole("button", { name: "Sign out" }).click();
  assert.match(await second.locator("body").innerText(), /no longer trusted/);
  await signInWithPassword(second);
  await second.waitForURL(/\/\.portcullis\/challenge/);
  await second.getByLabel("6-digit code").pressSequentially("000000");
  await second.waitForSelector("[role=alert]");
  assert.match(await second.locator("[role=alert]").innerText(), /isn't right/);
  assert.equal(await second.getByLabel("6-digit code").getAttribute("aria-invalid"), "true");
  await shot(second, "5-wrong-code");
});
