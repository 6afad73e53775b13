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

// Tables read as stacked cards on a phone (bina.css, `table.stacked`): every cell carries its column's
// heading as data-label, so the key columns (JP, compliance %, status) stay visible without scrolling
// sideways. A table opts out with data-stack="off" (a matrix that only makes sense as a grid); without
// JavaScript a table scrolls sideways inside its .table-wrap, as before. Run again on every htmx swap.
function stackTables(root) {
  root.querySelectorAll(".table-wrap > table:not([data-stack='off'], .chart-table)").forEach((table) => {
    const head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return;
    const labels = [];
    for (const cell of head.cells) {
      for (let i = 0; i < cell.colSpan; i += 1) labels.push(cell.textContent.trim());
    }
    const bodies = [...table.tBodies];
    if (table.tFoot) bodies.push(table.tFoot);
    for (const body of bodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          if (!cell.hasAttribute("data-label") && cell.colSpan < labels.length) cell.dataset.label = labels[column] || "";
          column += cell.colSpan;
        }
      }
    }
    table.classList.add("stacked");
  });
}
document.addEventListener("DOMContentLoaded", () => stackTables(document));
document.addEventListener("htmx:load", () => stackTables(document));
