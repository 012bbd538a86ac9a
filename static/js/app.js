// Allies Notes: small enhancements on top of plain forms and htmx.
// No inline handlers anywhere (the CSP forbids them): behaviour is wired here.
//
// The editor's promise is that nothing typed is lost:
// - every form marked data-autosave saves itself (htmx, see the autosave tag);
// - everything typed is also kept on this device (localStorage) until the
//   server has it, and put back after a reload or a redraw of the form;
// - a redraw (moving or adding a section, say) waits for pending saves;
// - the save state is shown, and announced to screen readers.
"use strict";

(function () {
  const BACKUP = "allies-notes:typing:";
  let pending = 0;
  let lastStatus = "";
  // The forms whose last save failed, with what to say: these, and only
  // these, show in the warning colour until a save of theirs succeeds.
  const failures = new Map();

  document.documentElement.classList.add("js");

  if (window.htmx) {
    // Conflicts (409) and mistakes (422) come with a region to show; swap it.
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "409", swap: true, error: false },
      { code: "422", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
    ];
  }

  // ---- Saying what happened -------------------------------------------------

  function setStatus(text, kind) {
    const bar = document.getElementById("save-status");
    if (!bar || text === lastStatus) return;
    lastStatus = text;
    bar.textContent = text;
    bar.dataset.state = kind || "";
  }

  function announce(text) {
    const live = document.getElementById("announcer") || document.getElementById("save-status");
    if (!live || !text) return;
    live.textContent = "";
    // A fresh text node after a tick is announced even if the words repeat.
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  // Typing that waits for its save (0.8 s after the last key) is simply being
  // saved: only a save that failed is worth the warning colour.
  function refreshStatus() {
    for (const [id, text] of failures) {
      const form = document.getElementById(id);
      if (form && hasBackup(form)) { setStatus(text, "problem"); return; }
      failures.delete(id);
    }
    const unsaved = autosaveForms().filter(hasBackup);
    if (pending > 0 || unsaved.some(function (form) { return form.dataset.backup === "update"; })) {
      setStatus("Saving…", "saving");
    } else if (unsaved.length) {
      // Typing in an "Add …" form is kept, but becomes part of the notes only when added.
      setStatus("All changes saved. Not added yet: what you typed in an “Add” form.", "saved");
    } else {
      setStatus("All changes saved.", "saved");
    }
  }

  function failed(form, text) {
    if (form && form.id) failures.set(form.id, text);
    setStatus(text, "problem");
  }

  // ---- What a form holds, and the copy kept on this device -------------------

  function autosaveForms(root) {
    root = root || document;
    const forms = Array.from(root.querySelectorAll ? root.querySelectorAll("form[data-backup]") : []);
    if (root.matches && root.matches("form[data-backup]")) forms.push(root);
    return forms;
  }

  function snapshot(form) {
    const values = {};
    for (const el of form.elements) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button" ||
          el.type === "date" || el.name === "csrfmiddlewaretoken") continue;
      if (el.type === "checkbox") values[el.name] = el.checked;
      else if (el.type === "radio") { if (el.checked) values[el.name] = el.value; }
      else values[el.name] = el.value;
    }
    return values;
  }

  function fill(form, values) {
    for (const el of form.elements) {
      if (!(el.name in values)) continue;
      if (el.type === "checkbox") el.checked = Boolean(values[el.name]);
      else if (el.type === "radio") el.checked = el.value === values[el.name];
      else el.value = values[el.name];
    }
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function versionInput(form) { return form.querySelector("input[data-version]"); }
  function key(form) { return BACKUP + form.id; }

  function readBackup(form) {
    try { return JSON.parse(window.localStorage.getItem(key(form)) || "null"); }
    catch (error) { return null; }
  }
  function hasBackup(form) { return readBackup(form) !== null; }
  function dropBackup(form) { try { window.localStorage.removeItem(key(form)); } catch (error) { /* private mode */ } }

  function keepBackup(form) {
    const version = versionInput(form);
    const record = { version: version ? version.value : null, values: snapshot(form), at: Date.now() };
    try { window.localStorage.setItem(key(form), JSON.stringify(record)); } catch (error) { /* full or private */ }
  }

  // After a reload or a redraw: put back what was typed but never saved. If the
  // server has moved on since, the save goes with the old version, so the
  // server shows both versions instead of overwriting anybody.
  function restore(root) {
    let restored = 0;
    for (const form of autosaveForms(root)) {
      const backup = readBackup(form);
      if (!backup || !form.id) continue;
      const now = snapshot(form);
      // A redrawn form may have fewer boxes (no role for someone absent).
      const kept = {};
      for (const name of Object.keys(now)) if (name in backup.values) kept[name] = backup.values[name];
      if (same(kept, now)) { dropBackup(form); continue; }
      fill(form, backup.values);
      restored += 1;
      if (form.dataset.backup === "update") {
        const version = versionInput(form);
        if (version && backup.version !== null) version.value = backup.version;
        window.htmx.trigger(form, "submit");
      }
    }
    if (restored) {
      announce("Put back what you typed on this device before the page was reloaded (" +
        restored + " part" + (restored > 1 ? "s" : "") + ").");
    }
    refreshStatus();
  }

  document.addEventListener("input", function (event) {
    const form = event.target.form;
    if (form && form.dataset.backup) { keepBackup(form); refreshStatus(); }
  });
  document.addEventListener("change", function (event) {
    const form = event.target.form;
    if (form && form.dataset.backup) { keepBackup(form); }
  });

  // ---- Saves in flight --------------------------------------------------------

  document.addEventListener("htmx:configRequest", function (event) {
    const form = event.detail.elt;
    if (!(form instanceof HTMLFormElement) || !form.dataset.backup) return;
    form.sentValues = snapshot(form);
    pending += 1;
    refreshStatus();
  });

  // The answer is handled before it is swapped in: the form that asked may be
  // redrawn by it, and events on a form that left the page reach nobody.
  document.addEventListener("htmx:beforeSwap", function (event) {
    // Fired on the target; the form that asked is in the request's config.
    const form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!(form instanceof HTMLFormElement) || !form.dataset.backup) return;
    pending = Math.max(0, pending - 1);
    const status = event.detail.xhr.status;
    if (status >= 200 && status < 300) {
      failures.delete(form.id);
      // The sensitivity check's region listens for this, to check the notes again.
      document.body.dispatchEvent(new CustomEvent("notes:saved"));
      if (form.dataset.backup === "create") dropBackup(form);
      // After the swap: typing that came after the save stays kept, now
      // against the version the save returned; a redrawn form is checked on load.
      window.setTimeout(function () {
        if (form.isConnected && form.dataset.backup === "update") {
          if (same(snapshot(form), form.sentValues)) dropBackup(form);
          else keepBackup(form);
        }
        refreshStatus();
      }, 0);
    } else if (status === 409) {
      failed(form, "Not saved: someone else changed the same part. Choose a version where it is shown.");
    } else if (status === 422) {
      failed(form, "Not saved yet: see the message under the part you were changing.");
    } else if (status === 403) {
      failed(form, "Not saved: these notes can no longer be changed here. Reload the page to see why.");
    } else {
      failed(form, "Not saved: the server had a problem. What you typed is kept on this device; try again in a moment.");
    }
  });

  // A save after the login has ended: nothing was saved, and the server sends
  // the page to the login page (HX-Redirect, which htmx follows before any
  // swap). What was typed stays on this device and is put back, and sent, when
  // the login page brings the person back here.
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    if (event.detail.xhr.status !== 401) return;
    const form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (form instanceof HTMLFormElement && form.dataset.backup) pending = Math.max(0, pending - 1);
    failed(form, "Not saved: you are no longer logged in. What you typed is kept on this device; log in again to save it.");
  });

  function offline(event) {
    const form = event.detail.elt;
    if (!(form instanceof HTMLFormElement) || !form.dataset.backup) return;
    pending = Math.max(0, pending - 1);
    failed(form, "Not saved: no connection. What you typed is kept on this device and is sent again when the connection is back.");
  }
  document.addEventListener("htmx:sendError", offline);
  document.addEventListener("htmx:timeout", offline);

  window.addEventListener("online", function () {
    for (const form of autosaveForms()) {
      if (form.dataset.backup === "update" && hasBackup(form)) window.htmx.trigger(form, "submit");
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (pending > 0) { event.preventDefault(); event.returnValue = ""; }
  });

  // A redraw of a list waits until pending saves in it are done, so nothing
  // typed a moment ago is replaced by the redrawn form.
  const flushed = new WeakSet();
  document.addEventListener("htmx:confirm", function (event) {
    const elt = event.detail.elt;
    if (!elt.closest("[data-flush]")) return;
    if (flushed.has(elt)) { flushed.delete(elt); return; }
    const unsaved = autosaveForms().filter(function (form) {
      return form.dataset.backup === "update" && hasBackup(form);
    });
    if (pending === 0 && unsaved.length === 0) return;
    event.preventDefault();
    unsaved.forEach(function (form) { window.htmx.trigger(form, "submit"); });
    const started = Date.now();
    (function wait() {
      if (pending > 0 && Date.now() - started < 8000) { window.setTimeout(wait, 100); return; }
      flushed.add(elt);
      event.detail.issueRequest();
    })();
  });

  // "Use the saved version": forget the typing kept for that form.
  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-take-theirs]");
    if (!link) return;
    const form = document.getElementById(link.dataset.takeTheirs);
    if (form) dropBackup(form);
  });

  // ---- Focus and announcements asked for by the server ------------------------

  document.body.addEventListener("notes:focus", function (event) {
    for (const id of String(event.detail.id || "").split(" ")) {
      const el = document.getElementById(id);
      if (el && !el.disabled) { el.focus(); return; }
    }
  });
  document.body.addEventListener("notes:announce", function (event) {
    announce(event.detail.text);
  });

  // ---- Marking a passage as personal or financial -----------------------------

  function markSelection(button) {
    const area = document.getElementById(button.getAttribute("aria-controls"));
    if (!area) return;
    const kind = button.dataset.mark;
    let start = area.selectionStart;
    let end = area.selectionEnd;
    const text = area.value;
    while (start < end && /\s/.test(text[start])) start += 1;
    while (end > start && /\s/.test(text[end - 1])) end -= 1;
    if (start === end) {
      announce("First select the passage to mark, then press the button.");
      area.focus();
      return;
    }
    const passage = text.slice(start, end);
    if (/\n/.test(passage)) {
      announce("Select a passage inside one paragraph or list item: a mark cannot cross lines.");
      area.focus();
      return;
    }
    const marked = "[" + passage + "]{." + kind + "}";
    area.focus();
    area.setSelectionRange(start, end);
    // execCommand keeps the browser's undo history; setRangeText where it is gone.
    if (!document.execCommand || !document.execCommand("insertText", false, marked)) {
      area.setRangeText(marked, start, end, "end");
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    area.setSelectionRange(start + 1, start + 1 + passage.length);
    announce("Marked as " + kind + ": it will be left out of the public notes.");
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-mark]");
    if (button) { event.preventDefault(); markSelection(button); }
  });

  // ---- A picked deadline date is written into the deadline text ---------------

  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // Capture phase: runs before htmx sees the change, so the save sends the text.
  document.addEventListener("change", function (event) {
    const picker = event.target;
    if (!(picker instanceof HTMLInputElement) || !picker.dataset.fills || !picker.value) return;
    const text = document.getElementById(picker.dataset.fills);
    const [year, month, day] = picker.value.split("-").map(Number);
    if (!text || !year) return;
    text.value = day + " " + MONTHS[month - 1] + " " + year;
    picker.value = "";
    if (picker.form && picker.form.dataset.backup) keepBackup(picker.form);
  }, true);

  // ---- The jump menu and the sections' names -----------------------------------

  // A section's card title, the menu and the names screen readers hear for its
  // buttons follow its heading as it is typed, before it is saved.
  document.addEventListener("input", function (event) {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !/-heading$/.test(box.name)) return;
    const card = box.closest(".section-card");
    const title = card && card.querySelector(".section-card__title");
    if (!title) return;
    title.textContent = box.value.trim() || "(no heading yet)";
    card.querySelectorAll("[data-section-name]").forEach(function (name) { name.textContent = box.value; });
    syncJumpMenu();
  });

  // The menu's list of sections, as the page now has them (added, moved, deleted, renamed).
  function syncJumpMenu() {
    const list = document.getElementById("jump-sections");
    if (!list) return;
    const items = Array.from(document.querySelectorAll(".section-card:not(.section-card--deleted) .section-card__title"))
      .map(function (title) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = "#" + title.id;
        link.textContent = title.textContent;
        item.appendChild(link);
        return item;
      });
    list.replaceChildren.apply(list, items);
  }

  // After a jump the menu closes, so it does not cover what was jumped to.
  document.addEventListener("click", function (event) {
    const link = event.target.closest(".jump a[href^='#']");
    const menu = link && link.closest("details");
    if (menu) menu.open = false;
  });

  // ---- Start --------------------------------------------------------------------

  function enhance(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll(".mark-tools[hidden]").forEach(function (tools) { tools.hidden = false; });
    // A table wider than the screen scrolls sideways: keyboard users must reach it,
    // and each such region needs a name of its own, taken from its section's heading.
    root.querySelectorAll(".table-scroll:not([tabindex])").forEach(function (region) {
      region.tabIndex = 0;
      region.setAttribute("role", "region");
      region.setAttribute("aria-label", uniqueName(tableName(region) + " (scrolls sideways)"));
    });
  }

  function tableName(region) {
    const section = region.closest("[aria-labelledby]");
    const heading = section && document.getElementById(section.getAttribute("aria-labelledby"));
    const caption = region.querySelector("caption");
    const text = (caption || heading || { textContent: "" }).textContent.trim();
    return text ? text + ": table" : "Table";
  }

  function uniqueName(name) {
    const taken = new Set(Array.from(document.querySelectorAll("[role=region][aria-label]"),
      function (region) { return region.getAttribute("aria-label"); }));
    let unique = name;
    for (let number = 2; taken.has(unique); number += 1) unique = name + " " + number;
    return unique;
  }

  if (window.htmx) {
    window.htmx.onLoad(function (root) {
      enhance(root);
      if (autosaveForms(root).length) restore(root);
      if (root.querySelector && root.querySelector(".section-card")) syncJumpMenu();
    });
  } else {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  }
})();
