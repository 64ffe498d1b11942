// Repeating rows ("+ regel toevoegen") without a page reload.
//
// Markup (see the _formset.html partials): a container [data-formset="<prefix>"] holding the management
// form, the rows in [data-formset-rows], a <template data-formset-empty> with the formset's empty form
// (its names contain __prefix__) and a button [data-formset-add]. Without JavaScript the button stays
// hidden and the formset's extra empty rows are the fallback; empty rows are skipped when saving.
(function () {
  "use strict";

  function announce(container, text) {
    const status = container.querySelector("[data-formset-status]");
    if (status) { status.textContent = text; }
  }

  function setUp(container) {
    const prefix = container.getAttribute("data-formset");
    const total = container.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    const max = container.querySelector("#id_" + prefix + "-MAX_NUM_FORMS");
    const rows = container.querySelector("[data-formset-rows]");
    const template = container.querySelector("template[data-formset-empty]");
    const add = container.querySelector("[data-formset-add]");
    if (!total || !rows || !template || !add) { return; }

    add.hidden = false;
    container.querySelectorAll("[data-formset-remove]").forEach(function (button) { button.hidden = false; });
    add.addEventListener("click", function (event) {
      event.preventDefault();
      const index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) {
        announce(container, add.getAttribute("data-max-text") || "");
        return;
      }
      const html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
      const holder = document.createElement(rows.tagName === "TBODY" ? "tbody" : "div");
      holder.innerHTML = html.trim();
      const row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      const first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
      announce(container, add.getAttribute("data-added-text") || "");
    });

    container.addEventListener("click", function (event) {
      const remove = event.target.closest("[data-formset-remove]");
      if (!remove || !container.contains(remove)) { return; }
      event.preventDefault();
      const row = remove.closest("[data-formset-row]");
      if (!row) { return; }
      // A row added here is taken away; a saved row is marked for deletion (its DELETE box) or, in a
      // formset without one, emptied: empty rows are skipped when saving.
      const deleteBox = row.querySelector("input[type=checkbox][name$='-DELETE']");
      if (row.hasAttribute("data-formset-new")) {
        row.remove();
      } else {
        if (deleteBox) {
          deleteBox.checked = true;
        } else {
          row.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
            if (field.type === "checkbox" || field.type === "radio") { field.checked = false; } else { field.value = ""; }
          });
        }
        row.hidden = true;
      }
      add.focus();
      announce(container, remove.getAttribute("data-removed-text") || "");
    });
  }

  document.querySelectorAll("[data-formset]").forEach(setUp);
})();
