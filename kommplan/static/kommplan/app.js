// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Announce what an HTMX swap changed. Views send `HX-Trigger: {"announce": "…"}`
  // (kommplan.lib.htmx.announce); the text goes to the page's polite live region.
  document.body.addEventListener("announce", function (event) {
    var region = document.getElementById("live-region");
    if (!region) return;
    var message = event.detail && (event.detail.value || event.detail.message || event.detail);
    region.textContent = "";
    // A fresh text node after clearing makes screen readers read a repeated message too.
    window.setTimeout(function () { region.textContent = String(message); }, 50);
  });

  // After a swap, focus stays where it was unless the new content marks an element with
  // data-focus-after-swap (e.g. the result heading, an error summary, a moved item's button):
  // then focus moves there, once. With an outerHTML swap the old target has left the page,
  // so the new content is searched for in the document.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var scope = target && target.isConnected ? target : document;
    var marked = scope.querySelector("[data-focus-after-swap]");
    if (marked) {
      marked.removeAttribute("data-focus-after-swap");
      if (!marked.hasAttribute("tabindex") && marked.tabIndex < 0) marked.setAttribute("tabindex", "-1");
      marked.focus();
    }
  });
})();
