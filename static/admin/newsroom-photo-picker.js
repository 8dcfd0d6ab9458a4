// The lead photo picker shows each photo's thumbnail, caption and credit, and
// the chosen photo (with its alternative text) under the field. The data come
// from the admin's autocomplete (articles/admin/picker.py); every value is
// set as text, never as HTML. No inline script (CSP).
"use strict";
(function () {
  const $ = window.django && window.django.jQuery;
  if (!$ || !$.fn.select2) {
    return;
  }
  const gettext = window.gettext || ((text) => text);

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };

  const card = (data, large) => {
    const box = element("span", large ? "photo-card photo-card--large" : "photo-card");
    if (data.thumb) {
      const img = element("img");
      img.src = data.thumb;
      img.alt = "";
      img.loading = "lazy";
      box.append(img);
    }
    const words = element("span", "photo-card__words");
    words.append(element("span", "photo-card__caption", data.caption || data.text || ""));
    if (data.credit) words.append(element("span", "photo-card__credit", data.credit));
    if (large) {
      words.append(
        element(
          "span",
          data.alt ? "photo-card__alt" : "photo-card__alt photo-card__alt--missing",
          data.alt ? gettext("Alternative text:") + " " + data.alt : data.no_alt || gettext("No alternative text yet"),
        ),
      );
    }
    box.append(words);
    return box;
  };

  // Before Django's autocomplete.js starts select2 (on document ready).
  const defaults = $.fn.select2.defaults;
  const previous = defaults.defaults.templateResult;
  defaults.set("templateResult", (data) => (data && data.thumb !== undefined ? $(card(data, false)) : previous(data)));

  $(() => {
    const select = document.getElementById("id_lead_photo");
    if (!select) {
      return;
    }
    const preview = element("div", "lead-photo-preview");
    preview.id = "lead-photo-preview";
    preview.setAttribute("aria-live", "polite");
    const initial = document.getElementById("lead-photo-initial");
    const show = (data) => {
      preview.replaceChildren();
      preview.dataset.photo = data && data.id ? String(data.id) : "";
      if (data && (data.thumb || data.caption)) preview.append(card(data, true));
    };
    show(initial ? JSON.parse(initial.textContent) : null);
    (select.closest(".related-widget-wrapper") || select).after(preview);
    $(select).on("select2:select", (event) => show(event.params.data));
    $(select).on("select2:clear", () => show(null));
    // A photo just uploaded through "+" (Django's pop-up adds it as an option
    // and fires "change" only): ask the picker's autocomplete for its card.
    $(select).on("change", () => {
      const option = select.selectedOptions[0];
      if (!option || !option.value || preview.dataset.photo === option.value) return;
      const query = new URLSearchParams({
        term: option.text,
        app_label: select.dataset.appLabel,
        model_name: select.dataset.modelName,
        field_name: select.dataset.fieldName,
      });
      fetch(select.getAttribute("data-ajax--url") + "?" + query, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((answer) => {
          const found = answer.results.find((result) => String(result.id) === select.value);
          if (found) show(found);
        });
    });
  });
})();
