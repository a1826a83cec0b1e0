/*
 * The period form's participating units: show one level's units or those whose name contains
 * what is typed (accents and case ignored), and tick or untick every unit shown at once.
 * Progressive enhancement: without this script the tools stay hidden and every checkbox is
 * there to tick one by one; units already started are disabled and never changed here.
 */
(function () {
  "use strict";

  const form = document.querySelector("[data-unit-picker]");
  const tools = form && form.querySelector("[data-unit-tools]");
  if (!tools) {
    return;
  }
  const groups = Array.from(form.querySelectorAll("[data-level-group]"));
  const levelFilter = tools.querySelector("[data-level-filter]");
  const nameFilter = tools.querySelector("[data-name-filter]");
  const checkedCount = tools.querySelector("[data-checked-count]");
  const shownCount = tools.querySelector("[data-shown-count]");

  // Vietnamese folded for search: "Điện Biên" and "dien bien" match.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  function shownUnits() {
    return groups
      .filter((group) => !group.hidden)
      .flatMap((group) => Array.from(group.querySelectorAll("[data-unit-name]")))
      .filter((unit) => !unit.hidden);
  }

  function count() {
    const boxes = shownUnits().map((unit) => unit.querySelector("input[type=checkbox]"));
    checkedCount.value = boxes.filter((box) => box.checked).length;
    shownCount.value = boxes.length;
  }

  function filter() {
    const level = levelFilter.value;
    const words = fold(nameFilter.value.trim());
    for (const group of groups) {
      group.hidden = level !== "" && group.dataset.levelGroup !== level;
      for (const unit of group.querySelectorAll("[data-unit-name]")) {
        unit.hidden = words !== "" && !fold(unit.dataset.unitName).includes(words);
      }
    }
    count();
  }

  for (const button of tools.querySelectorAll("[data-check]")) {
    button.addEventListener("click", () => {
      for (const unit of shownUnits()) {
        const box = unit.querySelector("input[type=checkbox]");
        if (!box.disabled) {
          box.checked = button.dataset.check === "all";
        }
      }
      count();
    });
  }
  levelFilter.addEventListener("change", filter);
  nameFilter.addEventListener("input", filter);
  form.addEventListener("change", count);
  tools.hidden = false;
  filter();
})();
