// Runs before the page is drawn (a tiny blocking script, allowed by the CSP as a file):
// marks that scripts run, so the stylesheet can fold the menu and show script-only buttons
// from the first paint instead of moving the page once portal.js has loaded.
document.documentElement.classList.add("js");
