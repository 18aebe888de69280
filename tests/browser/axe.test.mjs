// Every page and state of the gate, checked by axe-core at desktop and phone widths, light
// and dark: no violations. A gate with the company's branding, codes by email, a separate
// factor and a deny rule runs in front of the demo app; one person walks through sign-up,
// their account, a separate factor and its code, a second sign-in with its errors, a
// lockout, and last a broken store.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { launch, shot, startDemo, startGate, stopAll, totp } from "./gate.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

let demo, gate, browser, base, port, config;

before(async () => {
  demo = await startDemo();
  const dir = mkdtempSync(join(tmpdir(), "portcullis-axe-logo-"));
  writeFileSync(join(dir, "logo.svg"), `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32"><rect width="120" height="32" fill="#1a7f4b"/></svg>`);
  ({ gate, port, base, config } = await startGate(demo, "axe", `factors:
  payments: {}
sites:
  - host: localhost
    name: Example Ltd intranet
    upstream: 127.0.0.1:${demo.app}
    email_codes: true
    branding: { logo: ${join(dir, "logo.svg")}, accent: "#1a7f4b", help: "mailto:it@example.com", footer: "Example Ltd · IT desk, ext. 4242" }
    rules:
      - { path: "^/pay/", action: two_factor, step_up: { max_age: 5m, factor: payments } }
      - { path: "^/closed/", action: deny }
    default: two_factor
`));
  browser = await launch();
});

after(() => stopAll(browser, gate, demo));

// axe-core on the page as it stands, at each size and in each scheme: the violations found.
async function violations(page, state) {
  const found = [];
  for (const [size, viewport] of Object.entries(sizes)) {
    for (const colorScheme of ["light", "dark"]) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      // Evaluated by the browser's debugger, which the pages' CSP does not govern.
      if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
      const result = await page.evaluate(() => axe.run(document));
      assert.ok(result.passes.length > 10, `${state}: axe checked little (${result.passes.length} rules passed)`);
      for (const v of result.violations) {
        found.push(`${state} (${size}, ${colorScheme}): ${v.id} — ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      }
      await shot(page, `axe-${state.replace(/\W+/g, "-")}-${size}-${colorScheme}`);
    }
  }
  return found;
}

test("every page and state passes axe-core at desktop and phone widths, light and dark", async () => {
  const page = await (await browser.newContext()).newPage();
  const found = [];
  const check = async (state) => found.push(...(await violations(page, state)));
  const signIn = async (password) => {
    await page.getByLabel("Username").fill("demo");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForLoadState();
  };

  await page.goto(`${base}/reports`);
  await check("login");
  await signIn("not the password");
  await check("login, wrong password");
  await signIn(demo.password);
  await page.getByRole("heading", { name: "Set up two-factor authentication" }).waitFor();
  await check("enrolment");
  await page.getByText("Can't scan it?").click();
  const key = await page.locator("code.secret").innerText();
  await page.getByLabel("Enter the 6-digit code the app shows").fill("000000");
  await page.waitForLoadState();
  await check("enrolment, wrong code");
  await page.getByText("Can't scan it?").click();
  await page.getByLabel("Enter the 6-digit code the app shows").fill(totp(key));
  await page.getByRole("heading", { name: "Save your backup codes" }).waitFor();
  await check("backup codes");
  const backup = await page.locator("ol.codes code").first().innerText();

  for (const [path, state] of [["/.portcullis/", "account"], ["/.portcullis/security", "security"], ["/.portcullis/devices", "devices"],
    ["/.portcullis/nowhere", "404"], ["/closed/x", "403"], ["/pay/x", "separate factor's enrolment"]]) {
    await page.goto(`${base}${path}`);
    await check(state);
  }
  // The separate factor set up (its own code, and a backup code as the proof), then its code page.
  await page.getByText("Can't scan it?").click();
  const payments = await page.locator("code.secret").innerText();
  await page.getByLabel("To confirm it's you").fill(backup);
  await page.getByLabel("The 6-digit code the new payments entry shows").fill(totp(payments));
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("heading", { name: "Save your backup codes" }).waitFor();
  await page.goto(`${base}/.portcullis/step-up?factor=payments&rd=%2Fpay%2Fx`);
  await check("step-up");
  await page.getByLabel(/6-digit payments code/).fill("000000");
  await page.getByLabel(/6-digit payments code/).press("Enter");
  await page.waitForLoadState();
  await check("step-up, wrong code");

  await page.goto(`http://127.0.0.1:${port}/`);
  await check("421");

  await page.goto(`${base}/.portcullis/`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForLoadState();
  await check("signed out");

  await page.goto(`${base}/reports`);
  await signIn(demo.password);
  await check("challenge");
  await page.getByLabel("6-digit code").fill(totp(key) === "000000" ? "111111" : "000000");
  await page.waitForLoadState();
  await check("challenge, wrong code");
  await page.getByRole("button", { name: "Email me a code instead" }).click();
  await page.waitForLoadState();
  await check("emailed code");
  await page.getByLabel("Code from the email").fill("000000");
  await page.getByLabel("Code from the email").press("Enter");
  await page.waitForLoadState();
  await check("emailed code, wrong");
  await page.goto(`${base}/.portcullis/recover?rd=%2Freports`);
  await check("backup code");
  await page.getByLabel("Backup code").fill("aaaa-aaaa");
  await page.getByLabel("Backup code").press("Enter");
  await page.waitForLoadState();
  await check("backup code, wrong");
  while ((await page.title()).startsWith("Enter") || (await page.locator("input#code").count())) {
    await page.locator("input#code").fill("aaaa-aaaa");
    await page.locator("input#code").press("Enter");
    await page.waitForLoadState();
  }
  assert.match(await page.title(), /^Too many attempts/);
  await check("lockout");

  // Last, the store broken under the running gate (overwritten in place): a 503.
  const data = join(dirname(config), "data");
  const db = openSync(join(data, "portcullis.db"), "r+");
  writeSync(db, Buffer.alloc(64 * 1024, 0x5a), 0, 64 * 1024, 0);
  closeSync(db);
  for (const wal of ["portcullis.db-wal", "portcullis.db-shm"]) writeFileSync(join(data, wal), Buffer.alloc(4096, 0x5a));
  const other = await (await browser.newContext()).newPage();
  await other.goto(`${base}/.portcullis/login`);
  await other.getByLabel("Username").fill("demo");
  await other.getByLabel("Password").fill(demo.password);
  await other.getByRole("button", { name: "Continue" }).click();
  await other.getByRole("heading", { name: "Sign-in is unavailable" }).waitFor();
  found.push(...(await violations(other, "503")));

  assert.deepEqual(found, [], found.join("\n"));
});

test("the check finds what it is for: text too faint to read is a violation", async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/.portcullis/login`);
  await page.evaluate(() => { document.querySelector("h1").style.color = "#ddd"; });
  const found = await violations(page, "faint heading");
  assert.ok(found.some((v) => v.includes("color-contrast") && v.includes("(desktop, light)")), found.join("\n"));
});
