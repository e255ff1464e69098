// 政府信息公开目录: on a wide screen the facet sidebar opens the facets marked data-open-wide; on a phone
// they stay closed so the results are not pushed below a long list of agencies. Without this script
// every facet still works as a closed <details>.
(function () {
  if (!window.matchMedia || !window.matchMedia("(min-width: 761px)").matches) return;
  document.querySelectorAll("details.facet[data-open-wide]").forEach(function (d) { d.open = true; });
})();
