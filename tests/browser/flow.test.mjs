// The sign-in pages in a real Chromium: the demo gate (`portcullis demo`) is started on free
// ports, and a person's steps are replayed: password, scanning (reading the key), typing the
// code, which submits itself at the sixth digit.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, existsSync, mkdirSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const binary = join(root, "target", "debug", "portcullis");
const shots = process.env.SCREENSHOTS; // a folder to save screenshots in, for people to look at

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, ms = 20000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const c = connect(port, "127.0.0.1", () => { c.end(); resolve(true); });
      c.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

// RFC 6238 with SHA-1, 6 digits, 30-second steps.
function totp(base32, offsetSteps = 0) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of base32.replace(/[\s=]/g, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + offsetSteps));
  const h = createHmac("sha1", key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, "0");
}

let gate, browser, base, password;

before(async () => {
  assert.ok(existsSync(binary), `build the gate first: ${binary}`);
  const dir = mkdtempSync(join(tmpdir(), "portcullis-browser-"));
  const [listen, app] = [await freePort(), await freePort()];
  gate = spawn(binary, ["demo", "--dir", dir, "--listen", `127.0.0.1:${listen}`, "--app", `127.0.0.1:${app}`], { stdio: "ignore" });
  await waitForPort(listen);
  password = readFileSync(join(dir, "demo-password.txt"), "utf8").trim();
  base = `http://localhost:${listen}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  if (shots) mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  gate?.kill();
});

async function shot(page, name) {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

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
  await page.getByRole("link", { name: /I have saved them/ }).click();
  await page.waitForURL(`${base}/reports?year=2026`);
  assert.match(await page.locator("body").innerText(), /the gate vouches for you as demo/);
  await shot(page, "4-app");

  // A second browser: password, then the challenge, trusting this device, with the next code.
  const second = await (await browser.newContext()).newPage();
  await signInWithPassword(second);
  await second.waitForURL(/\/\.portcullis\/challenge/);
  await shot(second, "3-challenge");
  await second.getByLabel("Trust this device for 30 days").check();
  await second.getByLabel("6-digit code").pressSequentially(totp(key, 1), { delay: 30 });
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
