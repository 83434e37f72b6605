// The default theme as a reader meets it, in a real browser (Debian's headless Chromium via
// playwright-core): the menu marks where the reader is at every depth, folds into one button
// on a phone (it must not fill a third of the first screen at 390×844), the start page's
// counts of decided and signed parties are the tracker's (`styrdok status --format json`),
// the "min kommun" list leads to the party's page, which starts with what it decided, and on a
// phone the signature overview stacks into one block per party.
// Sites: the bundled one (the customer's documents) and the fictional `tracker` fixture.
//
// Run: cargo build --locked && (cd tests/e2e && npm ci && node --test design.test.mjs)

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

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.STYRDOK_BIN ?? path.join(repo, "target/debug/styrdok");

let browser, dir;
const urls = {};
let trackerRoot;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "styrdok-design-"));
  trackerRoot = path.join(dir, "tracker");
  await cp(path.join(repo, "tests/fixtures/tracker"), trackerRoot, { recursive: true });
  for (const [name, root] of [["bundled", repo], ["tracker", trackerRoot]]) {
    const out = path.join(dir, `${name}-out`);
    await run(bin, ["build", "--root", root, "--out", out]);
    urls[name] = { public: await staticServer(path.join(out, "public")), internal: await staticServer(path.join(out, "internal")) };
  }
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  closeServers();
  await rm(dir, { recursive: true, force: true });
});

/** The menu entries marked `aria-current` on the page: [{ text, value }]. */
async function current(page) {
  return page.$$eval("nav.site-nav a[aria-current]", (as) => as.map((a) => ({ text: a.textContent.trim(), value: a.getAttribute("aria-current") })));
}

test("the menu marks the page, or the section a page lies in, at every depth", async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const base = urls.bundled.public;
  const cases = [
    ["", []],
    ["parter/", [{ text: "Parter", value: "page" }]],
    ["parter/gagnef/", [{ text: "Parter", value: "true" }]],
    ["typ/underavtal/", [{ text: "Underavtal", value: "page" }]],
    ["dokument/samverkansavtal-nedre-dalarna/", [{ text: "Underavtal", value: "true" }]],
    ["dokument/slutrapport/v1/", [{ text: "Rapporter", value: "true" }]],
    ["dokument/slutrapport/jamfor/v1-v2/andrade/", [{ text: "Rapporter", value: "true" }]],
    ["underskrifter/", [{ text: "Läget per avtal", value: "page" }]],
    // A decision lies under the decisions register, which stands for decision documents.
    ["dokument/gagnef-ks-2025-116/", [{ text: "Beslutsregister", value: "true" }]],
    ["ansvar/", [{ text: "Ansvar", value: "page" }]],
  ];
  for (const [href, want] of cases) {
    await page.goto(base + href);
    assert.deepEqual(await current(page), want, `menu of /${href}`);
  }
  // The marker is visible, not only in the markup: a bar under the entry and bold text.
  await page.goto(base + "parter/gagnef/");
  const look = await page.$eval("nav.site-nav a[aria-current]", (a) => {
    const s = getComputedStyle(a);
    return { bar: s.borderBottomStyle !== "none" && s.borderBottomColor !== "rgba(0, 0, 0, 0)" && parseFloat(s.borderBottomWidth) >= 2, weight: Number(s.fontWeight) };
  });
  assert.ok(look.bar && look.weight >= 700, `the current entry looks current: ${JSON.stringify(look)}`);
  // The internal site's menu also has the routines.
  await page.goto(urls.bundled.internal + "rutiner/");
  assert.deepEqual(await current(page), [{ text: "Rutiner", value: "page" }]);
  await page.close();
});

test("on a phone the menu is one button, under a third of the first screen, and opens without script", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const page = await context.newPage();
  for (const href of ["", "parter/gagnef/", "dokument/samverkansavtal-nedre-dalarna/"]) {
    await page.goto(urls.bundled.public + href);
    const nav = await page.$eval("nav.site-nav", (n) => n.getBoundingClientRect().height);
    assert.ok(nav < 844 / 3, `menu of /${href} is ${nav}px high at 390×844`);
    const header = await page.$eval("header.site-header", (h) => h.getBoundingClientRect().bottom);
    assert.ok(header < 844 / 2, `the header of /${href} ends at ${header}px`);
  }
  assert.equal(await page.isVisible("nav.site-nav a[href$='underskrifter/index.html']"), false);
  await page.click("nav.site-nav summary");
  assert.equal(await page.isVisible("nav.site-nav a[href$='underskrifter/index.html']"), true);
  await page.click("nav.site-nav a[href$='underskrifter/index.html']");
  assert.equal(await page.textContent("h1"), "Beslut och underskrifter");
  await context.close();
  // On a wide screen every entry shows without a click.
  const wide = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await wide.goto(urls.bundled.public);
  assert.equal(await wide.isVisible("nav.site-nav a[href$='underskrifter/index.html']"), true);
  assert.equal(await wide.isVisible("nav.site-nav summary"), false);
  await wide.close();
});

