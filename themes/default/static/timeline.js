// The timeline's filter: show only the entries about one topic or figure. Without this script
// the form stays hidden and the timeline shows everything.
(function () {
  var form = document.querySelector(".timeline-filter");
  if (!form) return;
  var select = form.querySelector("select");
  var count = form.querySelector("output");
  var entries = document.querySelectorAll("li.entry");
  function apply() {
    var wanted = select.value;
    var shown = 0;
    entries.forEach(function (entry) {
      var about = (entry.getAttribute("data-about") || "").split(" ");
      var on = !wanted || about.indexOf(wanted) >= 0;
      entry.hidden = !on;
      if (on) shown += 1;
    });
    document.querySelectorAll(".timeline .month, .timeline .chapter").forEach(function (part) {
      part.hidden = !part.querySelector("li.entry:not([hidden])");
    });
    // "{shown} of 25 entries", in the page's language (the template writes it).
    var lang = document.documentElement.lang || "en";
    var said = form.getAttribute("data-count") || "{shown} of " + entries.length + " entries";
    count.textContent = wanted ? said.replace("{shown}", shown.toLocaleString(lang)) : "";
  }
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  select.addEventListener("change", apply);
  apply();
})();
