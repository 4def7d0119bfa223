/* chaingraph views index: filters the page list by any name, alias or script of a chain or region.
   The forms to match (names, aliases, simplified and traditional folds) come from the page's JSON block. */
(function () {
  "use strict";
  var pages = JSON.parse(document.getElementById("cg-index").textContent);
  var input = document.getElementById("cg-find"), msg = document.getElementById("cg-find-msg");
  function norm(s) { return String(s).normalize("NFKC").toLowerCase().replace(/[\s"'“”‘’《》·・]+/g, ""); }
  function filter() {
    var q = norm(input.value), shown = 0;
    Object.keys(pages).forEach(function (key) {
      var li = document.querySelector('li[data-page="' + CSS.escape(key) + '"]');
      var hit = !q || pages[key].some(function (f) { return f.indexOf(q) >= 0; });
      li.classList.toggle("cg-hidden", !hit);
      if (hit) { shown += 1; }
    });
    document.querySelectorAll("section[data-kind]").forEach(function (s) {
      s.classList.toggle("cg-hidden", !s.querySelector("li:not(.cg-hidden)"));
    });
    msg.textContent = q ? (shown ? shown + " found" : "未找到 not found") : "";
  }
  input.addEventListener("input", filter);
  input.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") { return; }
    var first = document.querySelector("li:not(.cg-hidden) a");
    if (first && norm(input.value)) { window.location.href = first.href; }
  });
  document.body.setAttribute("data-ready", "1");
})();
