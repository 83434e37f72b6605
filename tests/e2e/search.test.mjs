// End-to-end tests of the search box in a real browser (Debian's headless Chromium, driven by
// playwright-core), typed into as a reader would: from the start page and from pages one,
// two and three folders deep; on a site published at a domain's root and under a sub-path
// (`base_url` with a path); in both views of `styrdok serve` (internal `/`, public
// `/_public/`). Results must appear, lead to the right page in the same view, and the public
// side must never show an internal hit. Also: the box's label, its placeholder's contrast,
// the hit count announced to screen readers, no invisible control in the tab order, and the
// message shown when the site is opened from disk.
//
// The site is the fictional fixture tests/fixtures/search: "gulsparven" is public,
// "kolibrin" stands only in an internal passage of a public document and "zebrafinken" only
// in an internal document.
//
// Run: cargo build --locked && (cd tests/e2e && npm ci && node --test)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { closeServers, staticServer } from "./static-server.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.STYRDOK_BIN ?? path.join(repo, "target/debug/styrdok");
// Bounds for waits that must end; reached only when something is wrong.
const WAIT = 20_000;
// Where the sub-path site is published: base_url's path, and the folder the server serves it at.
const SUB = "/fagel/sok/";

let browser, dir, serveProcess;
/** Each place the site is served: its address, the path its pages start with, its audience. */
const places = [];


/** Copies the fixture to `name` with `base_url`, and builds it into `name/out`. */
async function build(name, baseUrl) {
  const root = path.join(dir, name);
  await cp(path.join(repo, "tests/fixtures/search"), root, { recursive: true });
  const yaml = await readFile(path.join(root, "styrdok.yaml"), "utf8");
  await writeFile(path.join(root, "styrdok.yaml"), yaml.replace(/^base_url: .*$/m, `base_url: ${baseUrl}`));
  await promisify(execFile)(bin, ["build", "--root", root, "--out", path.join(root, "out")]);
  return root;
}

