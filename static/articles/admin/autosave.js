// Autosave of the article form: every 30 seconds, when something changed,
// the form's fields are posted to the autosave endpoint, which keeps a copy
// without saving the article (no new version). A new article's form posts
// its draft_key to the add form's endpoint: the copy is kept before the
// first save too (articles/admin/new_drafts.py). No inline script (CSP).
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
  // Says when the form was last kept, next to the save buttons (read by screen readers too).
  const status = document.createElement("p");
  status.className = "autosave-status";
  status.setAttribute("role", "status");
  const submitRow = form.querySelector(".submit-row");
  if (submitRow) {
    submitRow.after(status);
  }
  const say = (message) => {
    const time = new Date().toLocaleTimeString(document.documentElement.lang || undefined, {
      hour: "2-digit",
      minute: "2-digit",
    });
    const gettext = window.gettext || ((text) => text);
    const interpolate = window.interpolate || ((text, values) => text.replace("%s", values[0]));
    status.textContent = interpolate(gettext(message), [time]);
  };
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
        // The server says when, in the admin's language ("Brouillon enregistré à 20 h 14").
        const answer = await response.json().catch(() => ({}));
        if (answer.message) {
          status.textContent = answer.message;
        } else {
          say("Draft kept automatically at %s (not published, not saved as a version).");
        }
      } else {
        say("Automatic draft failed at %s: save the article to keep your changes.");
      }
    } catch (error) {
      // Offline or server down: the next tick tries again.
      say("Automatic draft failed at %s: save the article to keep your changes.");
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
