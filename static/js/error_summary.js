// Error summary (WCAG 3.3.1, 2.4.3): when a form comes back with errors, a box at the top of the
// content lists each field with its message, links to the field and takes the focus, so keyboard
// and screen reader users hear at once what to fix and reach each field in one step.
(function () {
  "use strict";
  const main = document.getElementById("main");
  if (!main || main.querySelector(".error-summary")) {
    return;
  }
  const fields = Array.from(main.querySelectorAll(".is-invalid[id], [aria-invalid='true'][id]"));
  if (!fields.length) {
    return;
  }

  function labelText(field) {
    const label = document.querySelector('label[for="' + field.id + '"]');
    return label ? label.textContent.replace(/\*/g, "").trim() : field.name;
  }

  function messageText(field) {
    const holder = field.closest(".mb-3, .form-group, td, fieldset") || field.parentElement;
    const message = holder && holder.querySelector(".invalid-feedback, .errorlist, .text-danger");
    return message ? message.textContent.trim() : "";
  }

  const summary = document.createElement("div");
  summary.className = "error-summary";
  summary.setAttribute("role", "alert");
  summary.tabIndex = -1;
  const title = document.createElement("h2");
  title.className = "h5";
  title.textContent = main.dataset.errorSummaryTitle || "";
  summary.appendChild(title);
  const list = document.createElement("ul");
  list.className = "mb-0";
  const seen = new Set();
  fields.forEach(function (field) {
    if (seen.has(field.id)) {
      return;
    }
    seen.add(field.id);
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#" + field.id;
    const message = messageText(field);
    link.textContent = labelText(field) + (message ? ": " + message : "");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
    item.appendChild(link);
    list.appendChild(item);
  });
  summary.appendChild(list);
  const heading = main.querySelector("h1");
  if (heading) {
    heading.after(summary);
  } else {
    main.prepend(summary);
  }
  summary.focus();
})();
