// How the pages read, in light and dark, at desktop and phone widths: errors and the focus
// ring keep their contrast (WCAG AA), the focus goes to the field to fix after a wrong
// password, and the backup codes stand in one column on a phone.
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

test("on a phone, the backup codes stand in one column", async () => {
  const page = await (await run.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await page.goto(`${run.base}/reports`);
  await page.getByLabel("Username").fill("demo");
  await page.getByLabel("Password").fill(run.demo.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByText("Can't scan it?").click();
  const key = await page.locator("code.secret").innerText();
  await page.getByLabel("Enter the 6-digit code the app shows").fill(totp(key));
  await page.getByRole("heading", { name: "Save your backup codes" }).waitFor();
  await shot(page, "pages-backup-codes-phone");
  assert.equal(await page.locator("ol.codes").evaluate((ol) => getComputedStyle(ol).columnCount), "1");
});
