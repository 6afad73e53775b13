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
