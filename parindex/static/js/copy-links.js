// The set-password links handed over after accounts are created: a "Sao chép" button beside
// each link and a print button. Without JavaScript both stay hidden: the links are selectable
// text and the browser's own print command prints the sheets.
"use strict";

document.querySelectorAll("[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  const label = button.innerHTML;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      // Outside a secure context (plain http on an intranet) the clipboard API is missing.
      field.select();
      document.execCommand("copy");
    }
    button.textContent = button.dataset.copied;
    setTimeout(() => { button.innerHTML = label; }, 2000);
  });
});

document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
