// Live reload for `sitegen serve`, added to served pages only (never to build output).
// The overlay lives in a shadow root so the site's CSS cannot restyle it, and it
// writes every problem with textContent: a message can quote the editor's text.
(() => {
  "use strict";
  const me = document.currentScript;
  let servedFrom = me.dataset.build;
  let host = null;

  function hide() {
    if (host) { host.remove(); host = null; }
  }

  // `failed`: the build failed, and the problems cover the page. Otherwise they are the
  // warnings of a good build (a broken link just saved), in a panel at the bottom.
  function show(problems, failed) {
    hide();
    host = document.createElement("sitegen-overlay");
    host.id = "sitegen-overlay";
    const root = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = `
      :host { all: initial; }
      .backdrop, .panel { position: fixed; inset: 0; z-index: 2147483647; overflow: auto;
        background: rgba(20, 20, 20, .88); color: #fff; padding: 2rem;
        font: 15px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      .panel { top: auto; max-height: 40vh; padding: 1rem 1.5rem;
        background: rgba(20, 20, 20, .95); border-top: 3px solid #ffd479; }
      .panel h2 { color: #ffd479; }
      h2 { font: 600 1.25rem/1.3 system-ui, sans-serif; margin: 0 0 .25rem; color: #ffb4a8; }
      p { font-family: system-ui, sans-serif; margin: 0 0 1rem; color: #ddd; }
      ol { margin: 0; padding-left: 1.5rem; }
      li { margin: .5rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
      .place { color: #9ecbff; font-weight: 600; }
      .error { color: #ff8f80; }
      .warning { color: #ffd479; }
      .field { color: #c8e1a0; }
      button { font: inherit; margin-top: 1rem; padding: .3rem .8rem; cursor: pointer; }`;
    const box = document.createElement("div");
    box.className = failed ? "backdrop" : "panel";
    box.setAttribute("role", failed ? "alertdialog" : "region");
    box.setAttribute("aria-labelledby", "sitegen-title");
    const title = document.createElement("h2");
    title.id = "sitegen-title";
    const note = document.createElement("p");
    if (failed) {
      title.textContent = "The site did not build";
      note.textContent = "Showing the last good version. " +
        "Fix the file and save: this page updates by itself.";
    } else {
      title.textContent = problems.length === 1 ? "1 warning" : `${problems.length} warnings`;
      note.textContent = "The site built and this page is up to date; " +
        "fix these before publishing.";
    }
    const list = document.createElement("ol");
    for (const problem of problems) {
      const item = document.createElement("li");
      const place = document.createElement("span");
      place.className = "place";
      place.textContent = problem.place;
      const severity = document.createElement("span");
      severity.className = problem.severity;
      severity.textContent = problem.severity;
      item.append(place, ": ", severity, ": ");
      if (problem.field) {
        const field = document.createElement("span");
        field.className = "field";
        field.textContent = problem.field;
        item.append(field, ": ");
      }
      item.append(problem.message);
      list.append(item);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", hide);
    box.append(title, note, list, close);
    root.append(style, box);
    document.documentElement.append(host);
  }

  const events = new EventSource(me.dataset.events);
  events.addEventListener("state", (message) => {
    const state = JSON.parse(message.data);
    if (state.problems.length) {
      show(state.problems, true);
    } else if (String(state.build) !== servedFrom && window.sitegenLive) {
      // A live page (theme's live.js) takes a saved entry from its updates.json, as a
      // reader's tab would, instead of reloading; it reloads when the page around the
      // entries changed.
      servedFrom = String(state.build);
      if (state.warnings.length) { show(state.warnings, false); } else { hide(); }
      window.sitegenLive.refresh();
    } else if (String(state.build) !== servedFrom) {
      location.reload();
    } else if (state.warnings.length) {
      show(state.warnings, false);
    } else {
      hide();
    }
  });
})();
