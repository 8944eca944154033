// The search page: Pagefind's widget over the index built with the site.
// A query in the address (?q=words) is searched at once, and the address follows what
// the reader types, so a search can be bookmarked or shared.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;
  if (typeof window.PagefindUI !== "function") {
    // The index was not built (sitegen build --no-search) or failed to load.
    var note = document.querySelector(".search-unavailable");
    if (note) note.hidden = false;
    return;
  }
  // Pagefind files the text after the headline (the lede, before any heading of the
  // body) under the headline's id, and its widget shows a result's own excerpt only when
  // the first sub-result is the page itself. So a match in the lede is made the page's
  // own, first: the result then shows its excerpt instead of a bare headline. A result
  // with no sub-result left also shows its own excerpt.
  function ownExcerptFirst(result) {
    var page = result.meta && result.meta.url ? result.meta.url : result.url;
    var subs = result.sub_results || [];
    var lede = subs.filter(function (sub) { return /#headline$/.test(sub.url); });
    var rest = subs.filter(function (sub) { return !/#headline$/.test(sub.url); });
    if (lede.length || !rest.length) {
      var own = lede[0] || { title: result.meta.title, excerpt: result.excerpt };
      own = Object.assign({}, own, { url: page });
      rest.unshift(own);
    }
    result.sub_results = rest;
    return result;
  }
  var ui = new window.PagefindUI({
    element: "#search",
    baseUrl: root.getAttribute("data-base-url") || "/",
    showSubResults: true,
    showImages: false,
    autofocus: true,
    processResult: ownExcerptFirst,
  });
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q");
  if (query) ui.triggerSearch(query);
  root.addEventListener("input", function (event) {
    var target = event.target;
    if (!target || !target.classList.contains("pagefind-ui__search-input")) return;
    var url = new URL(window.location.href);
    if (target.value) url.searchParams.set("q", target.value);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.toString());
  });
})();
