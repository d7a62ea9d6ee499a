// Keyboard shortcuts (j/k/o/s/m, / and ?), and the service worker that keeps starred articles
// for offline reading. No inline handlers: the page's CSP allows only this file and htmx.
(function () {
  "use strict";
  var current = -1;

  function items() { return Array.prototype.slice.call(document.querySelectorAll(".item")); }

  function select(index) {
    var list = items();
    if (!list.length) return;
    index = Math.max(0, Math.min(list.length - 1, index));
    list.forEach(function (el) { el.classList.remove("selected"); el.removeAttribute("aria-current"); });
    var el = list[index];
    el.classList.add("selected");
    el.setAttribute("aria-current", "true");
    var link = el.querySelector("h2 a, a");
    if (link) link.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest", behavior: "smooth" });
    current = index;
  }

  function scopeFor(key) {
    // On a list the selected item's buttons; on an article page the page's own.
    var list = items();
    var root = current >= 0 && list[current] ? list[current] : document.querySelector(".article");
    return root ? root.querySelector('[data-key="' + key + '"]') : null;
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var help = document.getElementById("help");
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "o":
      case "Enter": {
        var list = items();
        if (current < 0 || !list[current]) return;
        if (event.key === "Enter" && document.activeElement && document.activeElement.tagName === "A") return;
        window.location.href = list[current].getAttribute("data-href");
        break;
      }
      case "s":
      case "m": {
        var button = scopeFor(event.key);
        if (button) button.click();
        break;
      }
      case "/": {
        var q = document.getElementById("q");
        if (q) { q.focus(); q.select(); }
        break;
      }
      case "?":
        if (help && help.showModal) { if (help.open) help.close(); else help.showModal(); }
        break;
      default: return;
    }
    event.preventDefault();
  });

  // Keep the offline copy of starred articles fresh after each star toggle.
  document.addEventListener("htmx:afterRequest", function (event) {
    var path = event.detail && event.detail.pathInfo && event.detail.pathInfo.requestPath;
    if (path && /\/star$/.test(path)) syncOffline();
  });

  function syncOffline() {
    if (!("serviceWorker" in navigator) || document.body.getAttribute("data-signed-in") !== "1") return;
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.active) reg.active.postMessage({ type: "sync-starred" });
    });
  }

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(syncOffline).catch(function () {});
  }
})();
