// Tag suggestions for a comma-separated tag field: the browser's <datalist>
// completes the whole value, so each option is rewritten to keep the tags
// already typed and complete only the last one. Values end with a comma so
// that a single tag with a space ("Le Havre") is not split by taggit.
"use strict";
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-tag-suggest")) {
    return;
  }
  const list = input.list;
  if (!list) {
    return;
  }
  const cut = input.value.lastIndexOf(",");
  const prefix = cut === -1 ? "" : input.value.slice(0, cut + 1).trimEnd() + " ";
  for (const option of list.options) {
    option.value = prefix + option.dataset.tag + ", ";
  }
});
