// End-to-end tests of a built site in a real browser (Debian's headless Chromium, driven by
// playwright-core): search as you type (Swedish stemming, one index per audience, escaped
// queries), the responsibilities filter, and WCAG 2.1 AA checks with axe on public pages.
// The site is `styrdok build` of a fictional fixture, served by a minimal static server on
// 127.0.0.1 — search needs http, not file://.
//
// Run: cargo build --locked && (cd tests/e2e && npm ci && node --test)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { closeServers, staticServer } from "./static-server.mjs";
import { AxeBuilder } from "@axe-core/playwright";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.STYRDOK_BIN ?? path.join(repo, "target/debug/styrdok");
const WAIT = 20_000;

let browser, dir;
const urls = {};


before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "styrdok-site-"));
  for (const fixture of ["lookup", "basic"]) {
    const root = path.join(dir, fixture);
    await cp(path.join(repo, "tests/fixtures", fixture), root, { recursive: true });
    await promisify(execFile)(bin, ["build", "--root", root, "--out", path.join(root, "out")]);
    urls[fixture] = { public: await staticServer(path.join(root, "out/public")), internal: await staticServer(path.join(root, "out/internal")) };
  }
  // The bundled site: the customer's real documents at the repository root.
  const bundledOut = path.join(dir, "bundled-out");
  await promisify(execFile)(bin, ["build", "--root", repo, "--out", bundledOut]);
  urls.bundled = { public: await staticServer(path.join(bundledOut, "public")), internal: await staticServer(path.join(bundledOut, "internal")) };
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  closeServers();
  await rm(dir, { recursive: true, force: true });
});

/** Runs a query against the page's own Pagefind index, merged with the bundles its search box
 *  names (`data-merge`, as search.js does), and returns result URLs. */
async function search(page, query) {
  return page.evaluate(async (q) => {
    const base = document.baseURI.replace(/[^/]*$/, "");
    const pf = await import(new URL("pagefind/pagefind.js", base).href);
    for (const name of (document.querySelector("#sok")?.dataset.merge ?? "").split(" ").filter(Boolean)) {
      await pf.mergeIndex(new URL(`pagefind/${name}/`, base).href);
    }
    const r = await pf.search(q);
    return Promise.all(r.results.map((x) => x.data().then((d) => d.url)));
  }, query);
}

test("search finds inflected Swedish forms, any case, å/ä/ö", async () => {
  const page = await browser.newPage();
  await page.goto(urls.lookup.public);
  // The page says "avtalet" and "avtalen"; nobody wrote "avtal" alone.
  assert.ok((await search(page, "avtal")).some((u) => u.includes("/dokument/beskrivning/")));
  assert.ok((await search(page, "LÄKEMEDELSBEHANDLING")).some((u) => u.includes("/dokument/beskrivning/")));
  assert.ok((await search(page, "anhörigstöd")).length > 0);
  await page.close();
});

test("a word that exists only internally is found internally, never publicly", async () => {
  const pub = await browser.newPage();
  await pub.goto(urls.lookup.public);
  assert.deepEqual(await search(pub, "zebrafink"), []);
  const int = await browser.newPage();
  await int.goto(urls.lookup.internal);
  assert.ok((await search(int, "zebrafink")).some((u) => u.includes("/dokument/rutin-gammal/")));
  await pub.close();
  await int.close();
});

test("the search box answers as you type and shows the query escaped", async () => {
  const page = await browser.newPage();
  await page.goto(urls.lookup.public + "ansvar/");
  const evil = '<img src=x onerror="window.__pwned=1">';
  await page.fill("#sok input", evil);
  await page.waitForFunction(() => /\S/.test(document.querySelector("#sok .pagefind-ui__message")?.textContent ?? ""), null, { timeout: WAIT });
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator("#sok img[src='x']").count(), 0);
  await page.fill("#sok input", "anhörigstöd");
  await page.waitForSelector("#sok .pagefind-ui__result-link", { timeout: WAIT });
  const links = await page.locator("#sok .pagefind-ui__result-link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.some((l) => /\/dokument\/beskrivning\//.test(l)), links.join(" "));
  await page.close();
});

test("the responsibilities lookup filters by holder and by words", async () => {
  const page = await browser.newPage();
  await page.goto(urls.lookup.public + "ansvar/");
  const visible = () => page.locator("tr.responsibility:visible").allTextContents();
  assert.equal((await visible()).length, 6);
  await page.selectOption("#f-holder", "region");
  assert.deepEqual((await visible()).map((t) => t.trim().slice(0, 20)), ["Läkemedelsbehandling"]);
  await page.selectOption("#f-holder", "");
  await page.fill("#f-words", "ANHÖRIG");
  assert.equal((await visible()).length, 1);
  await page.fill("#f-words", "finns inte någonstans");
  assert.equal((await visible()).length, 0);
  assert.ok(await page.locator(".filter-none").isVisible());
  await page.close();
});

for (const [fixture, pagePath] of [
  ["basic", ""],
  ["basic", "dokument/avtal/"],
  ["basic", "dokument/avtal/jamfor/v1-v2/"],
  ["basic", "underskrifter/"],
  ["lookup", "ansvar/"],
  ["lookup", "ekonomi/"],
  ["lookup", "genomforande/"],
  ["bundled", ""],
  ["bundled", "dokument/samverkansavtal-nedre-dalarna/"],
  ["bundled", "dokument/utredning/"],
  ["bundled", "dokument/slutrapport/jamfor/v1-v2/andrade/"],
  ["bundled", "dokument/slutrapport/jamfor/v1-v2/"],
  ["bundled", "dokument/slutrapport/"],
  ["bundled", "dokument/verksamhetsbeskrivning/"],
  ["bundled", "ekonomi/"],
  ["bundled", "dokument/budget-region-falun/"],
  ["bundled", "parter/gagnef/"],
]) {
  test(`WCAG 2.1 AA (axe): ${fixture}/${pagePath}`, async () => {
    // axe needs a page from an explicit browser context.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(urls[fixture].public + pagePath);
    assert.equal(await page.getAttribute("html", "lang"), "sv");
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const problems = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("keyboard: the skip link is the first stop and moves focus to the content", async () => {
  const page = await browser.newPage();
  await page.goto(urls.basic.public + "dokument/avtal/");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  await page.close();
});