test("on a phone the signature overview is one block per party, each state named by its agreement, with no sideways scrolling", async () => {
  for (const site of ["bundled", "tracker"]) {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(urls[site].public + "underskrifter/");
    const agreements = await page.$$eval("table.matrix thead th[scope=col] a", (as) => as.map((a) => a.textContent.trim()));
    assert.ok(agreements.length > 0, `${site}: no agreements in the overview`);
    const table = await page.$eval("table.matrix", (t) => ({ scroll: t.scrollWidth, client: t.clientWidth, right: t.getBoundingClientRect().right }));
    assert.ok(table.scroll <= table.client + 1 && table.right <= 390, `${site}: the overview is ${table.scroll}px wide in ${table.client}px`);
    // Every cell of a party's block says which agreement its state is for.
    const rows = await page.$$eval("table.matrix tbody tr", (trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => {
        const label = td.querySelector(".matrix-label");
        return label && getComputedStyle(label).display !== "none" ? label.textContent.trim() : null;
      })),
    );
    assert.ok(rows.length > 0);
    for (const cells of rows) assert.deepEqual(cells, agreements, `${site}: a party's cells are not labelled with their agreements`);
    if (site === "bundled") {
      // Region Dalarna is not a party to the sub-agreement: the cell says so in words.
      const shown = await page.$$eval("table.matrix td .not-party-text", (ss) => ss.filter((s) => s.getBoundingClientRect().width > 1).map((s) => s.textContent.trim()));
      assert.ok(shown.length > 0, "no cell says a party is not a party to the agreement");
      assert.ok(shown.every((t) => t === "Inte part i avtalet"), shown.join(" | "));
    }
    await page.close();
  }
  // On a wide screen it is a table again, and the column heads name the agreements once.
  const wide = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await wide.goto(urls.bundled.public + "underskrifter/");
  assert.equal(await wide.isVisible("table.matrix thead"), true);
  assert.equal(await wide.isVisible("table.matrix .matrix-label"), false);
  // There the "–" stands alone on screen, and the words are still read out.
  const hidden = await wide.$$eval("table.matrix td .not-party-text", (ss) => ss.map((s) => s.getBoundingClientRect().width));
  assert.ok(hidden.length > 0 && hidden.every((w) => w <= 1), `the words beside "–" show on a wide screen: ${hidden}`);
  await wide.close();
});

test("the start page's counts of decided and signed parties are the tracker's", async () => {
  const { stdout } = await run(bin, ["status", "--root", trackerRoot, "--format", "json"]);
  const status = JSON.parse(stdout);
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(urls.tracker.public);
  const cards = await page.$$eval("#avtalslage ~ .agreement-card", (cs) => cs.map((c) => ({ title: c.querySelector("h3").textContent.trim(), lines: [...c.querySelectorAll(".glance-lines li")].map((l) => l.textContent.trim()), state: c.querySelector(".state-tag").textContent.trim() })));
  assert.equal(cards.length, status.agreements.length);
  for (const a of status.agreements) {
    const card = cards.find((c) => c.title === a.title);
    assert.ok(card, `a card for ${a.title}`);
    const total = a.parties.length;
    // Decided: a decision (not a proposal) on this version, by a party that has not declined.
    const decided = a.parties.filter((p) => p.stage !== "declined" && p.decisions.some((d) => d.type === "decision")).length;
    assert.ok(card.lines.includes(`${decided} av ${total} parter har registrerat beslut`), `${a.title}: ${card.lines}`);
    assert.ok(card.lines.includes(`${a.counts.signed ?? 0} av ${total} parter har registrerad underskrift`), `${a.title}: ${card.lines}`);
    for (const [stage, words] of [["preparation", "har registrerat förslag till beslut"], ["declined", "har avböjt"]]) {
      const n = a.counts[stage] ?? 0;
      assert.equal(card.lines.includes(`${n} av ${total} parter ${words}`), n > 0, `${a.title}, ${stage}: ${card.lines}`);
    }
    // In force where the tracker finds the stated condition met; marked as computed.
    assert.equal(card.state.startsWith("Gäller"), a.in_force === true, `${a.title}: ${card.state}`);
  }
  const summary = await page.textContent(".glance-summary");
  const inForce = status.agreements.filter((a) => a.in_force === true).length;
  assert.match(summary, new RegExp(`Gäller enligt registret: ${inForce}\\b`));
  assert.match(await page.textContent(".glance-agreements"), /beräknat av styrdok/);
  // The latest decisions: decisions only, newest first, with Swedish dates.
  const latest = await page.$$eval("#senaste-beslut + ul li", (ls) => ls.map((l) => l.textContent));
  assert.ok(latest.length > 0 && latest.every((l) => !/förslag/i.test(l)), latest.join("\n"));
  assert.match(latest[0], /\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4}/);
  await page.close();
});

test("the municipality picker leads to the party page, which starts with what the party decided", async () => {
  for (const [site, name, slug] of [["bundled", "Gagnefs kommun", "gagnef"], ["tracker", "Ankeby kommun", "ankeby"]]) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(urls[site].public);
    await page.click(`#min-kommun ~ .party-picker a:text-is("${name}")`);
    assert.ok(page.url().endsWith(`parter/${slug}/index.html`) || page.url().endsWith(`parter/${slug}/`), page.url());
    assert.equal(await page.textContent("h1"), name);
    const headings = await page.$$eval("main h2", (hs) => hs.map((h) => h.textContent.trim()));
    assert.deepEqual(headings.slice(0, 3), ["Beslutat och undertecknat", "Beslut och förslag till beslut", "Vad parten betalar"]);
    await context.close();
  }
  // A signed party shows who signed and when, and its decision with date and paragraph.
  const page = await browser.newPage();
  await page.goto(urls.tracker.public + "parter/ankeby/");
  const summary = await page.textContent(".party-summary");
  assert.match(summary, /Undertecknat av Anna Andersson, Kommunstyrelsens ordförande, 10 april 2025/);
  assert.match(summary, /KF § 1.*1 april 2025/);
  await page.close();
});
