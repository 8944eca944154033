// A live page's updates, polled from `updates.json` beside it (written by each build).
//
// The page is complete without this script. With it, new entries appear at the top of
// the feed while the reader is above it; a reader further down is offered a button,
// "N new updates", instead of having the text they are reading pushed away. Edited
// entries are replaced where they are and deleted ones removed. Polling backs off
// (15 to 60 s; slower when nothing changes or after an error), pauses while the tab is
// hidden and stops once coverage has ended. `?live-poll=MS` sets the interval (tests).
(() => {
  "use strict";
  const root = document.querySelector("[data-live]");
  if (!root) return;
  const feed = root.querySelector('[role="feed"]');
  const button = root.querySelector(".live-new");
  const announcer = root.querySelector("[data-live-announcer]");
  const override = Number(new URLSearchParams(location.search).get("live-poll"));
  const MIN = override > 0 ? override : Number(root.dataset.pollMin) || 15000;
  const MAX = override > 0 ? override * 4 : Number(root.dataset.pollMax) || 60000;
  const pending = new Map(); // id -> entry from updates.json, not yet on the page
  let delay = MIN;
  let timer = null;
  let busy = false;
  let stopped = root.dataset.liveStatus !== "live";
  let polls = 0; // requests made: tests read them through `sitegenLive.state()`

  const entries = () => Array.from(feed.querySelectorAll(":scope > .live-entry"));
  const onPage = (id) => entries().find((el) => el.id === id) || null;

  function schedule(ms) {
    clearTimeout(timer);
    timer = null;
    if (!stopped && !document.hidden) timer = setTimeout(poll, ms);
  }

  async function poll(options = {}) {
    clearTimeout(timer);
    timer = null;
    if (busy || (stopped && !options.force)) return;
    busy = true;
    polls += 1;
    try {
      const response = await fetch(root.dataset.live, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      if (options.reloadOnPageChange && data.page !== root.dataset.page) {
        location.reload();
        return;
      }
      const changed = apply(data);
      delay = changed ? MIN : Math.min(Math.round(delay * 1.5), MAX);
    } catch (error) {
      delay = Math.min(delay * 2, MAX); // a network error or a half-written file
    } finally {
      busy = false;
    }
    schedule(delay);
  }

  function element(entry) {
    const template = document.createElement("template");
    template.innerHTML = entry.html;
    const el = template.content.firstElementChild;
    // A term first used in a new entry has no definition in this page's sidebar yet.
    for (const link of el.querySelectorAll("a.term[data-term]")) {
      if (!document.getElementById(link.hash.slice(1))) {
        link.href = `${root.dataset.glossary}#${link.dataset.term}`;
      }
    }
    return el;
  }

  function place(el) {
    if (el.classList.contains("live-pinned")) {
      feed.prepend(el);
      return;
    }
    const time = Date.parse(el.dataset.time);
    const later = entries().find(
      (other) => !other.classList.contains("live-pinned") && Date.parse(other.dataset.time) < time,
    );
    feed.insertBefore(el, later || null);
  }

  function apply(data) {
    let changed = false;
    const ids = new Set(data.ids);
    for (const el of entries()) {
      if (!ids.has(el.id)) {
        el.remove();
        changed = true;
      }
    }
    for (const id of pending.keys()) if (!ids.has(id)) pending.delete(id);
    for (const entry of data.entries) {
      const old = onPage(entry.id);
      if (old && old.dataset.version !== entry.version) {
        const el = element(entry);
        if (old.classList.contains("live-pinned") === entry.pinned) {
          old.replaceWith(el);
        } else {
          old.remove();
          place(el);
        }
        changed = true;
      } else if (!old && pending.get(entry.id)?.version !== entry.version) {
        pending.set(entry.id, entry);
        changed = true;
      }
    }
    updateKeyEvents(data);
    if (pending.size) {
      if (atTop()) show(false);
      else offer();
    }
    status(data);
    return changed;
  }

  // The reader is "at the top" while the feed's first entry is not above the window:
  // what they read is above the feed, or its start, and an insertion moves nothing.
  function atTop() {
    return feed.getBoundingClientRect().top >= 0;
  }

  function offer() {
    const n = pending.size;
    const words = n === 1 ? "1 new update" : `${n} new updates`;
    if (button.hidden || button.textContent !== words) {
      button.textContent = words;
      button.hidden = false;
      announce(`${words}. Use the “${words}” button at the top of the updates to show them.`);
    }
  }

  function show(focus) {
    const news = Array.from(pending.values()).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    pending.clear();
    button.hidden = true;
    let first = null;
    root.querySelector(".live-empty")?.remove();
    for (const entry of news) {
      const el = element(entry);
      place(el);
      first = el; // the newest is placed last
    }
    if (news.length === 1) {
      announce(`New update: ${news[0].title || first.querySelector(".entry-time").textContent}`);
    } else if (news.length) {
      announce(`${news.length} new updates`);
    }
    if (focus && first) {
      // Asked for by the reader (the button): take them to the newest entry.
      first.focus({ preventScroll: true });
      first.scrollIntoView({ block: "start" });
    }
  }

  function announce(text) {
    // Polite: read when the reader pauses, and never moving focus.
    announcer.textContent = "";
    setTimeout(() => {
      announcer.textContent = text;
    }, 50);
  }

  function updateKeyEvents(data) {
    const list = document.querySelector("[data-key-events]");
    if (!list) return;
    const ids = new Set(data.ids);
    for (const item of Array.from(list.children)) {
      const id = item.querySelector("a").hash.slice(1);
      const entry = data.entries.find((e) => e.id === id);
      if (!ids.has(id) || (entry && !entry.key)) item.remove();
    }
    for (const entry of data.entries) {
      if (!entry.key || list.querySelector(`a[href="#${CSS.escape(entry.id)}"]`)) continue;
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `#${entry.id}`;
      const time = document.createElement("time");
      time.dateTime = entry.time;
      time.textContent = element(entry).querySelector(".entry-time").textContent;
      link.append(time, ` ${entry.title || "Update"}`);
      item.append(link);
      const later = Array.from(list.children).find(
        (li) => Date.parse(li.querySelector("time").dateTime) < Date.parse(entry.time),
      );
      list.insertBefore(item, later || null);
    }
    list.closest("nav").hidden = list.children.length === 0;
  }

  function status(data) {
    const badge = document.querySelector("[data-live-badge]");
    if (data.status === "ended") {
      stopped = true;
      clearTimeout(timer);
      timer = null;
      root.dataset.liveStatus = "ended";
      if (badge && data.ended) {
        badge.classList.add("live-ended");
        const time = document.createElement("time");
        time.dateTime = data.ended;
        time.textContent = data.ended_text || data.ended;
        badge.replaceChildren("Coverage ended ", time);
      }
      return;
    }
    const time = badge?.querySelector(".live-since time");
    if (time && data.updated_text) {
      time.dateTime = data.updated;
      time.textContent = data.updated_text;
    }
  }

  button.addEventListener("click", () => show(true));
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) schedule(0); // clears the timer: nothing runs while hidden
    else if (!stopped) poll();
  });
  // `sitegen serve` asks for the entries at once after a build, instead of a reload.
  window.sitegenLive = {
    refresh: () => poll({ force: true, reloadOnPageChange: true }),
    state: () => ({ polls, busy, stopped, scheduled: timer !== null }),
  };
  schedule(delay);
})();
