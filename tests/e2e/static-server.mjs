// A static file server for a built site, for the browser tests: bound to 127.0.0.1 on a free
// port, serving `root` under `prefix` ("/" for a site at the domain root, "/sub/" for one
// published under a sub-path). Search needs http, not file://.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".xml": "application/xml", ".wasm": "application/wasm", ".svg": "image/svg+xml" };
const servers = [];

/** Serves `root` at `prefix`; returns the URL of the site's root. */
export async function staticServer(root, prefix = "/") {
  const server = createServer(async (req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!p.startsWith(prefix)) { res.writeHead(404).end(); return; }
    p = "/" + p.slice(prefix.length);
    if (p.endsWith("/")) p += "index.html";
    const file = path.join(root, path.normalize(p));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) { res.writeHead(301, { Location: prefix + p.slice(1) + "/" }).end(); return; }
      res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      res.end(await readFile(file));
    } catch { res.writeHead(404).end(); }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}${prefix}`;
}

/** Closes every server this module started. */
export function closeServers() {
  for (const s of servers.splice(0)) s.close();
}
