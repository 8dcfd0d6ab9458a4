// A "Copy" button copies the value of the field named by data-copy-target and
// says so on the button for a moment. No inline script (CSP).
"use strict";
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) {
    return;
  }
  const field = document.getElementById(button.dataset.copyTarget);
  if (!field) {
    return;
  }
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
  } catch (error) {
    document.execCommand("copy"); // older browsers, or no clipboard permission
  }
  const label = button.textContent;
  button.textContent = button.dataset.copiedLabel || label;
  window.setTimeout(() => {
    button.textContent = label;
  }, 2000);
});
