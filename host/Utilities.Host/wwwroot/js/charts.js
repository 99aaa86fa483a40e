// Charts from data in the page: a <canvas data-chart="ID"> draws the JSON of <script type="application/json" id="ID">
// ({ type, unit, labels, titles, stacked (default true), datasets: [{ label, data }] }). The table beside each chart carries the same
// figures for screen readers and without JavaScript. Runs on load and again on content htmx swaps in.
(function () {
  "use strict";
  var palette = ["#0b5cad", "#e07b00", "#2f8f46", "#8a3ffc", "#a4161a"];
  var number = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 3 });

  function draw(canvas) {
    if (typeof Chart === "undefined" || Chart.getChart(canvas)) return;
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: spec.type || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d, i) {
          return { label: d.label, data: d.data, backgroundColor: palette[i % palette.length], borderColor: palette[i % palette.length] };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: spec.stacked !== false },
          y: { stacked: spec.stacked !== false, beginAtZero: true, title: { display: !!spec.unit, text: spec.unit } }
        },
        plugins: {
          legend: { display: spec.datasets.length > 1 },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length && spec.titles ? spec.titles[items[0].dataIndex] : ""; },
              label: function (item) { return item.dataset.label + ": " + number.format(item.parsed.y) + " " + (spec.unit || ""); }
            }
          }
        }
      }
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (e) { drawAll(e.target && e.target.querySelectorAll ? e.target : document); });
  if (document.readyState !== "loading") drawAll(document);
})();
