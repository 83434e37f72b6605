// Takes the design screenshots (start page, main agreement, signature tracker, a party page) of a
// built public site at phone and desktop widths. Not a test: a tool for reviewing the design.
// Usage: node shots.mjs SITE_DIR OUT_DIR
import { chromium } from "playwright-core";
import { staticServer, closeServers } from "./static-server.mjs";
import path from "node:path";

const [site, out] = process.argv.slice(2);
const base = await staticServer(path.resolve(site));
const pages = {
  start: "",
  agreement: "dokument/samverkansavtal-nedre-dalarna/",
  tracker: "underskrifter/",
  party: "parter/gagnef/",
};
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox"] });
for (const [w, h] of [[390, 844], [1366, 900]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  for (const [name, href] of Object.entries(pages)) {
    await page.goto(base + href);
    await page.screenshot({ path: path.join(out, `${name}-${w}.png`), fullPage: true });
    await page.screenshot({ path: path.join(out, `${name}-${w}-first-screen.png`) });
  }
  await page.close();
}
await browser.close();
closeServers();
