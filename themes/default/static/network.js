// Who appears with whom: pointing at or focusing a figure lights its arcs and dims the others.
// The drawing and the list beside it read the same without this script.
(function () {
  var svg = document.querySelector(".network__svg");
  if (!svg) return;
  var arcs = svg.querySelectorAll("path[data-pair]");
  var figures = svg.querySelectorAll("a[data-figure]");
  function light(key) {
    svg.classList.toggle("network__svg--focus", key !== null);
    var linked = {};
    arcs.forEach(function (arc) {
      var pair = arc.getAttribute("data-pair").split(" ");
      var on = key !== null && pair.indexOf(key) >= 0;
      arc.classList.toggle("is-lit", on);
      if (on) linked[pair[0] === key ? pair[1] : pair[0]] = true;
    });
    figures.forEach(function (figure) {
      var own = figure.getAttribute("data-figure");
      figure.classList.toggle("is-lit", key !== null && (own === key || linked[own] === true));
    });
  }
  figures.forEach(function (figure) {
    var key = figure.getAttribute("data-figure");
    figure.addEventListener("mouseenter", function () { light(key); });
    figure.addEventListener("focus", function () { light(key); });
    figure.addEventListener("mouseleave", function () { light(null); });
    figure.addEventListener("blur", function () { light(null); });
  });
})();
