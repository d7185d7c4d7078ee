// careprint serve: after each preview, mark a box invalid exactly while the message beside
// it is not empty (the preview swaps in the messages; the boxes keep what is being typed).
document.addEventListener("htmx:afterSettle", function () {
  document.querySelectorAll(".field-error[id]").forEach(function (slot) {
    if (slot.parentElement.classList.contains("dose")) {  // room for the message
      slot.parentElement.classList.toggle("has-error", !!slot.textContent.trim());
    }
    document.querySelectorAll('[aria-describedby="' + slot.id + '"]').forEach(function (box) {
      if (slot.textContent.trim()) { box.setAttribute("aria-invalid", "true"); }
      else { box.removeAttribute("aria-invalid"); }
    });
  });
});
