// Printing: an agreement printed to PDF in headless Chromium carries its title, version and
// status on every page and "Sida N av M" page numbers, and ends with a signature block with
// lines to sign on; a decision prints its facts and numbered points. The PDF's text is read
// back with pdf.js (pdfjs-dist), as a reader of the printout would see it.
//
// Run: cargo build --locked && (cd tests/e2e && npm ci && node --test print.test.mjs)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.STYRDOK_BIN ?? path.join(repo, "target/debug/styrdok");
let browser, dir;
const out = {};

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "styrdok-print-"));
  for (const fixture of ["tracker", "bundled"]) {
    const root = fixture === "bundled" ? repo : path.join(dir, fixture);
    if (fixture !== "bundled") await cp(path.join(repo, "tests/fixtures", fixture), root, { recursive: true });
    out[fixture] = path.join(dir, `${fixture}-out`);
    await promisify(execFile)(bin, ["build", "--root", root, "--out", out[fixture]]);
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

/** Prints a built page to PDF and returns the text of each page. */
async function printed(file) {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href);
  const pdf = await page.pdf({ format: "A4", printBackground: false });
  await page.close();
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((x) => x.str).join(" ").replace(/\s+/g, " "));
  }
  return pages;
}

test("a printed agreement has its title, version and status and page numbers on every page", async () => {
  const pages = await printed(path.join(out.bundled, "public/dokument/samverkansavtal-nedre-dalarna/index.html"));
  assert.ok(pages.length >= 3, `the agreement prints on ${pages.length} pages`);
  pages.forEach((text, i) => {
    assert.match(text, /Samverkansavtal Mini-Maria verksamhet i samverkan, nedre Dalarna/, `page ${i + 1}: ${text.slice(0, 200)}`);
    assert.ok(text.includes(`Sida ${i + 1} av ${pages.length}`), `page ${i + 1} lacks its number: ${text.slice(-200)}`);
  });
  // No navigation, search or footer on paper.
  assert.ok(!pages.join(" ").includes("Hoppa till innehållet"));
});

test("an unsigned party's signature block has lines for place and date, signature and name", async () => {
  const pages = await printed(path.join(out.tracker, "public/dokument/avtal/index.html"));
  const all = pages.join(" ");
  for (const label of ["Ort och datum:", "Underskrift:", "Namnförtydligande:", "Titel:"]) {
    assert.ok(all.includes(label), `the printout lacks "${label}"`);
  }
});

test("a printed decision shows its facts and numbered points", async () => {
  const pages = await printed(path.join(out.bundled, "public/dokument/gagnef-ks-2025-179/index.html"));
  const all = pages.join(" ");
  assert.match(all, /KS § 179/);
  assert.match(all, /Kommunstyrelsen/);
  assert.ok(!all.includes("Hoppa till innehållet"));
});
