// Draws the annual report's charts: each [data-report-chart] element names the
// <script type="application/json"> block holding its ECharts option (built by charts.echarts_option).
// Loaded after vendor/echarts/echarts.common.min.js; no inline script, so the CSP stays script-src 'self'.
(function () {
  "use strict";

  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function readOption(element) {
    var source = document.getElementById(element.getAttribute("data-report-chart"));
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  function draw(element) {
    var option = readOption(element);
    if (!option) {
      return null;
    }
    if (reducedMotion) {
      // A responsive option (the pie) keeps its settings under baseOption.
      (option.baseOption || option).animation = false;
    }
    // SVG keeps text crisp when the page is zoomed or printed.
    var chart = window.echarts.init(element, null, { renderer: "svg", locale: "ZH" });
    chart.setOption(option);
    var figure = element.closest("figure");
    if (figure) {
      // The data table stays for screen readers; report.css hides it visually once the chart is drawn.
      figure.classList.add("is-rendered");
    }
    return chart;
  }

  function init() {
    if (!window.echarts) {
      return;
    }
    var charts = [];
    Array.prototype.forEach.call(document.querySelectorAll("[data-report-chart]"), function (element) {
      var chart = draw(element);
      if (chart) {
        charts.push(chart);
      }
    });
    if (!charts.length) {
      return;
    }
    var pending = false;
    function resizeAll() {
      if (pending) {
        return;
      }
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        charts.forEach(function (chart) {
          chart.resize();
        });
      });
    }
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(resizeAll);
      charts.forEach(function (chart) {
        observer.observe(chart.getDom());
      });
    } else {
      window.addEventListener("resize", resizeAll);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
