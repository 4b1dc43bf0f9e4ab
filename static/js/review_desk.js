// The review desk's citation ticks without a reload. Without JavaScript each tick is
// an ordinary form that posts and comes back to the same row.
(function () {
  "use strict";
  function update(form, checked) {
    var button = form.querySelector("button[name=action]");
    var key = form.querySelector("input[name=source_key]").value;
    button.value = checked ? "uncheck" : "check";
    button.textContent = checked ? "✓ Checked" : "Mark checked";
    button.setAttribute("aria-label", (checked ? "Untick " : "Tick ") + key + (checked ? "" : " as checked"));
    var by = form.closest("tr").querySelector(".desk-tick-by");
    if (by) by.textContent = checked ? "You, just now" : "";
  }
  function count(change) {
    var heading = document.getElementById("citations-heading");
    if (!heading) return;
    var checked = Number(heading.getAttribute("data-checked")) + change;
    heading.setAttribute("data-checked", String(checked));
    heading.textContent = "Citations (" + checked + " of " + heading.getAttribute("data-total") + " checked)";
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("desk-tick")) return;
    event.preventDefault();
    var button = event.submitter || form.querySelector("button[name=action]");
    var data = new FormData(form);
    data.set("action", button.value);
    button.disabled = true;
    fetch(window.location.pathname, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        button.disabled = false;
        if (!result.ok) {
          window.alert(result.body.error || "The tick was not saved.");
          return;
        }
        var carried = button.textContent.indexOf("Confirm") === 0;
        update(form, result.body.checked);
        if (!carried) count(result.body.checked ? 1 : -1);
      })
      .catch(function () {
        button.disabled = false;
        form.submit();
      });
  });
})();

// Selecting words on the rendered page fills in the passage of a new comment.
(function () {
  "use strict";
  var field = document.getElementById("id_comment-quote");
  if (!field) return;
  document.addEventListener("mouseup", function (event) {
    if (!event.target.closest || !event.target.closest(".desk-rendered")) return;
    var text = String(window.getSelection()).trim();
    if (text) field.value = text;
  });
})();

// Each open comment's passage is marked on the rendered page, where it is found whole
// within one stretch of text (the comment list quotes it either way).
(function () {
  "use strict";
  var quotes = Array.prototype.map.call(
    document.querySelectorAll(".desk-comment-open .desk-quote"),
    function (q) { return q.textContent.trim(); }
  ).filter(Boolean);
  if (!quotes.length) return;
  document.querySelectorAll(".desk-rendered").forEach(function (page) {
    var walker = document.createTreeWalker(page, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      quotes.forEach(function (quote) {
        var at = node.nodeValue.indexOf(quote);
        if (at === -1 || !node.parentNode) return;
        var passage = node.splitText(at);
        passage.splitText(quote.length);
        var mark = document.createElement("mark");
        mark.className = "desk-commented";
        mark.title = "A board member commented on this passage";
        passage.parentNode.replaceChild(mark, passage);
        mark.appendChild(passage);
      });
    });
  });
})();
