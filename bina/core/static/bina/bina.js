// Bina's few behaviours, as a file: the Content-Security-Policy allows no inline scripts or on* attributes.
"use strict";

// <select data-autosubmit>: submit its form on change (the language switcher; <noscript> shows a button).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});

// <input data-select-on-focus>: select the whole value, e.g. an API token shown once, ready to copy.
document.addEventListener("focusin", (event) => {
  const field = event.target.closest("[data-select-on-focus]");
  if (field) field.select();
});

// [data-drain-seconds] > *: a bar that empties in that many seconds (the check-in QR timer). Set through
// the CSSOM, which the CSP allows, on the first page and on every piece htmx swaps in.
function startDrains(root) {
  root.querySelectorAll("[data-drain-seconds]").forEach((bar) => {
    const seconds = Number(bar.dataset.drainSeconds);
    if (bar.firstElementChild && seconds > 0) bar.firstElementChild.style.animationDuration = `${seconds}s`;
  });
}
document.addEventListener("DOMContentLoaded", () => startDrains(document));
document.addEventListener("htmx:load", (event) => startDrains(event.target));

// The navigation drawer (<details data-nav-drawer>): a side menu, always open, on wide screens; on a phone it
// opens with its Menu button and closes on Escape or when a link in it is followed.
document.documentElement.classList.add("js");
const wideScreen = window.matchMedia("(min-width: 64rem)");
function fitDrawer() {
  document.querySelectorAll("[data-nav-drawer]").forEach((drawer) => { drawer.open = wideScreen.matches; });
}
document.addEventListener("DOMContentLoaded", fitDrawer);
wideScreen.addEventListener("change", fitDrawer);
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || wideScreen.matches) return;
  const drawer = document.querySelector("[data-nav-drawer][open]");
  if (drawer) { drawer.open = false; drawer.querySelector("summary").focus(); }
});
document.addEventListener("click", (event) => {
  if (wideScreen.matches) return;
  const drawer = document.querySelector("[data-nav-drawer][open]");
  if (drawer && !drawer.contains(event.target)) drawer.open = false;
});
