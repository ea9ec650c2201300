// The export page's 「すべて選択」 (templates/admin/import_export/export.html): ticks or clears every
// column's box. The library wires it with an inline onchange, which the Content-Security-Policy
// refuses, so the box did nothing.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-columns");
  if (!toggle) {
    return;
  }
  const boxes = () =>
    document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]');
  toggle.addEventListener("change", () => {
    boxes().forEach((box) => {
      box.checked = toggle.checked;
    });
  });
  // Clearing one column by hand leaves 「すべて選択」 unticked, as it no longer is all.
  boxes().forEach((box) => {
    box.addEventListener("change", () => {
      toggle.checked = Array.from(boxes()).every((each) => each.checked);
    });
  });
});
