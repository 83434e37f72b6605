// styrdok serve: live reload, the error overlay, and the scroll position kept across reloads.
// Added to pages by `styrdok serve` only (src/serve/inject.rs); never part of a build.
(() => {
  "use strict";
  const me = document.currentScript;
  const view = me.dataset.view;
  const pages = new Set((me.dataset.pages || "").split(" ").filter(Boolean));
  let build = me.dataset.build;
  // The overlay's words, from the theme's strings.yaml.
  const words = JSON.parse(me.dataset.strings || "{}");
  const word = (key, fallback) => words[key] || fallback;
  const scrollKey = "styrdok-serve:scroll:" + location.pathname;

  // A reload by this script saved where the reader was: go back there.
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    const [x, y] = JSON.parse(saved);
    const restore = () => window.scrollTo(x, y);
    restore();
    if (document.readyState !== "complete") {
      window.addEventListener("load", restore, { once: true });
    }
  }

  function reload() {
    sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  }

  // Swap the stylesheets whose files changed, without reloading the page.
  function swapCss(changed) {
    const prefix = view === "public" ? "/_public/" : "/";
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || !url.pathname.startsWith(prefix)) continue;
      const key = decodeURIComponent(url.pathname.slice(prefix.length));
      if (!changed.includes(key)) continue;
      url.searchParams.set("styrdok-serve", String(Date.now()));
      const fresh = link.cloneNode();
      fresh.href = url.href;
      const drop = () => link.remove();
      fresh.addEventListener("load", drop, { once: true });
      fresh.addEventListener("error", drop, { once: true });
      link.after(fresh);
    }
  }

  // The problems of a failed rebuild, over the last good page; none removes the overlay.
  let overlay = null;
  function showProblems(problems) {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
    if (!problems || problems.length === 0) return;
    overlay = document.createElement("div");
    overlay.id = "styrdok-serve-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;left:0;right:0;top:0;z-index:2147483647;max-height:60vh;overflow:auto;" +
      "margin:0;padding:.75rem 2.5rem .75rem 1rem;background:#2b0d0d;color:#fff;" +
      "font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
      "border-bottom:3px solid #e5484d;box-shadow:0 2px 8px rgba(0,0,0,.4);text-align:left";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.title = word("serve_hide", "Hide until the next rebuild");
    close.setAttribute("aria-label", close.title);
    close.style.cssText =
      "position:absolute;right:.5rem;top:.4rem;background:none;border:0;color:#fff;" +
      "font:20px/1 system-ui,sans-serif;cursor:pointer";
    close.addEventListener("click", () => showProblems([]));
    const errors = problems.filter((p) => p.severity === "error").length;
    const title = document.createElement("div");
    title.style.cssText = "font:600 14px/1.4 system-ui,sans-serif;margin-bottom:.5rem";
    title.textContent =
      "styrdok: " +
      word("serve_failed", "The last change does not build ({n} errors).").replace("{n}", String(errors));
    overlay.append(close, title);
    // The problems come errors first, in file order: the first ones at the top, where the
    // cause of the rest usually is; the others folded below them.
    const FIRST = 5;
    const list = (into, items) => {
      for (const p of items) {
        const line = document.createElement("div");
        line.className = "styrdok-serve-problem";
        line.style.cssText = "white-space:pre-wrap;color:" + (p.severity === "error" ? "#ffb4b4" : "#ffe08a");
        line.textContent = (p.location ? p.location + ": " : "") + p.severity + ": " + p.message;
        into.append(line);
        if (p.hint) {
          const hint = document.createElement("div");
          hint.style.cssText = "white-space:pre-wrap;color:#ccc;margin-left:2em";
          // As in the terminal: the diagnostics themselves are not translated.
          hint.textContent = "hint: " + p.hint;
          into.append(hint);
        }
      }
    };
    list(overlay, problems.slice(0, FIRST));
    if (problems.length > FIRST) {
      const rest = problems.slice(FIRST);
      const more = document.createElement("details");
      more.id = "styrdok-serve-more";
      more.style.cssText = "margin-top:.5rem";
      const summary = document.createElement("summary");
      summary.style.cssText = "cursor:pointer;font:13px/1.5 system-ui,sans-serif";
      const restErrors = rest.filter((p) => p.severity === "error").length;
      summary.textContent = word("serve_more", "{n} more ({e} errors, {w} warnings)")
        .replace("{n}", String(rest.length))
        .replace("{e}", String(restErrors))
        .replace("{w}", String(rest.length - restErrors));
      more.append(summary);
      list(more, rest);
      overlay.append(more);
    }
    (document.body || document.documentElement).append(overlay);
  }

  // The stream to the server. The browser reconnects by itself after a dropped connection,
  // but not after an answer other than 200 (the server is busy, 503): then try again later.
  function connect() {
    const events = new EventSource("/_styrdok/events");
    events.addEventListener("hello", (e) => {
      const state = JSON.parse(e.data);
      // The page is older than the site served (a rebuild went by unseen, or the server
      // restarted): reload it.
      if (state.build !== build) return reload();
      // Connected: tells a browser test the page is live.
      document.documentElement.setAttribute("data-styrdok-serve", "live");
      showProblems(state.diagnostics);
    });
    events.addEventListener("build", (e) => {
      const state = JSON.parse(e.data);
      showProblems([]);
      const before = build;
      build = state.build;
      const change = state[view];
      if (before === "none" || change.all) return reload();
      const changed = change.changed;
      if (changed.some((p) => pages.has(p))) return reload();
      // A changed script, image or other file this page uses. (Files only fetched on demand,
      // like the search index, do not make a page reload.)
      const used = resources();
      if (changed.some((p) => !p.endsWith(".css") && used.has(p))) return reload();
      const css = changed.filter((p) => p.endsWith(".css"));
      if (css.length > 0) swapCss(css);
    });
    events.addEventListener("failed", (e) => showProblems(JSON.parse(e.data).diagnostics));
    events.addEventListener("error", () => {
      if (events.readyState === EventSource.CLOSED) {
        setTimeout(connect, 2000 + Math.random() * 3000);
      }
    });
  }
  connect();

  // The page keys (paths in this view) of the files this page loads, stylesheets aside.
  function resources() {
    const prefix = view === "public" ? "/_public/" : "/";
    const keys = new Set();
    const selector =
      "script[src], img[src], source[src], video[src], audio[src], iframe[src], embed[src], " +
      'link[href]:not([rel~="stylesheet"])';
    for (const el of document.querySelectorAll(selector)) {
      const url = new URL(el.getAttribute("src") || el.getAttribute("href"), location.href);
      if (url.origin !== location.origin || !url.pathname.startsWith(prefix)) continue;
      let key = decodeURIComponent(url.pathname.slice(prefix.length));
      if (key === "" || key.endsWith("/")) key += "index.html";
      keys.add(key);
    }
    return keys;
  }
})();
