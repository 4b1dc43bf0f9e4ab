// The citation helper's search box: filters the list of sources as the editor types.
// Without JavaScript the whole list is shown (and the box stays hidden).
(function () {
  "use strict";
  var box = document.getElementById("citation-search");
  var list = document.getElementById("citation-list");
  if (!box || !list) return;
  box.parentElement.hidden = false;
  box.addEventListener("input", function () {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.querySelectorAll("li[data-search]").forEach(function (item) {
      var text = item.getAttribute("data-search");
      item.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
    });
  });
})();

// Django's two-box selector labels its search icons with aria-label on a plain span,
// which assistive technology ignores; as an image the label is read.
window.addEventListener("load", function () {
  "use strict";
  document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
    icon.setAttribute("role", "img");
  });
});
