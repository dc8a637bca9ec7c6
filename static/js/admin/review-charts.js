// Draws the feedback dashboard's charts from the JSON the page embeds. Every chart has a
// table with the same numbers beside it, so nothing depends on this script running.
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("review-chart-data");
    if (!source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var names = (document.getElementById("review-chart-labels") || source).dataset;
    var styles = getComputedStyle(document.documentElement);
    var primary = styles.getPropertyValue("--w-color-primary").trim() || "#2e1f5e";
    var accent = styles.getPropertyValue("--w-color-secondary").trim() || "#007d7e";
    var text = styles.getPropertyValue("--w-color-text-context").trim() || "#1d1d1d";
    window.Chart.defaults.color = text;
    window.Chart.defaults.font.size = 14;
    var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    window.Chart.defaults.animation = reduceMotion ? false : window.Chart.defaults.animation;

    // Long question texts are shortened on the axis; the tooltip and the table keep them whole.
    var longest = window.innerWidth < 600 ? 18 : 48;
    function labels(rows) {
      return rows.map(function (row) {
        var label = String(row.label);
        return label.length > longest ? label.slice(0, longest - 1) + "…" : label;
      });
    }

    var builders = {
      trend: function (rows) {
        return {
          type: "bar",
          data: {
            labels: labels(rows),
            datasets: [
              { type: "bar", label: names.responses || "Responses", data: rows.map(function (r) { return r.responses; }), backgroundColor: accent, yAxisID: "count" },
              { type: "line", label: names.score || "Transition score", data: rows.map(function (r) { return r.score; }), borderColor: primary, backgroundColor: primary, yAxisID: "score" }
            ]
          },
          options: {
            maintainAspectRatio: false,
            scales: {
              count: { position: "left", beginAtZero: true, ticks: { precision: 0 } },
              score: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false } }
            }
          }
        };
      },
      questions: function (rows) {
        return horizontal(rows, rows.map(function (r) { return r.top_box; }), names.topBox || "Best answer (%)");
      },
      by_facility: scoreBars,
      by_destination: scoreBars,
      by_liaison: scoreBars,
      // Groups with too few responses say so in their label, as the table beside it does.
      by_packet: function (rows) {
        var marked = rows.map(function (r) {
          return { label: r.too_small ? r.label + " (" + (names.tooFew || "too few to compare") + ")" : r.label };
        });
        return horizontal(marked, rows.map(function (r) { return r.score; }), names.score || "Transition score");
      }
    };

    function scoreBars(rows) {
      return horizontal(rows, rows.map(function (r) { return r.score; }), names.score || "Transition score");
    }

    function horizontal(rows, values, label) {
      return {
        type: "bar",
        data: { labels: labels(rows), datasets: [{ label: label, data: values, backgroundColor: primary, maxBarThickness: 28 }] },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          scales: { x: { min: 0, max: 100 } },
          plugins: { tooltip: { callbacks: { title: function (items) { return String(rows[items[0].dataIndex].label); } } } }
        }
      };
    }

    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var name = canvas.dataset.chart;
      if (builders[name] && data[name]) {
        if (name !== "trend") {
          // One bar per row: size the chart to the rows rather than leave wide gaps.
          canvas.parentElement.style.height = Math.max(8, 4 + 2.5 * data[name].length) + "rem";
        }
        new window.Chart(canvas, builders[name](data[name]));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
