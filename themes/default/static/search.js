/* The search page: Pagefind's default UI, started with the ?q= of the search box. */
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("search");
    if (!box) return;
    var note = box.querySelector(".search-page__note");
    if (typeof window.PagefindUI !== "function") {
      if (note) note.textContent = "Search is not available on this copy of the site.";
      return;
    }
    if (window.location.protocol === "file:") {
      // Browsers do not let pages opened from a folder load the search index.
      if (note) note.textContent = "Search works when the site is served over the web, or with dossier serve.";
      return;
    }
    box.textContent = "";
    // Result links are site paths: resolve them under the folder the site is served from.
    var base = new URL(box.getAttribute("data-search-home") || "./", window.location.href).pathname;
    var ui = new window.PagefindUI({ element: "#search", baseUrl: base, showSubResults: true, showImages: false });
    // Pagefind names its box only with a title; give it a name screen readers announce.
    var input = box.querySelector(".pagefind-ui__search-input");
    if (input) input.setAttribute("aria-label", "Search the dossier");
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
