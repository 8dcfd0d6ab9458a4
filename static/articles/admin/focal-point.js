// Focal point picker of the photo form: a click on the picture writes the
// point into the "focal point" number fields (0 to 1 from the left and the
// top) and moves the marker; typing in the fields moves the marker too.
// Without JavaScript the fields stay plain numbers.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const picker of document.querySelectorAll("[data-focal-picker]")) {
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-marker");
    const form = picker.closest("form");
    const fieldX = form && form.querySelector("input[name='focal_x']");
    const fieldY = form && form.querySelector("input[name='focal_y']");
    if (!image || !marker || !fieldX || !fieldY) {
      continue;
    }
    const clamp = (value) => Math.min(1, Math.max(0, value));
    const place = () => {
      const x = clamp(parseFloat(fieldX.value));
      const y = clamp(parseFloat(fieldY.value));
      if (Number.isNaN(x) || Number.isNaN(y)) {
        return;
      }
      // In pixels from the picture itself: its box may be narrower than the picker's.
      marker.style.left = `${image.offsetLeft + x * image.clientWidth}px`;
      marker.style.top = `${image.offsetTop + y * image.clientHeight}px`;
      marker.hidden = false;
    };
    image.addEventListener("load", place);
    window.addEventListener("resize", place);
    picker.classList.add("focal-picker--active");
    image.addEventListener("click", (event) => {
      const box = image.getBoundingClientRect();
      fieldX.value = clamp((event.clientX - box.left) / box.width).toFixed(3);
      fieldY.value = clamp((event.clientY - box.top) / box.height).toFixed(3);
      fieldX.dispatchEvent(new Event("change", { bubbles: true }));
      place();
    });
    fieldX.addEventListener("input", place);
    fieldY.addEventListener("input", place);
    place();
  }
});
