// Small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";

  // Menu: open in the HTML; where scripts run the stylesheet folds it away on small
  // screens from the first paint (static/js/early.js) behind a "Menu" button, which opens
  // it (the stylesheet ignores the folding on wider screens).
  var button = document.querySelector(".portal-menu-button");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (menu) {
    var setOpen = function (open) {
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("is-open", open);
    };
    setOpen(false);
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.offsetParent !== null) {
        setOpen(false);
        button.focus();
      }
    });
  }

  // A form sent back with errors: focus its summary so it is read out first.
  var errorSummary = document.querySelector(".portal-error-summary");
  if (errorSummary) {
    errorSummary.focus();
  }

  // A second click on a "send" button while the first is on its way does nothing (the
  // server stores one answer either way; this spares a confusing second page load).
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (!submitter || !submitter.hasAttribute("data-once")) {
        return;
      }
      if (form.dataset.sending === "true") {
        event.preventDefault();
        return;
      }
      form.dataset.sending = "true";
      submitter.setAttribute("aria-disabled", "true");
    });
  });

  // "Print this page" buttons (shown only where scripts run) open the print dialog.
  document.querySelectorAll("[data-print]").forEach(function (printButton) {
    printButton.addEventListener("click", function () {
      window.print();
    });
  });

  // Printing: show the inside of every <details>, then put them back as they were.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      openedForPrint.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) {
      details.open = false;
    });
    openedForPrint = [];
  });

  // Search suggestions: fill the <datalist> from the server as the reader types; picking a
  // suggestion opens that page. Without this script the box is a plain search form.
  var searchInput = document.querySelector("input[data-autocomplete-url]");
  var suggestions = searchInput && document.getElementById(searchInput.getAttribute("list"));
  if (searchInput && suggestions && searchInput.dataset.autocompleteUrl) {
    var pagesByTitle = {};
    var timer = null;
    var lastAsked = "";
    searchInput.addEventListener("input", function () {
      var words = searchInput.value.trim();
      if (pagesByTitle[words]) {
        window.location.assign(pagesByTitle[words]);
        return;
      }
      window.clearTimeout(timer);
      if (words.length < 2 || words === lastAsked) return;
      timer = window.setTimeout(function () {
        lastAsked = words;
        fetch(searchInput.dataset.autocompleteUrl + "?q=" + encodeURIComponent(words), {
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.ok ? response.json() : { suggestions: [] };
          })
          .then(function (data) {
            suggestions.textContent = "";
            pagesByTitle = {};
            data.suggestions.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              suggestions.appendChild(option);
              pagesByTitle[item.title] = item.url;
            });
          })
          .catch(function () {});
      }, 200);
    });
  }
})();
