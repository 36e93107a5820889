/* The search page: Pagefind's search API over every bundle the site lists, with filters and order.
 *
 * The index is kept in several Pagefind bundles; /pagefind/bundles.json names
 * their folders, and what each was made from. It is read again before each
 * search, so a page left open finds what was indexed since (the preview indexes
 * in the background): when it changed, Pagefind starts afresh.
 */
(function () {
  "use strict";
  var form, note, list, selects, sortSelect, input;
  var loaded = { text: null, api: null, filters: null, filling: null, parts: [] };
  var latest = 0;
  var SHOWN = 50; // results shown at once
  // The page's words, in the site's language (search.html writes them); in English for a theme
  // whose search page has none.
  var words = {
    served: "Search works when the site is served over the web, or with dossier serve.",
    making: "The search index is being made; search again in a moment.",
    unavailable: "Search is not available on this copy of the site.",
    none: "No results.",
    results: { one: "{num} result", other: "{num} results" },
    first: "{results}, the first {shown} shown",
    oldest: "{results}, oldest first",
    newest: "{results}, newest first",
    page: "page",
  };
  var lang = document.documentElement.lang || "en";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;

  function number(value) {
    return value.toLocaleString(lang);
  }

  function counted(forms, count) {
    var form = (plural && forms[plural.select(count)]) || forms.other;
    return form.replace("{num}", number(count));
  }

  function start() {
    form = document.getElementById("search");
    if (!form) return;
    note = document.getElementById("search-note");
    list = document.getElementById("search-results");
    input = form.querySelector("input[name=q]");
    sortSelect = form.querySelector("select[name=sort]");
    selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var given = document.getElementById("search-words");
    if (given) words = JSON.parse(given.textContent);
    if (window.location.protocol === "file:") {
      // Browsers do not let pages opened from a folder load the search index.
      note.textContent = words.served;
      return;
    }
    form.querySelector(".search-form__options").hidden = false;
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    sortSelect.value = params.get("sort") || "";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    input.addEventListener("input", debounce(run, 250));
    selects.concat([sortSelect]).forEach(function (select) {
      select.addEventListener("change", run);
    });
    run(params);
  }

  function debounce(task, wait) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(task, wait);
    };
  }

  // The site's bundles: the same Pagefind as before unless the list changed. Each bundle is
  // merged at once (not one after the other), and its pages carry a filter naming their part.
  async function pagefind() {
    var address = new URL(form.getAttribute("data-bundles"), window.location.href);
    var response = await fetch(address, { cache: "no-store" });
    if (!response.ok) throw new Error("no index");
    var text = await response.text();
    if (text === loaded.text) return loaded.api;
    var bundles = JSON.parse(text).bundles;
    if (!bundles.length) throw new Error("the index is being made");
    var folder = new URL("./", address);
    var primary = new URL(bundles[0] + "/", folder).pathname;
    var api = await import(primary + "pagefind.js");
    if (loaded.api) await loaded.api.destroy();
    // Result links are site paths: resolve them under the folder the site is served from.
    var home = new URL(form.getAttribute("data-search-home") || "./", window.location.href).pathname;
    await api.options({ basePath: primary, baseUrl: home, excerptLength: 24, mergeFilter: { part: bundles[0] } });
    await Promise.all(
      bundles.slice(1).map(function (bundle) {
        return api.mergeIndex(new URL(bundle + "/", folder).pathname, { baseUrl: home, mergeFilter: { part: bundle } });
      })
    );
    loaded = { text: text, api: api, filters: null, filling: null, parts: bundles };
    return api;
  }

  // Once for each Pagefind: the lists' values, with what the address (``params``) chose.
  function fillFilters(api, params) {
    if (!loaded.filling) loaded.filling = api.filters().then(function (filters) {
      loaded.filters = filters;
      fill(params);
    });
    return loaded.filling;
  }

  function fill(params) {
    selects.forEach(function (select) {
      var name = select.getAttribute("data-filter");
      var chosen = params ? params.get(name) || "" : select.value;
      var values = Object.keys(loaded.filters[name] || {}).sort(function (a, b) {
        return name === "year" ? b.localeCompare(a) : a.localeCompare(b);
      });
      while (select.options.length > 1) select.remove(1);
      values.forEach(function (value) {
        select.add(new Option(value, value));
      });
      select.value = values.indexOf(chosen) >= 0 ? chosen : "";
    });
  }

  // The lists of topics, figures and years are filled once the first results are shown: their
  // values cost a look at every bundle (a second at 10,000 articles, where the search takes less).
  // When the address chose one of them, the search waits for its value to be there.
  async function run(params) {
    var ticket = ++latest;
    var api;
    var given = params instanceof URLSearchParams ? params : null;
    try {
      api = await pagefind();
      if (given && selects.some(function (select) { return given.get(select.getAttribute("data-filter")); })) {
        await fillFilters(api, given);
      }
    } catch (error) {
      if (ticket !== latest) return;
      note.textContent =
        error.message === "the index is being made"
          ? words.making
          : words.unavailable;
      return;
    }
    try {
      await search(api, ticket);
    } finally {
      fillFilters(api, given).catch(function () {}); // lists that cannot be filled stay empty
    }
  }

  async function search(api, ticket) {
    var term = input.value.trim();
    var filters = {};
    var query = new URLSearchParams();
    if (term) query.set("q", term);
    selects.forEach(function (select) {
      if (select.value) {
        filters[select.getAttribute("data-filter")] = select.value;
        query.set(select.getAttribute("data-filter"), select.value);
      }
    });
    var order = sortSelect.value;
    if (order) query.set("sort", order);
    var address = query.toString();
    window.history.replaceState(null, "", address ? "?" + address : window.location.pathname);
    if (!term && !Object.keys(filters).length) {
      if (ticket === latest) show([], "");
      return;
    }
    var found = order ? await byDate(api, term, filters, order) : await api.search(term || null, { filters: filters });
    var pages = await Promise.all(
      found.results.slice(0, SHOWN).map(function (result) {
        return result.data();
      })
    );
    if (ticket !== latest) return; // a newer search has begun
    var count = found.count === undefined ? found.results.length : found.count;
    var said = counted(words.results, count);
    if (count > pages.length) said = words.first.replace("{results}", said).replace("{shown}", number(pages.length));
    if (order) said = words[order === "oldest" ? "oldest" : "newest"].replace("{results}", said);
    show(pages, said);
  }

  // Pagefind orders each bundle's results, not the merged list: ask one part of the articles at a
  // time (the bundles are named by year, or by part of a year), newest or oldest first, until a page
  // of results is full, then the topic and figure pages. How many there are, one search tells.
  async function byDate(api, term, filters, order) {
    var sort = { date: order === "oldest" ? "asc" : "desc" };
    var parts = loaded.parts.filter(function (part) {
      return /^[0-9]{4}/.test(part) && (!filters.year || part.slice(0, 4) === filters.year);
    });
    parts.sort();
    if (order !== "oldest") parts.reverse();
    var all = await api.search(term || null, { filters: filters });
    var results = [];
    for (var i = 0; i < parts.length && results.length < SHOWN; i++) {
      var found = await api.search(term || null, { filters: Object.assign({}, filters, { part: parts[i] }), sort: sort });
      results = results.concat(found.results);
    }
    if (!filters.year && results.length < SHOWN) {
      var subjects = Object.assign({}, filters, { kind: { any: ["topic", "figure"] } });
      results = results.concat((await api.search(term || null, { filters: subjects })).results);
    }
    return { results: results.slice(0, SHOWN), count: all.results.length };
  }

  function show(pages, said) {
    list.textContent = "";
    note.textContent = said || (input.value.trim() ? words.none : "");
    if (input.value.trim() && !pages.length) note.textContent = words.none;
    pages.forEach(function (page) {
      var item = document.createElement("li");
      item.className = "search-result";
      var meta = page.meta || {};
      var line = document.createElement("p");
      line.className = "search-result__meta";
      var kind = document.createElement("span");
      kind.className = "search-result__kind";
      kind.textContent = meta.kind || words.page;
      line.appendChild(kind);
      [meta.date, meta.place].forEach(function (value) {
        if (!value) return;
        line.appendChild(document.createTextNode(" · "));
        var part = document.createElement("span");
        part.textContent = value;
        line.appendChild(part);
      });
      var title = document.createElement("h2");
      title.className = "search-result__title";
      var link = document.createElement("a");
      link.href = page.url;
      link.textContent = meta.title || page.url;
      title.appendChild(link);
      var excerpt = document.createElement("p");
      excerpt.className = "search-result__excerpt";
      excerpt.innerHTML = page.excerpt; // Pagefind's excerpt: escaped text with <mark> around the words found
      item.appendChild(title);
      item.appendChild(line);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
