/* Glossary toggletips.
 *
 * In the article text, a term is a link to its entry in the "Terms in this article"
 * sidebar (#term-SLUG), and that is all a reader without JavaScript needs. With this script,
 * activating a term (click, tap, Enter or Space) opens its definition in place instead:
 * the term becomes a toggle button (aria-expanded), and the definition is written into a
 * live region just after it, so a screen reader announces it. Escape, activating the term
 * again, or a click elsewhere closes it; Escape returns focus to the term. Nothing opens on
 * hover alone.
 */
(function () {
  "use strict";

  var open = null; // {term, region} of the definition on show, if any

  function definitionOf(slug) {
    var entry = document.getElementById("term-" + slug);
    var definition = document.getElementById("def-" + slug);
    if (!entry || !definition) return null;
    var name = entry.querySelector("dfn, dt");
    return { name: name ? name.textContent : "", definition: definition };
  }

  // Keep the tip inside the text column: below the term, moved left if it would overflow.
  function place(term, tip) {
    var column = tip.offsetParent || document.body;
    var box = column.getBoundingClientRect();
    var rects = term.getClientRects();
    var at = rects.length ? rects[rects.length - 1] : term.getBoundingClientRect();
    var left = at.left - box.left;
    var room = box.width - tip.offsetWidth;
    tip.style.left = Math.max(0, Math.min(left, room)) + "px";
    tip.style.top = at.bottom - box.top + 6 + "px";
  }

  function close(returnFocus) {
    if (!open) return;
    var current = open;
    open = null;
    current.term.setAttribute("aria-expanded", "false");
    current.term.removeAttribute("aria-describedby");
    current.region.textContent = "";
    if (returnFocus) current.term.focus();
  }

  function show(term, region, found) {
    close(false);
    var tip = document.createElement("span");
    tip.className = "term-tip";
    tip.id = region.id + "-text";
    var name = document.createElement("strong");
    name.textContent = found.name;
    tip.appendChild(name);
    // The name is a heading line on screen; read aloud, a colon separates it from the text.
    var colon = document.createElement("span");
    colon.className = "visually-hidden";
    colon.textContent = ": ";
    tip.appendChild(colon);
    // A copy of the sidebar's definition, with its inline markup (emphasis, links).
    for (var n = found.definition.firstChild; n; n = n.nextSibling) {
      tip.appendChild(n.cloneNode(true));
    }
    open = { term: term, region: region };
    term.setAttribute("aria-expanded", "true");
    // Filled a moment after it was emptied, so screen readers notice the change.
    window.setTimeout(function () {
      if (!open || open.term !== term) return;
      region.appendChild(tip);
      term.setAttribute("aria-describedby", tip.id);
      place(term, tip);
    }, 50);
  }

  function enhance(term, index) {
    var slug = term.getAttribute("data-term");
    var found = slug && definitionOf(slug);
    if (!found) return; // no sidebar entry: leave the plain link as it is

    var region = document.createElement("span");
    region.className = "term-tip-region";
    region.id = "tip-" + slug + "-" + index;
    region.setAttribute("role", "status");
    term.insertAdjacentElement("afterend", region);

    term.setAttribute("role", "button");
    term.setAttribute("aria-expanded", "false");
    term.setAttribute("aria-controls", region.id);

    function toggle(event) {
      event.preventDefault();
      if (open && open.term === term) close(false);
      else show(term, region, found);
    }

    term.addEventListener("click", toggle);
    term.addEventListener("keydown", function (event) {
      // A button opens on Space as well as Enter (Enter arrives as a click).
      if (event.key === " " || event.key === "Spacebar") toggle(event);
    });
  }

  document.addEventListener("keydown", function (event) {
    if (open && (event.key === "Escape" || event.key === "Esc")) {
      event.preventDefault();
      close(true);
    }
  });

  document.addEventListener("click", function (event) {
    if (!open) return;
    var target = event.target;
    if (open.term.contains(target) || open.region.contains(target)) return;
    close(false);
  });

  window.addEventListener("resize", function () {
    if (open && open.region.firstChild) place(open.term, open.region.firstChild);
  });

  var terms = document.querySelectorAll("a.term[data-term]");
  for (var i = 0; i < terms.length; i++) enhance(terms[i], i);
})();
