// Starts Wagtail's date/time choosers, and the facility chooser, from JSON blocks instead of
// inline scripts (CSP), including those added later (inline panels, modals).
(function () {
  "use strict";
  // Wagtail's model chooser widget (chooser-widget.js defines window.Chooser).
  window.portalStartChooser = function (id, options) {
    if (typeof window.Chooser === "function") new window.Chooser(id, options);
  };
  var SELECTOR = "script[data-portal-chooser]";

  function start(block) {
    if (block.dataset.portalStarted) return;
    var init = window[block.dataset.portalChooser];
    if (typeof init !== "function") return;
    block.dataset.portalStarted = "true";
    init(block.dataset.portalTarget, JSON.parse(block.textContent || "{}"));
  }

  function startAll(root) {
    if (root.matches && root.matches(SELECTOR)) start(root);
    if (root.querySelectorAll) root.querySelectorAll(SELECTOR).forEach(start);
  }

  document.addEventListener("DOMContentLoaded", function () {
    startAll(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(startAll);
      });
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
