// Confirmation before destructive actions: <form data-confirm="Weet u het zeker?">.
document.addEventListener("submit", function (event) {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Progress bars: the width comes from data-progress (the Content-Security-Policy forbids style attributes).
document.querySelectorAll(".progress-bar[data-progress]").forEach(function (bar) {
  bar.style.width = bar.getAttribute("data-progress") + "%";
});
