/*
 * The body editor (django-prose-editor) translates its dialogs through
 * window.gettext but writes its toolbar's titles and block-type names in
 * English. This puts them through the same catalogue (locale/fr/LC_MESSAGES/djangojs.po),
 * now and whenever the editor redraws its toolbar.
 */
(function () {
  "use strict";
  if (typeof window.gettext !== "function") return;
  var ATTRIBUTES = ["title", "aria-label"];

  function translate(text) {
    var translated = window.gettext(text);
    if (translated !== text) return translated;
    var heading = /^heading (\d)$/i.exec(text);
    if (heading) return window.interpolate(window.gettext("Heading %s"), [heading[1]]);
    return text;
  }

  function translateMenubar(root) {
    root.querySelectorAll(".prose-menubar [title], .prose-menubar [aria-label]").forEach(function (node) {
      ATTRIBUTES.forEach(function (name) {
        var value = node.getAttribute(name);
        if (value) node.setAttribute(name, translate(value));
      });
    });
    root.querySelectorAll(".prose-menubar option, .prose-menubar [class*='dropdown'] *").forEach(function (node) {
      if (node.children.length === 0 && node.textContent.trim()) {
        var text = node.textContent.trim();
        var translated = translate(text);
        if (translated !== text) node.textContent = translated;
      }
    });
  }

  function start() {
    translateMenubar(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) translateMenubar(node.parentNode || node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
