// Autosave of the article form: every 30 seconds, when something changed,
// the form's fields are posted to the autosave endpoint, which keeps a copy
// without saving the article (no new version). No inline script (CSP).
"use strict";
(function () {
  const script = document.currentScript;
  const url = script && script.dataset.autosaveUrl;
  const seconds = Number((script && script.dataset.autosaveSeconds) || 30);
  const form = document.getElementById("article_form");
  if (!url || !form) {
    return;
  }
  const token = () => {
    const field = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) {
      return field.value;
    }
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  };
  const snapshot = () => new URLSearchParams(new FormData(form)).toString();
  let last = snapshot();
  let saving = false;
  const save = async () => {
    const current = snapshot();
    if (saving || current === last) {
      return;
    }
    saving = true;
    try {
      const response = await fetch(url, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-CSRFToken": token() },
        credentials: "same-origin",
      });
      if (response.ok) {
        last = current;
      }
    } catch (error) {
      // Offline or server down: the next tick tries again.
    } finally {
      saving = false;
    }
  };
  window.setInterval(save, seconds * 1000);
  // A normal save replaces the autosave: stop autosaving while submitting.
  form.addEventListener("submit", () => {
    last = snapshot();
    saving = true;
  });
})();