/** `styrdok serve` on a copy of the fixture; resolves to its URL once printed. */
async function serve() {
  const root = path.join(dir, "serve");
  await cp(path.join(repo, "tests/fixtures/search"), root, { recursive: true });
  serveProcess = spawn(bin, ["serve", "--root", root, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  serveProcess.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${stderr}`)), 60_000);
    serveProcess.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    serveProcess.on("exit", (code) => reject(new Error(`styrdok serve exited with ${code}:\n${stderr}`)));
  });
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "styrdok-search-"));
  const rootSite = await build("root", "https://sok.exempel.invalid/");
  const subSite = await build("sub", `https://sok.exempel.invalid${SUB}`);
  for (const audience of ["public", "internal"]) {
    const atRoot = await staticServer(path.join(rootSite, "out", audience), "/");
    places.push({ name: `domain root, ${audience}`, url: atRoot, prefix: "/", internal: audience === "internal" });
    const atSub = await staticServer(path.join(subSite, "out", audience), SUB);
    places.push({ name: `sub-path, ${audience}`, url: atSub, prefix: SUB, internal: audience === "internal" });
  }
  const preview = await serve();
  places.push({ name: "styrdok serve, internal view", url: preview, prefix: "/", internal: true });
  places.push({ name: "styrdok serve, public view", url: preview + "_public/", prefix: "/_public/", internal: false });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  closeServers();
  if (serveProcess && serveProcess.exitCode === null) {
    serveProcess.kill("SIGINT");
    await once(serveProcess, "exit");
  }
  await rm(dir, { recursive: true, force: true });
});

/** The value of a key in the theme's strings.yaml. */
async function themeString(key) {
  const yaml = await readFile(path.join(repo, "themes/default/strings.yaml"), "utf8");
  const m = yaml.match(new RegExp(`^  ${key}: (.*)$`, "m"));
  assert.ok(m, `no ${key} in strings.yaml`);
  return m[1].replace(/^"(.*)"$/, "$1");
}

/** Types `query` into the search box and waits for it to settle: the hrefs of the results. */
async function typeSearch(page, query) {
  await page.fill("#sok input", query);
  // Settled: the hit count is announced, for this query.
  await page.waitForFunction(
    (q) => {
      const status = document.getElementById("sok-status")?.textContent ?? "";
      // And every hit shown in full (Pagefind draws a placeholder while it loads one).
      const loading = document.querySelector("#sok .pagefind-ui__loading");
      return status.includes(q) && !/Söker/.test(status) && !loading;
    },
    query,
    { timeout: WAIT },
  );
  return page.locator("#sok .pagefind-ui__result-link").evaluateAll((as) => as.map((a) => a.href));
}

// The start page, a page one folder deep, and pages two and three folders deep.
const PAGES = ["", "ordlista/", "dokument/fagelskydd/", "dokument/fagelskydd/v1/"];

test("search from every depth, at a domain root and under a sub-path, in both views", async () => {
  for (const place of places) {
    // The preview also answers an unknown address with the 404 page, which has the box too.
    const extra = place.name.startsWith("styrdok serve") ? ["finns/inte/alls/"] : [];
    for (const pagePath of [...PAGES, ...extra]) {
      const where = `${place.name}: /${pagePath}`;
      const page = await browser.newPage();
      await page.goto(place.url + pagePath);

      const hits = await typeSearch(page, "gulsparven");
      assert.ok(hits.length > 0, `${where}: no hits for a public word`);
      const origin = new URL(place.url).origin;
      for (const href of hits) {
        const url = new URL(href);
        assert.equal(url.origin, origin, `${where}: ${href}`);
        assert.ok(url.pathname.startsWith(place.prefix), `${where}: ${href} leaves ${place.prefix}`);
        if (place.prefix === "/") assert.ok(!url.pathname.startsWith("/_public/"), `${where}: ${href}`);
      }
      // Results link page files, as the site's own links do (`links: index-html`, the default).
      const doc = `${origin}${place.prefix}dokument/fagelskydd/index.html`;
      assert.ok(hits.some((h) => h.split("#")[0] === doc), `${where}: no hit on ${doc} in ${hits.join(" ")}`);
      // The hit leads to the page in this view, and it holds the word.
      const answer = await page.request.get(doc);
      assert.equal(answer.status(), 200, `${where}: ${doc}`);
      assert.match(await answer.text(), /gulsparven/);

      for (const [word, home] of [["kolibrin", "dokument/fagelskydd/index.html"], ["zebrafinken", "dokument/intern-rutin/index.html"]]) {
        const found = await typeSearch(page, word);
        if (place.internal) {
          assert.ok(found.some((h) => h.split("#")[0] === `${origin}${place.prefix}${home}`), `${where}: ${word}: ${found.join(" ")}`);
        } else {
          assert.deepEqual(found, [], `${where}: an internal word found publicly`);
          assert.equal(await page.textContent("#sok-status"), `Inga träffar för ${word}`);
        }
      }
      await page.close();
    }
  }
});

test("the search box has a label, a readable placeholder and announces the hits", async () => {
  const place = places.find((p) => p.name === "sub-path, public");
  const page = await browser.newPage();
  await page.goto(place.url + "dokument/fagelskydd/v1/");
  const label = await themeString("search_label");
  // The input's accessible name comes from a <label> element, not a placeholder or title.
  const input = page.locator("#sok input");
  assert.equal(await input.count(), 1);
  assert.deepEqual(await input.evaluate((el) => [...el.labels].map((l) => l.textContent)), [label]);
  assert.equal(await page.getByRole("textbox", { name: label, exact: true }).count(), 1);
  assert.equal(await page.locator('label[for="sok-falt"]').isVisible(), true);

  const ratio = await page.evaluate(() => {
    const input = document.querySelector("#sok input");
    const rgb = (c) => c.match(/[\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
      const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ph = getComputedStyle(input, "::placeholder");
    const bg = rgb(getComputedStyle(input).backgroundColor);
    let fg = rgb(ph.color);
    // Blend the placeholder over the background by its opacity and alpha.
    const alpha = Number(ph.opacity) * (fg.length > 3 ? fg[3] : 1);
    fg = fg.slice(0, 3).map((v, i) => v * alpha + bg[i] * (1 - alpha));
    const [l1, l2] = [luminance(fg), luminance(bg.slice(0, 3))].sort((a, b) => b - a);
    return (l1 + 0.05) / (l2 + 0.05);
  });
  assert.ok(ratio >= 4.5, `placeholder contrast ${ratio.toFixed(2)}:1`);

  const status = page.locator("#sok-status");
  assert.equal(await status.getAttribute("aria-live"), "polite");
  assert.equal(await status.getAttribute("role"), "status");
  await typeSearch(page, "gulsparven");
  // One hit per page found, as on screen.
  const shown = await page.locator("#sok .pagefind-ui__result").count();
  assert.ok(shown > 0);
  assert.equal(await status.textContent(), `${shown} ${shown > 1 ? "träffar" : "träff"} för gulsparven`);
  // Not only on screen: the status is in the accessibility tree (not display:none).
  const snapshot = await page.locator(".site-search").ariaSnapshot();
  assert.match(snapshot, /status: .*träff/);
  await page.close();
});

test("no invisible control in the search box takes focus", async () => {
  const place = places.find((p) => p.name === "domain root, public");
  const page = await browser.newPage();
  await page.goto(place.url);
  for (const query of ["", "gulsparven", ""]) {
    if (query) await typeSearch(page, query);
    else await page.fill("#sok input", "");
    await page.focus("#sok input");
    // Tab through everything after the box, back to the start of the page.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        return {
          what: el.outerHTML.slice(0, 120),
          inBox: !!el.closest(".site-search"),
          visible: el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && el.getBoundingClientRect().width > 0,
        };
      });
      if (!focused || !focused.inBox) break;
      assert.ok(focused.visible, `query "${query}": an invisible control takes focus: ${focused.what}`);
    }
  }
  await page.close();
});

test("opened from disk, the search box says search needs the site to be served", async () => {
  const message = await themeString("search_needs_server");
  const out = path.join(dir, "root", "out", "public");
  for (const file of ["index.html", "ordlista/index.html", "dokument/fagelskydd/v1/index.html"]) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(out, file)).href);
    const note = page.locator(".site-search .search-unavailable");
    await note.waitFor({ timeout: WAIT });
    assert.equal(await note.textContent(), message);
    assert.ok(await note.isVisible());
    assert.equal(await page.locator("#sok input").count(), 0, "no box that cannot search");
    assert.doesNotMatch(await page.textContent("body"), /Söker efter/);
    await page.close();
  }
});
