// The pre-publish checks, live: when the editor stops typing for a moment,
// the article form's fields are posted to the checks endpoint, which runs the
// publishing gate on them without saving anything and answers with the
// checklist (and the problems list atop the form) rendered by the server, so
// every word is translated and plural-aware. No inline script (CSP).
"use strict";
(function () {
  const DELAY = 600; // milliseconds after the last keystroke
  const start = () => {
    const checklist = document.getElementById("prepublish-checklist");
    const form = document.getElementById("article_form");
    const url = checklist && checklist.dataset.checksUrl;
    if (!checklist || !form || !url) {
      return;
    }
    const token = () => {
      const field = form.querySelector("input[name=csrfmiddlewaretoken]");
      return field ? field.value : "";
    };
    const fragment = (html) => {
      const template = document.createElement("template");
      template.innerHTML = html;
      return template.content;
    };
    let timer = null;
    let asked = 0;
    const refresh = async () => {
      const data = new FormData(form);
      // Only what the checks read: no file, no button, no inline forms.
      const body = new FormData();
      for (const name of ["headline", "standfirst", "body", "section", "lead_photo", "tags"]) {
        if (data.has(name)) {
          body.append(name, data.get(name));
        }
      }
      body.append("_article", checklist.dataset.article || "");
      const ticket = ++asked;
      try {
        const response = await fetch(url, {
          method: "POST",
          body,
          headers: { "X-CSRFToken": token() },
          credentials: "same-origin",
        });
        if (!response.ok || ticket !== asked) {
          return; // an error, or a newer answer is on its way: keep what is shown
        }
        const answer = await response.json();
        const fresh = fragment(answer.checklist).querySelector(".prepublish-checklist__body");
        const shown = checklist.querySelector(".prepublish-checklist__body");
        if (fresh && shown) {
          shown.replaceChildren(...fresh.childNodes);
        }
        // The problems atop the form (after a refused publication) follow too.
        const problems = document.getElementById("prepublish-problems");
        if (problems) {
          const replacement = answer.problems
            ? fragment(answer.problems).querySelector("#prepublish-problems")
            : null;
          if (replacement) {
            replacement.removeAttribute("role"); // announced by the checklist already
            problems.replaceWith(replacement);
          } else {
            problems.remove();
          }
        }
      } catch (error) {
        // Offline: the next change tries again; the save still runs every check.
      }
    };
    const later = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    // The section and photo pickers (select2) announce changes through jQuery only.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(form).on("change select2:select select2:clear", later);
    }
    refresh();
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
