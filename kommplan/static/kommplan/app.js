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

  // After a swap, keep focus where the user was if that element still exists; otherwise move
  // it to the element the swap marks with data-focus-after-swap (or leave it on the target).
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var marked = target && target.querySelector("[data-focus-after-swap]");
    if (marked) {
      if (!marked.hasAttribute("tabindex")) marked.setAttribute("tabindex", "-1");
      marked.focus();
    }
  });
})();
