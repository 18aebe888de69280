// What the browser tests share: the gate binary, free ports, starting the demo gate and a
// headless Chromium, a TOTP code as an authenticator app computes it, and screenshots.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const binary = join(root, "target", "debug", "portcullis");
const shots = process.env.SCREENSHOTS; // a folder to save screenshots in, for people to look at

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port, ms = 20000) {
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
export function totp(base32, offsetSteps = 0) {
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

// `portcullis demo` on free ports, in a new folder: the process, its folder, the gate's and
// the demo app's ports, and the demo user's password.
export async function startDemo() {
  assert.ok(existsSync(binary), `build the gate first: ${binary}`);
  const dir = mkdtempSync(join(tmpdir(), "portcullis-browser-"));
  const [listen, app] = [await freePort(), await freePort()];
  const gate = spawn(binary, ["demo", "--dir", dir, "--listen", `127.0.0.1:${listen}`, "--app", `127.0.0.1:${app}`], { stdio: "ignore" });
  await waitForPort(listen);
  const password = readFileSync(join(dir, "demo-password.txt"), "utf8").trim();
  return { gate, dir, listen, app, password };
}

// A gate of its own in front of the demo app, sharing its users, in a new folder: `sites` is
// the config's sites: block. The process, its config file, port and address.
export async function startGate(demo, name, sites) {
  const dir = mkdtempSync(join(tmpdir(), `portcullis-${name}-`));
  const port = await freePort();
  const config = join(dir, "portcullis.yaml");
  writeFileSync(config, `listen: 127.0.0.1:${port}\ndata_dir: ${join(dir, "data")}\nusers_file: ${join(demo.dir, "users.yaml")}\n${sites}`);
  const gate = spawn(binary, ["--config", config, "serve"], { stdio: "ignore" });
  await waitForPort(port);
  return { gate, config, port, base: `http://localhost:${port}` };
}

export function launch() {
  if (shots) mkdirSync(shots, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

export async function shot(page, name) {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

// The demo gate and a browser for one test file: started before its tests, stopped after.
// Its fields (demo, base, browser) are there once the tests run.
export function demoForFile() {
  const run = {};
  before(async () => {
    run.demo = await startDemo();
    run.base = `http://localhost:${run.demo.listen}`;
    run.browser = await launch();
  });
  after(() => stopAll(run.browser, null, run.demo));
  return run;
}

// Stops what a test file started: its browser, a gate of its own, the demo.
export async function stopAll(browser, gate, demo) {
  await browser?.close();
  gate?.kill();
  demo?.gate.kill();
}
