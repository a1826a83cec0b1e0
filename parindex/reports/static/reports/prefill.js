// A figure the system suggests for an indicator (reports/suggesting.py) taken with one click: each
// input named in the button's data-prefill gets its value and a change event, which is what the
// section's autosave listens to, so taking it is saved like typing it. Without JavaScript the
// button stays hidden and the figure is read and typed.
"use strict";

function revealPrefills(root) {
  root.querySelectorAll("[data-prefill]").forEach((button) => { button.hidden = false; });
}

revealPrefills(document);
document.addEventListener("htmx:load", (event) => revealPrefills(event.target));
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-prefill]");
  if (!button) {
    return;
  }
  const form = button.closest("form");
  let changed = null;
  for (const [name, value] of Object.entries(JSON.parse(button.dataset.prefill))) {
    const input = form.elements.namedItem(name);
    if (input) {
      input.value = value;
      changed = input;
    }
  }
  // One change for the whole figure: the form saves once, with every input filled.
  if (changed) {
    changed.dispatchEvent(new Event("change", { bubbles: true }));
  }
});
