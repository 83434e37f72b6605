// Every page of every built site, not a sample: the bundled site (the customer's documents) and
// the fictional fixtures, both audiences. For each page at 320 px and 1366 px: axe-core
// (WCAG 2.0/2.1 A and AA, and best practices) reports no violation, and the page does not
// scroll sideways (WCAG 1.4.10, reflow). Then the Nu HTML validator (vnu.jar, from the vnu-jar
// npm package, run with the machine's Java) reports no error on any page.
//
// Run: cargo build --locked && (cd tests/e2e && npm ci && node --test every-page.test.mjs)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { closeServers, staticServer } from "./static-server.mjs";
import { AxeBuilder } from "@axe-core/playwright";

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.STYRDOK_BIN ?? path.join(repo, "target/debug/styrdok");
const FIXTURES = ["basic", "lookup", "tracker", "leak", "statement/complete", "legal-force"];
const WIDTHS = [320, 1366];

let browser, dir;
/** Every site to walk: { name, root (built folder), url }. */
const sites = [];


/** Relative paths of every HTML page under `root` (the search bundle has none). */
async function pages(root) {
  const out = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(".html")) {
      const rel = path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name));
      out.push(rel.split(path.sep).join("/"));
    }
  }
  return out.sort();
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "styrdok-every-page-"));
  const only = process.env.E2E_SITES?.split(",");
  const builds = [["bundled", repo]].filter(([n]) => !only || only.includes(n));
  for (const f of FIXTURES.filter((n) => !only || only.includes(n))) {
    const root = path.join(dir, f);
    await cp(path.join(repo, "tests/fixtures", f), root, { recursive: true });
    builds.push([f, root]);
  }
  for (const [name, root] of builds) {
    const out = path.join(dir, `${name}-out`);
    await run(bin, ["build", "--root", root, "--out", out]);
    for (const audience of ["public", "internal"]) {
      const built = path.join(out, audience);
      sites.push({ name: `${name}/${audience}`, root: built, url: await staticServer(built) });
    }
  }
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

/** Checks one page at one width; returns its problems. */
async function checkPage(page, site, rel, width) {
  const problems = [];
  await page.goto(site.url + rel);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) problems.push(`${site.name}/${rel} @${width}px scrolls sideways by ${overflow} px`);
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  for (const v of result.violations) {
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
    problems.push(`${site.name}/${rel} @${width}px ${v.id}: ${v.help} (${v.nodes.length}×: ${where})`);
  }
  return problems;
}

test("every page: no axe violation and no sideways scrolling at 320 and 1366 px", async () => {
  const jobs = [];
  for (const site of sites) {
    const list = await pages(site.root);
    assert.ok(list.includes("index.html"), `${site.name} has a start page`);
    for (const width of WIDTHS) for (const rel of list) jobs.push({ site, rel, width });
  }
  // A few pages at a time: each worker has its own page per width.
  const problems = [];
  let next = 0;
  const worker = async () => {
    const contexts = {};
    for (const width of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      contexts[width] = { context, page: await context.newPage() };
    }
    while (next < jobs.length) {
      const { site, rel, width } = jobs[next++];
      problems.push(...(await checkPage(contexts[width].page, site, rel, width)));
    }
    for (const { context } of Object.values(contexts)) await context.close();
  };
  await Promise.all(Array.from({ length: Number(process.env.E2E_WORKERS ?? 3) }, worker));
  problems.sort();
  assert.deepEqual(problems, [], `${problems.length} problems in ${jobs.length} page loads:\n${problems.join("\n")}`);
  if (!process.env.E2E_SITES) assert.ok(jobs.length > 400, `walked ${jobs.length} page loads`);
});

test("every page: no error from the Nu HTML validator", async () => {
  const jar = path.join(repo, "tests/e2e/node_modules/vnu-jar/build/dist/vnu.jar");
  const roots = sites.map((s) => s.root);
  let stderr = "";
  try {
    await run("java", ["-jar", jar, "--errors-only", "--skip-non-html", ...roots], { maxBuffer: 64 << 20 });
  } catch (e) {
    stderr = e.stderr || String(e);
  }
  assert.equal(stderr.trim(), "", `the Nu validator found errors:\n${stderr.slice(0, 8000)}`);
});
