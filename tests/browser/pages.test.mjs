// How the pages read, in light and dark, at desktop and phone widths: errors and the focus
// ring keep their contrast (WCAG AA), the focus goes to the field to fix after a wrong
// password; on a phone enrolment leads with the app's link, and the backup codes stand in
// one column, survive a reload and copy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { demoForFile, shot, totp } from "./gate.mjs";

const run = demoForFile();

// WCAG's contrast ratio of two computed colours ("rgb(r, g, b)").
function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, b] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map((c) => {
      const s = Number(c) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

for (const colorScheme of ["light", "dark"]) {
  test(`a wrong password, ${colorScheme}: the error and the focus ring keep their contrast, the focus is on the password`, async () => {
    const page = await (await run.browser.newContext({ colorScheme })).newPage();
    await page.goto(`${run.base}/reports`);
    await page.getByLabel("Username").fill("demo");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.locator("[role=alert]").waitFor();
    await shot(page, `pages-wrong-password-${colorScheme}`);
    const seen = await page.evaluate(() => {
      const background = getComputedStyle(document.body).backgroundColor;
      const focused = document.activeElement;
      return {
        background,
        error: getComputedStyle(document.querySelector("[role=alert]")).color,
        ring: getComputedStyle(focused).outlineColor,
        ringStyle: getComputedStyle(focused).outlineStyle,
        focused: focused.id,
        typed: document.getElementById("username").value,
      };
    });
    assert.equal(seen.focused, "password", "the field to fix, the username kept");
    assert.equal(seen.typed, "demo");
    assert.ok(contrast(seen.error, seen.background) >= 4.5, `error ${seen.error} on ${seen.background}`);
    assert.equal(seen.ringStyle, "solid", "a text field focused shows the ring");
    assert.ok(contrast(seen.ring, seen.background) >= 3, `focus ring ${seen.ring} on ${seen.background}`);
  });
}

test("on a desktop, the app's link waits under \"Can't scan it?\"", async () => {
  const page = await (await run.browser.newContext()).newPage();
  await page.goto(`${run.base}/.portcullis/login`);
  await page.getByLabel("Username").fill("demo");
  await page.getByLabel("Password").fill(run.demo.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.locator("figure.qr").waitFor();
  assert.equal(await page.getByRole("link", { name: "Add to authenticator app" }).isVisible(), false);
});

test("on a phone, enrolment leads with the app's link, and the backup codes stand in one column and copy", async () => {
  const context = await run.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: run.base });
  const page = await context.newPage();
  await page.goto(`${run.base}/reports`);
  await page.getByLabel("Username").fill("demo");
  await page.getByLabel("Password").fill(run.demo.password);
  await page.getByRole("button", { name: "Continue" }).click();
  const add = page.getByRole("link", { name: "Add to authenticator app" });
  assert.match(await add.getAttribute("href"), /^otpauth:\/\/totp\//);
  const [link, qr] = [await add.boundingBox(), await page.locator("figure.qr").boundingBox()];
  assert.ok(link && link.y + link.height <= qr.y, "the link comes before the QR code");
  assert.ok(link.height >= 44, `a touch target of ${link.height} px`);
  await page.getByText("Can't scan it?").click();
  const key = await page.locator("code.secret").innerText();
  await page.getByLabel("Enter the 6-digit code the app shows").fill(totp(key));
  await page.getByRole("heading", { name: "Save your backup codes" }).waitFor();
  await shot(page, "pages-backup-codes-phone");
  assert.equal(await page.locator("ol.codes").evaluate((ol) => getComputedStyle(ol).columnCount), "1");
  const codes = await page.locator("ol.codes code").allInnerTexts();
  await page.reload();
  assert.deepEqual(await page.locator("ol.codes code").allInnerTexts(), codes, "a reload shows them again");
  await page.getByRole("button", { name: "Copy" }).click();
  await page.getByRole("button", { name: "Copied" }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), codes.join("\n") + "\n");
});
