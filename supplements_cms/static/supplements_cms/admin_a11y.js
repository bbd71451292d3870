/* supplements_cms: names for the admin widgets that Django's own scripts leave unnamed.
 *
 * - An autocomplete (select2) box is a combobox named by its text only, often "---------":
 *   it is named by the field's label as well, and so is the text inside it.
 * - The filter box's magnifier icons carry aria-label on a plain span, which assistive
 *   technology ignores: they become images, so the label is read.
 * Run after Django's scripts set the widgets up, on load and for rows added with "Add another".
 */
"use strict";
(function () {
  let counter = 0;

  function labelId(select) {
    const label = select.id && document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
    if (!label) {
      return null;
    }
    if (!label.id) {
      counter += 1;
      label.id = "scms-label-" + counter;
    }
    return label.id;
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const container = select.nextElementSibling;
      const id = labelId(select);
      if (!id || !container || !container.classList.contains("select2")) {
        return;
      }
      const combobox = container.querySelector('[role="combobox"]');
      const rendered = container.querySelector(".select2-selection__rendered");
      if (combobox) {
        const own = rendered && rendered.id ? " " + rendered.id : "";
        combobox.setAttribute("aria-labelledby", id + own);
      }
      if (rendered) {
        rendered.setAttribute("aria-labelledby", id);
      }
    });
  }

  function nameIcons(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  }

  function run(root) {
    nameAutocompletes(root);
    nameIcons(root);
  }

  window.addEventListener("load", () => window.setTimeout(() => run(document), 0));
  document.addEventListener("formset:added", (event) =>
    window.setTimeout(() => run(event.target), 0)
  );
  // select2 names its box again when it opens and closes.
  document.addEventListener("focusout", (event) => {
    if (event.target.closest && event.target.closest(".select2")) {
      window.setTimeout(() => nameAutocompletes(document), 0);
    }
  });
})();
