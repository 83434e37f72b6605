// The search box of the default theme: Pagefind's UI over the index built with the site
// (`pagefind/`), with the index's address made absolute and the box made accessible: a real
// label, the number of hits announced to screen readers, no invisible control in the tab
// order, and a plain message where search cannot work (a page opened from disk).
// Its words come from the theme's strings.yaml, through data attributes on #sok.
(function () {
  "use strict";

  // strings.yaml writes {term} and {count}; Pagefind wants [SEARCH_TERM] and [COUNT].
  function pagefindText(text) {
    return text.split("{term}").join("[SEARCH_TERM]").split("{count}").join("[COUNT]");
  }

  function start() {
    var box = document.getElementById("sok");
    if (!box) return;
    var words = box.dataset;

    // Pages opened as files cannot load the index (browsers refuse modules from file://):
    // say so, rather than a box that searches for ever.
    if (location.protocol === "file:") {
      var note = document.createElement("p");
      note.className = "search-unavailable";
      note.textContent = words.needsServer;
      box.appendChild(note);
      return;
    }
    if (typeof PagefindUI === "undefined") return;

    // Pagefind resolves a relative bundle path against the address of its own script, not of
    // the page: from the start page `pagefind/` became `pagefind/pagefind/`, and from a page
    // two folders deep in the preview's public view `../../pagefind/` left `/_public/` for
    // the internal index. Resolved here against the page, it is right at any depth, for a
    // site published under a sub-path, and in both views of `styrdok serve`.
    var bundle = new URL(box.dataset.bundle, document.baseURI).pathname;
    // Result links start where the site does (the folder that holds `pagefind/`).
    var base = bundle.replace(/pagefind\/$/, "");

    var translations = {};
    var keys = {
      placeholder: "placeholder",
      search_label: "label",
      zero_results: "zeroResults",
      one_result: "oneResult",
      many_results: "manyResults",
      searching: "searching",
      error_search: "failed",
      clear_search: "clear",
      load_more: "loadMore",
    };
    Object.keys(keys).forEach(function (key) {
      var text = words[keys[key]];
      if (text) translations[key] = pagefindText(text);
    });

    // A large site's index is split into bundles (`pagefind/del-1/` …), searched as one.
    var merged = (words.merge || "").split(" ").filter(Boolean).map(function (name) {
      return { bundlePath: bundle + name + "/", baseUrl: base };
    });

    new PagefindUI({
      element: "#sok",
      bundlePath: bundle,
      baseUrl: base,
      mergeIndex: merged,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      translations: translations,
    });

    var input = box.querySelector("input");
    if (input) {
      // A label a screen reader and a voice user can use, not only a placeholder.
      input.id = "sok-falt";
      input.setAttribute("autocomplete", "off");
      var label = document.createElement("label");
      label.className = "search-label";
      label.htmlFor = input.id;
      label.textContent = words.label;
      box.insertBefore(label, box.firstChild);
    }
    // One search landmark: the theme's, around the box.
    var form = box.querySelector("form");
    if (form) form.removeAttribute("role");

    // The number of hits, announced once the search has settled.
    var status = document.createElement("p");
    status.className = "sr-only";
    status.id = "sok-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    box.parentNode.insertBefore(status, box.nextSibling);
    var searching = pagefindText(words.searching || "").split("[SEARCH_TERM]")[0];
    var timer = null;
    new MutationObserver(function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var message = box.querySelector(".pagefind-ui__message");
        var text = message ? message.textContent.trim() : "";
        if (searching && text.indexOf(searching) === 0) return;
        if (status.textContent !== text) status.textContent = text;
      }, 250);
    }).observe(box, { childList: true, subtree: true, characterData: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
