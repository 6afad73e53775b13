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
