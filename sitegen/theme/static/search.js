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
  var ui = new window.PagefindUI({
    element: "#search",
    baseUrl: root.getAttribute("data-base-url") || "/",
    showSubResults: true,
    showImages: false,
    autofocus: true,
    // The headline is the result's own title: a sub-result pointing at it says nothing.
    processResult: function (result) {
      result.sub_results = (result.sub_results || []).filter(function (sub) {
        return !/#headline$/.test(sub.url);
      });
      return result;
    },
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
