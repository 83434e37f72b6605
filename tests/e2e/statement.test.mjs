// The accessibility statement, the footer and heading names, as a reader meets them: the
// sites are opened from disk (file://, as when a public body hands the site over as a
// folder), the footer link leads to the statement from several depths, and each heading's
// accessible name is its own text, not "… Länk till avsnittet".
//
// Run: cargo build && (cd tests/e2e && npm ci && node --test statement.test.mjs)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.STYRDOK_BIN ?? path.join(repo, "target/debug/styrdok");

let browser, dir;
/** name → built folder of the public site */
const built = {};

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "styrdok-statement-"));
  const fixture = path.join(dir, "complete");
  await cp(path.join(repo, "tests/fixtures/statement/complete"), fixture, { recursive: true });
  for (const [name, root] of [["complete", fixture], ["bundled", repo]]) {
    const out = path.join(dir, `${name}-out`);
    await run(bin, ["build", "--root", root, "--out", out]);
    built[name] = path.join(out, "public");
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

const fileUrl = (name, rel) => pathToFileURL(path.join(built[name], rel)).href;

test("the footer's statement link opens the statement from disk, from every depth", async () => {
  const page = await browser.newPage();
  for (const [name, rel] of [
    ["complete", "index.html"],
    ["complete", "dokument/sida/index.html"],
    ["bundled", "index.html"],
    ["bundled", "dokument/samverkansavtal-nedre-dalarna/index.html"],
    ["bundled", "parter/falun/index.html"],
  ]) {
    await page.goto(fileUrl(name, rel));
    const footer = page.getByRole("contentinfo");
    await footer.getByRole("link", { name: "Tillgänglighetsredogörelse", exact: true }).click();
    await page.waitForURL(/tillganglighet\/index\.html$/);
    await page.getByRole("heading", { level: 1, name: /^Tillgänglighet för / }).waitFor();
    assert.ok(
      await page.getByRole("link", { name: "Anmäl till Digg" }).getAttribute("href") === "https://www.digg.se/tdosanmalan",
      `${name}/${rel}: the statement links to DIGG's report form`,
    );
    // Back to the start page, still from disk: a folder link would not open a page here.
    await page.locator("a.site-title").click();
    await page.waitForURL(/\/index\.html$/);
    assert.match(page.url(), /\/index\.html$/, `${name}: the site title leads to the start page file`);
  }
  await page.close();
});

test("the bundled site says what it does not know: no publisher invented", async () => {
  const page = await browser.newPage();
  await page.goto(fileUrl("bundled", "tillganglighet/index.html"));
  const main = await page.getByRole("main").innerText();
  assert.match(main, /Utgivaren har inte angett vem som står bakom den här webbplatsen/);
  assert.match(main, /Utgivaren har inte angett hur väl webbplatsen uppfyller lagkraven/);
  const footer = await page.getByRole("contentinfo").innerText();
  assert.match(footer, /Utgivare: inte angiven/);
  assert.match(footer, /Senast uppdaterad \d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4}/);
  await page.close();
});

test("a heading's accessible name is its own text", async () => {
  const page = await browser.newPage();
  await page.goto(fileUrl("complete", "dokument/sida/index.html"));
  for (const [level, name] of [[2, "1 Syfte"], [3, "1.1 Mål och medel"]]) {
    const heading = page.getByRole("heading", { level, name, exact: true });
    assert.equal(await heading.count(), 1, `one heading named exactly "${name}"`);
  }
  assert.equal(await page.getByRole("heading", { name: /Länk till avsnittet|#/ }).count(), 0, "no heading's name holds its link");
  // The link to each section is still there, beside its heading, and says which section.
  assert.equal(await page.getByRole("link", { name: "Länk till avsnittet: 1 Syfte", exact: true }).getAttribute("href"), "#syfte");
  // The same on a page of the customer's documents.
  await page.goto(fileUrl("bundled", "dokument/samverkansavtal-nedre-dalarna/index.html"));
  assert.ok((await page.getByRole("heading").count()) > 5, "the agreement has headings");
  for (const h of await page.getByRole("heading").all()) {
    const snapshot = await h.ariaSnapshot();
    assert.doesNotMatch(snapshot, /Länk till avsnittet|#\s*$/, snapshot);
  }
  await page.close();
});
