// The slug field follows the headline as it is typed, with the server's own
// slug (one slug function for the form and the save, see articles/admin/slugs.py).
// As with Django's prepopulated fields, a slug the editor typed, or an article's
// existing slug, is never replaced.
(function () {
  "use strict";

  var DELAY_MS = 250;

  function init() {
    var slug = document.querySelector("input[data-slug-url]");
    var headline = document.getElementById("id_headline");
    if (!slug || !headline) {
      return;
    }
    var typed = slug.value !== "";
    var timer = null;
    var asked = 0;

    function refresh() {
      if (typed) {
        return;
      }
      var request = ++asked;
      var url = new URL(slug.dataset.slugUrl, window.location.href);
      url.searchParams.set("headline", headline.value);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          // Only the answer to the latest question, and only if still untouched.
          if (data && request === asked && !typed) {
            slug.value = data.slug;
            slug.dispatchEvent(new Event("slug-filled", { bubbles: true }));
          }
        })
        .catch(function () {});
    }

    slug.addEventListener("input", function () {
      typed = slug.value !== "";
      if (!typed) {
        refresh();
      }
    });
    headline.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY_MS);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
