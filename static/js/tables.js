// Tables stay readable on a phone: every table in the content sits in a wrapper that scrolls
// sideways instead of squeezing the columns. A wrapper that actually scrolls becomes a named,
// focusable region, so keyboard users can scroll it too (WCAG 2.1.1, axe scrollable-region-focusable).
(function () {
  "use strict";
  const main = document.getElementById("main");
  if (!main) {
    return;
  }
  const wrappers = [];
  main.querySelectorAll("table").forEach(function (table) {
    let wrapper = table.closest(".table-responsive, .table-scroll");
    if (!wrapper) {
      wrapper = document.createElement("div");
      wrapper.className = "table-scroll";
      table.before(wrapper);
      wrapper.appendChild(table);
    }
    // The region's name: the table's caption, else the heading of its section or card, else a default.
    const caption = table.querySelector("caption");
    const section = wrapper.closest("section, .card, fieldset");
    const heading = section && section.querySelector("h1, h2, h3, h4, legend");
    const name = caption || heading;
    wrapper.dataset.label = name ? name.textContent.trim() : main.dataset.tableLabel || "";
    wrappers.push(wrapper);
  });

  function update() {
    wrappers.forEach(function (wrapper) {
      if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
        wrapper.tabIndex = 0;
        wrapper.setAttribute("role", "region");
        wrapper.setAttribute("aria-label", wrapper.dataset.label);
      } else {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        wrapper.removeAttribute("aria-label");
      }
    });
  }
  update();
  window.addEventListener("resize", update);
})();
