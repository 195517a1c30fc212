// AlloKoli — small UI helpers: toasts for HTMX errors (the server sends the French message in
// the JSON error envelope), focus management after swaps, and every behaviour the templates
// ask for through data-* attributes. The Content-Security-Policy forbids inline scripts and
// event handlers (onclick=, hx-on…): they all live here.
(function () {
  "use strict";
  function toast(message) {
    var box = document.getElementById("toasts");
    if (!box) { return; }
    var item = document.createElement("div");
    item.className = "toast";
    item.textContent = message;
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, 6000);
  }
  window.allokoliToast = toast;
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var message = "Une erreur est survenue. Réessayez dans un instant.";
    try {
      var body = JSON.parse(xhr.responseText);
      if (body && body.detail) { message = body.detail; }
    } catch (e) { /* not JSON: keep the generic message */ }
    toast(message);
  });
  document.addEventListener("htmx:sendError", function () {
    toast("Connexion au serveur impossible. Vérifiez votre réseau.");
  });

  function closest(target, selector) {
    return target && target.closest ? target.closest(selector) : null;
  }

  // <form data-confirm="Question ?">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = closest(event.target, "form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("change", function (event) {
    var target = event.target;
    // <select data-autosubmit>: submit its form on change.
    if (closest(target, "[data-autosubmit]") && target.form) {
      target.form.requestSubmit();
    }
    // <input type="checkbox" data-select-all="selector">: tick or untick every match.
    if (target.matches && target.matches("[data-select-all]")) {
      document.querySelectorAll(target.dataset.selectAll).forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });

  // <textarea data-enter-submits>: Enter sends, Shift+Enter makes a new line.
  document.addEventListener("keydown", function (event) {
    var area = closest(event.target, "[data-enter-submits]");
    if (area && event.key === "Enter" && !event.shiftKey && area.form) {
      event.preventDefault();
      area.form.requestSubmit();
    }
  });

  // <button data-chip-for="form-id">: a quick answer, sent as if typed.
  document.addEventListener("click", function (event) {
    var chip = closest(event.target, "[data-chip-for]");
    if (!chip) { return; }
    var form = document.getElementById(chip.dataset.chipFor);
    var text = form && form.querySelector("#text");
    if (text) {
      text.value = chip.textContent;
      form.requestSubmit();
    }
  });

  // <form data-chat-form [data-chat-echo] [data-chat-log="id"]>: a chat over htmx. Echo the
  // owner's text at once, empty the field once sent, keep the newest message in view.
  function chatForm(event) {
    var elt = event.detail && event.detail.elt;
    return elt && elt.matches && elt.matches("form[data-chat-form]") ? elt : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = chatForm(event);
    if (!form || !form.hasAttribute("data-chat-echo")) { return; }
    var text = form.querySelector("#text");
    var log = document.getElementById(form.dataset.chatLog);
    if (text && log && text.value.trim()) {
      var bubble = document.createElement("div");
      bubble.className = "bubble user";
      bubble.textContent = text.value;
      log.appendChild(bubble);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = chatForm(event);
    if (!form) { return; }
    var text = form.querySelector("#text");
    if (text && event.detail.successful) { text.value = ""; }
    var log = form.dataset.chatLog && document.getElementById(form.dataset.chatLog);
    if (log) {
      if (text) { text.focus(); }
      log.scrollTop = log.scrollHeight;
    }
  });

  // Values sent by the server inside a swapped fragment:
  // <div hidden data-set-value="element-id" [data-attribute="name"] data-value="…">.
  // <div data-progress="42">: a progress bar's width (a style attribute would break the CSP).
  function apply(root) {
    root.querySelectorAll("[data-set-value]").forEach(function (node) {
      var target = document.getElementById(node.dataset.setValue);
      if (target) {
        if (node.dataset.attribute) {
          target.setAttribute(node.dataset.attribute, node.dataset.value || "");
        } else {
          target.value = node.dataset.value || "";
        }
      }
      node.remove();
    });
    root.querySelectorAll("[data-progress]").forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.progress) || 0)) + "%";
    });
  }
  // <table class="list">: each cell gets its column's name (data-label), which the phone
  // layout shows before the value when rows become cards.
  function labelCells(root) {
    root.querySelectorAll("table.list").forEach(function (table) {
      var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (!cell.hasAttribute("data-label") && names[i]) { cell.setAttribute("data-label", names[i]); }
        });
      });
    });
  }

  // .chat-log: whatever adds a message (a page load, an htmx swap, the echo of the owner's
  // text), the newest one is in view.
  function toBottom(log) { log.scrollTop = log.scrollHeight; }
  function watchChats(root) {
    root.querySelectorAll(".chat-log").forEach(function (log) {
      toBottom(log);
      if (log.dataset.watched) { return; }
      log.dataset.watched = "1";
      new MutationObserver(function () { toBottom(log); }).observe(log, { childList: true, subtree: true });
    });
  }

  // #nav-toggle: the phone menu. The button exists hidden in the page; here it is shown and the
  // list folded, so that without JavaScript the menu stays simply open.
  function navMenu() {
    var button = document.getElementById("nav-toggle");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) { return; }
    button.hidden = false;
    button.setAttribute("aria-expanded", "false");
    menu.classList.add("collapsible", "collapsed");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("collapsed", !open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        button.setAttribute("aria-expanded", "false");
        menu.classList.add("collapsed");
        button.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    apply(document);
    labelCells(document);
    watchChats(document);
    navMenu();
  });
  document.addEventListener("htmx:afterSettle", function () {
    apply(document);
    labelCells(document);
    watchChats(document);
  });
})();
