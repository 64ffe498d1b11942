// Polls a generated file's status every second until it is finished (core.jobs.GeneratedFile.status_json),
// then shows the download links (.report-download[data-format], one per file that is ready).
(function () {
  const box = document.getElementById("report-status");
  if (!box || box.dataset.done) { return; }
  const label = document.getElementById("report-status-label");
  const bar = document.getElementById("report-progress");
  const timer = window.setInterval(function () {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        label.textContent = data.label;
        bar.style.width = data.progress + "%";
        bar.textContent = data.progress + "%";
        document.querySelectorAll(".report-download").forEach(function (link) {
          if ((data.downloads || {})[link.dataset.format]) { link.classList.remove("d-none"); }
        });
        if (["done", "failed", "expired"].includes(data.status)) { window.clearInterval(timer); }
      });
  }, 1000);
})();
