// End-to-end test of `styrdok serve` in a real browser: Debian's headless Chromium driven by
// playwright-core. Each test starts the binary (target/debug/styrdok, or $STYRDOK_BIN) with
// `--port 0` on a temporary copy of tests/fixtures/serve-live, opens a page, edits the sources
// and watches the page follow — without ever reloading it by hand.
//
// Run: cargo build --locked && (cd tests/e2e && npm ci && node --test)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.STYRDOK_BIN ?? path.join(repo, "target/debug/styrdok");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Bounds for waits that must end; reached only when something is wrong.
const WAIT = 20_000;

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** Starts `styrdok serve` on a fresh copy of a fixture; resolves once it printed its URL. */
async function serve(fixture = "serve-live") {
  const dir = await mkdtemp(path.join(tmpdir(), "styrdok-e2e-"));
  await cp(path.join(repo, "tests/fixtures", fixture), dir, { recursive: true });
  const child = spawn(bin, ["serve", "--root", dir, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${stderr}`)), 60_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.on("exit", (code) => reject(new Error(`styrdok serve exited with ${code}:\n${stderr}`)));
  });
  return {
    url,
    file: (rel) => path.join(dir, rel),
    async edit(rel, from, to) {
      const text = await readFile(path.join(dir, rel), "utf8");
      assert.ok(text.includes(from), `${rel} has no ${from}`);
      await writeFile(path.join(dir, rel), text.replace(from, to));
    },
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGINT");
        await once(child, "exit");
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Opens `url` and waits until the live-reload script is connected. */
async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  await page.goto(url);
  await page.waitForSelector('html[data-styrdok-serve="live"]', { timeout: WAIT });
  return page;
}

test("an edit appears in the open page by itself, at the same scroll position", async () => {
  const server = await serve();
  try {
    const page = await open(server.url + "dokument/lang-rapport/");
    assert.ok(!(await page.textContent("main")).includes("NY-SLUTTEXT-FRÅN-TESTET"));
    await page.evaluate(() => {
      window.__beforeReload = true;
      window.scrollTo(0, 1500);
    });
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(y > 1000, `the page is long enough to scroll (scrollY ${y})`);

    await server.edit("content/lang-rapport.md", "SLUTORD-MARKÖR.", "NY-SLUTTEXT-FRÅN-TESTET.");
    await page.waitForFunction(
      () => document.querySelector("main").textContent.includes("NY-SLUTTEXT-FRÅN-TESTET"),
      null,
      { timeout: WAIT },
    );
    assert.equal(await page.evaluate(() => window.__beforeReload), undefined, "it reloaded");
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, y, { timeout: WAIT });
  } finally {
    await server.stop();
  }
});

test("a page that refers to the edited document follows it", async () => {
  const server = await serve();
  try {
    // The note's empty link takes the number and title of the report's section.
    const page = await open(server.url + "dokument/intern-anteckning/");
    assert.match(await page.textContent("main"), /Steg 2/);
    await server.edit("content/lang-rapport.md", "## Steg 2 {#steg-2}", "## Andra steget {#steg-2}");
    await page.waitForFunction(
      () => document.querySelector("main").textContent.includes("Andra steget"),
      null,
      { timeout: WAIT },
    );
  } finally {
    await server.stop();
  }
});

test("a stylesheet change is swapped in without reloading the page", async () => {
  const server = await serve();
  try {
    const page = await open(server.url + "dokument/lang-rapport/");
    await page.evaluate(() => (window.__notReloaded = true));
    const css = await readFile(path.join(repo, "themes/default/static/style.css"), "utf8");
    await mkdir(server.file("themes/default/static"), { recursive: true });
    await writeFile(
      server.file("themes/default/static/style.css"),
      css + "\nmain { outline: 7px solid rgb(1, 2, 3); }\n",
    );
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector("main")).outlineColor === "rgb(1, 2, 3)",
      null,
      { timeout: WAIT },
    );
    assert.equal(await page.evaluate(() => window.__notReloaded), true, "the page was reloaded");
  } finally {
    await server.stop();
  }
});

test("many problems: the count and the first errors at the top, the rest folded below", async () => {
  const server = await serve();
  try {
    const page = await open(server.url + "dokument/lang-rapport/");
    // Seven references to documents that do not exist: seven errors, in file order.
    const broken = [1, 2, 3, 4, 5, 6, 7].map((n) => `[x](@finns-inte-${n})`).join(" ");
    await server.edit("content/lang-rapport.md", "SLUTORD-MARKÖR.", `SLUTORD-MARKÖR. ${broken}`);
    const overlay = await page.waitForSelector("#styrdok-serve-overlay", { timeout: WAIT });
    assert.match(await overlay.textContent(), /går inte att bygga \(7 fel\)/, "the count");
    const shown = await page.$$eval("#styrdok-serve-overlay > .styrdok-serve-problem", (ls) =>
      ls.map((l) => l.textContent),
    );
    assert.equal(shown.length, 5, "the first five at the top");
    assert.match(shown[0], /error: reference to unknown document `finns-inte-1`/);
    const more = await page.$eval("#styrdok-serve-more", (d) => ({
      open: d.open,
      summary: d.querySelector("summary").textContent,
      problems: d.querySelectorAll(".styrdok-serve-problem").length,
    }));
    assert.equal(more.open, false, "folded");
    const [, n, w] = more.summary.match(/^(\d+) till \(2 fel, (\d+) varningar\)$/) ?? [];
    assert.ok(n, `the summary counts what is folded: ${more.summary}`);
    assert.equal(Number(n), 2 + Number(w));
    assert.equal(more.problems, Number(n));
  } finally {
    await server.stop();
  }
});

test("a broken edit shows its errors over the page, and fixing it clears them", async () => {
  const server = await serve();
  try {
    const page = await open(server.url + "dokument/lang-rapport/");
    const other = await open(server.url + "_public/");
    await server.edit("content/lang-rapport.md", "kind: report", "kind: report\nfärg: blå");
    for (const p of [page, other]) {
      const overlay = await p.waitForSelector("#styrdok-serve-overlay", { timeout: WAIT });
      const text = await overlay.textContent();
      assert.match(text, /content\/lang-rapport\.md:4:1: error: unknown field `färg`/);
      assert.match(text, /går inte att bygga \(\d+ fel\)/, "the overlay speaks Swedish");
    }
    assert.ok((await page.textContent("main")).includes("SLUTORD-MARKÖR"), "the last good page stays");

    await server.edit("content/lang-rapport.md", "kind: report\nfärg: blå", "kind: report");
    for (const p of [page, other]) {
      await p.waitForSelector("#styrdok-serve-overlay", { state: "detached", timeout: WAIT });
    }
  } finally {
    await server.stop();
  }
});

test("the banner switches between the internal and the public view", async () => {
  const server = await serve();
  try {
    const page = await open(server.url + "dokument/lang-rapport/");
    assert.match(await page.textContent("#styrdok-serve-banner"), /Intern vy/);
    await page.click("#styrdok-serve-banner a");
    await page.waitForURL(server.url + "_public/dokument/lang-rapport/", { timeout: WAIT });
    assert.match(await page.textContent("#styrdok-serve-banner"), /Publik vy/);

    const internal = await open(server.url + "dokument/intern-anteckning/");
    assert.match(await internal.textContent("#styrdok-serve-banner"), /publik vy \(finns inte där\)/);
    const response = await internal.goto(server.url + "_public/dokument/intern-anteckning/");
    assert.equal(response.status(), 404);
    assert.ok(!(await internal.content()).includes("påhittade anteckningen"));
  } finally {
    await server.stop();
  }
});
