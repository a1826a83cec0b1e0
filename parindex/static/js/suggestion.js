// A figure the system suggests (assessments/suggestions.py) taken into the item's form with one
// click: the numerator and denominator are filled and changed, so the live preview scores them;
// saving stays the user's. Without JavaScript the button stays hidden and the figures are read.
"use strict";

function reveal(root) {
  root.querySelectorAll("[data-fill-numerator]").forEach((button) => { button.hidden = false; });
}

reveal(document);
document.addEventListener("htmx:load", (event) => reveal(event.target));
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-fill-numerator]");
  if (!button) {
    return;
  }
  const form = button.closest("form");
  const values = { numerator: button.dataset.fillNumerator, denominator: button.dataset.fillDenominator };
  for (const [part, value] of Object.entries(values)) {
    const input = form.querySelector(`[name$="-${part}"]`);
    if (input) {
      input.value = value;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
});
