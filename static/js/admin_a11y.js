// Accessible names the Django admin's own widgets leave out (axe rules aria-input-field-name and
// aria-prohibited-attr): the autocomplete comboboxes (select2) get the label of their select, and the
// search icons of filter_horizontal, which carry an aria-label, get the role that permits it, and the
// date and time inputs of a split date/time field get a label each.
(function () {
  "use strict";

  function labelOf(select) {
    const label = document.querySelector('label[for="' + select.id + '"]');
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = select.id + "_label";
    }
    return label;
  }

  function fix() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const container = select.nextElementSibling;
      const box = container && container.querySelector('[role="combobox"]');
      const label = labelOf(select);
      if (!box || !label || box.dataset.jcNamed) {
        return;
      }
      const rendered = box.getAttribute("aria-labelledby");
      box.setAttribute("aria-labelledby", rendered ? label.id + " " + rendered : label.id);
      // The chosen value's text box (role=textbox) is empty until something is chosen.
      box.querySelectorAll('[role="textbox"]').forEach(function (textbox) {
        textbox.setAttribute("aria-labelledby", label.id + " " + textbox.id);
      });
      box.dataset.jcNamed = "1";
    });
    // Split date/time fields: "Datum:" and "Tijd:" are bare text before each input; make them labels.
    document.querySelectorAll("p.datetime input[id]").forEach(function (input) {
      const text = input.previousSibling;
      if (document.querySelector('label[for="' + input.id + '"]') || !text || text.nodeType !== Node.TEXT_NODE || !text.textContent.trim()) {
        return;
      }
      const label = document.createElement("label");
      label.htmlFor = input.id;
      label.textContent = text.textContent.trim() + " ";
      text.replaceWith(label);
    });
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  let scheduled = false;
  function schedule() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(function () {
        scheduled = false;
        fix();
      });
    }
  }

  new MutationObserver(schedule).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", fix);
  window.addEventListener("load", fix);
})();
