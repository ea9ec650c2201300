/* The error summary of a public form (data-error-summary): focus goes to it when the page
   opens, so a screen reader reads it and a phone shows it, and each of its links puts focus
   in the field it names. Without JavaScript the summary is still first and its links still
   lead to their fields. */
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }

  // The field a link leads to: the element itself, or the first box of a radio or checkbox
  // group (the group's wrapper carries the id).
  function fieldOf(target) {
    if (target.matches("input, select, textarea")) {
      return target;
    }
    return target.querySelector("input, select, textarea");
  }

  // What to scroll into view with it: the field's label or legend, so it is read with it.
  function labelOf(field, target) {
    var group = field.closest("fieldset");
    if (group && target.contains(group)) {
      return group.querySelector("legend") || group;
    }
    return document.querySelector("label[for='" + field.id + "']") || field;
  }

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    var field = target && fieldOf(target);
    if (!field) {
      return;
    }
    event.preventDefault();
    labelOf(field, target).scrollIntoView();
    field.focus({ preventScroll: true });
  });

  summary.focus();
})();
