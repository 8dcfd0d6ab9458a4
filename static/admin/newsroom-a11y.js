/*
 * Accessible names for the admin's two widgets that have none of their own,
 * as axe-core found (tests/browser/test_admin_accessibility.py):
 *  - the body editor (django-prose-editor's contenteditable) is named by the
 *    label of the textarea it stands for ("Texte");
 *  - Django's autocomplete fields (select2) hide the labelled <select> and
 *    show a combobox named only by the current choice (nothing when empty):
 *    the field's label is added to its name, and to the search box of the
 *    multiple-choice ones.
 * Widgets drawn later (inline rows, the editor's module script, the photo
 * picker) are named when they appear. No inline script (CSP).
 */
(function () {
  "use strict";

  function labelId(control) {
    if (!control || !control.id) return null;
    var label = document.querySelector('label[for="' + control.id + '"]');
    if (!label) return null;
    if (!label.id) label.id = control.id + "-label";
    return label.id;
  }

  function nameEditors(root) {
    root.querySelectorAll(".prose-editor").forEach(function (wrapper) {
      var editable = wrapper.querySelector("[contenteditable]");
      var id = labelId(wrapper.querySelector("textarea"));
      if (editable && id && !editable.hasAttribute("aria-labelledby")) {
        editable.setAttribute("aria-labelledby", id);
        editable.setAttribute("aria-multiline", "true");
      }
    });
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select.select2-hidden-accessible").forEach(function (select) {
      var id = labelId(select);
      var container = select.nextElementSibling;
      if (!id || !container || !container.classList.contains("select2")) return;
      var combobox = container.querySelector(".select2-selection[role=combobox]");
      var rendered = container.querySelector(".select2-selection__rendered[id]");
      if (combobox && combobox.getAttribute("aria-labelledby") !== id + (rendered ? " " + rendered.id : "")) {
        combobox.setAttribute("aria-labelledby", id + (rendered ? " " + rendered.id : ""));
      }
      if (rendered && rendered.getAttribute("role") === "textbox") rendered.setAttribute("aria-labelledby", id);
      container.querySelectorAll(".select2-search__field").forEach(function (search) {
        search.setAttribute("aria-labelledby", id);
      });
    });
  }

  function nameAll() {
    nameEditors(document);
    nameAutocompletes(document);
  }

  function start() {
    nameAll();
    // Setting attributes adds no node: this never calls itself.
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
