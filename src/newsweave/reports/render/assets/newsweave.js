// newsweave: the index's filter box. No other script runs on these pages.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("filter");
  if (!box) { return; }
  var entries = Array.prototype.slice.call(document.querySelectorAll("ol.entries > li.entry"));
  var count = document.getElementById("filter-count");
  function apply() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    entries.forEach(function (entry) {
      var text = (entry.getAttribute("data-filter") || "").toLowerCase();
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      entry.hidden = !match;
      if (match) { shown += 1; }
    });
    count.textContent = words.length ? shown + " of " + entries.length + " shown" : "";
  }
  box.addEventListener("input", apply);
  apply();
});
