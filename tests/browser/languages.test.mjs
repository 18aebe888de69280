// The pages in the reader's language and time: a German browser gets German pages, the
// language switch is remembered, a lockout's time shows in the reader's own zone, and a
// code pasted with spaces still goes through.
import { test } from "node:test";
import assert from "node:assert/strict";
import { demoForFile, shot, totp } from "./gate.mjs";

const run = demoForFile();

test("a German browser gets German pages, and the switch to French is remembered", async () => {
  const page = await (await run.browser.newContext({ locale: "de-DE" })).newPage();
  await page.goto(`${run.base}/reports`);
  assert.equal(await page.locator("html").getAttribute("lang"), "de");
  await page.getByRole("heading", { name: "Anmelden" }).waitFor();
  await page.getByRole("navigation", { name: "Sprache" }).getByRole("link", { name: "Français" }).click();
  await page.getByRole("heading", { name: "Connexion" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "fr");
  await page.goto(`${run.base}/reports`);
  await page.getByRole("heading", { name: "Connexion" }).waitFor();
  await shot(page, "languages-login-fr");
});

test("a code pasted with spaces around and within it goes through", async () => {
  const page = await (await run.browser.newContext()).newPage();
  await page.goto(`${run.base}/reports`);
  await page.getByLabel("Username").fill("demo");
  await page.getByLabel("Password").fill(run.demo.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByText("Can't scan it?").click();
  const key = await page.locator("code.secret").innerText();
  const code = totp(key);
  await page.getByLabel("Enter the 6-digit code the app shows").fill(` ${code.slice(0, 3)} ${code.slice(3)} `);
  await page.getByRole("heading", { name: "Save your backup codes" }).waitFor();
});

// Last: the lockout pauses sign-in from this address for everyone after.
test("a lockout's time is shown in the reader's zone and language", async () => {
  const context = await run.browser.newContext({ locale: "de-DE", timezoneId: "Asia/Tokyo" });
  const page = await context.newPage();
  await page.goto(`${run.base}/reports`);
  for (let i = 0; i < 20 && !(await page.locator("time[data-local]").count()); i++) {
    await page.getByLabel("Benutzername").fill("nobody");
    await page.getByLabel("Passwort").fill("wrong");
    await page.getByLabel("Passwort").press("Enter");
    await page.waitForLoadState();
  }
  const time = page.locator("time[data-local]");
  await time.waitFor();
  await shot(page, "languages-lockout-de");
  const [utc, shown] = [await time.getAttribute("datetime"), await time.innerText()];
  const expected = new Date(utc).toLocaleString("de-DE", { timeZone: "Asia/Tokyo", dateStyle: "medium", timeStyle: "short" });
  assert.equal(shown, expected, `${utc} in Tokyo, in German`);
  assert.ok(!shown.includes("UTC"));
});
