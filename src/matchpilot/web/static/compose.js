/* The Write page's lint-as-you-type: a progressive enhancement (the form works the same without it).
   A file of the app's own, so the Content-Security-Policy of multi-user mode (script-src 'self') lets it run;
   it sends the page's CSRF token (from <meta name="csrf-token">) as the X-CSRF-Token header. */
(function () {
  "use strict";
  var form = document.getElementById("compose-form");
  if (!form || !window.fetch) { return; }
  var area = document.getElementById("f-text");
  var result = document.getElementById("lint-result");
  if (!area || !result) { return; }
  var meta = document.querySelector('meta[name="csrf-token"]');
  var field = form.elements.namedItem("csrf_token");
  var token = meta ? meta.getAttribute("content") : (field ? field.value : "");
  var timer = null;
  var asked = 0;

  function check() {
    var mine = ++asked;
    var headers = {"Content-Type": "application/json"};
    if (token) { headers["X-CSRF-Token"] = token; }
    var body = JSON.stringify({
      text: area.value,
      program: form.elements.namedItem("program").value,
      kind: form.elements.namedItem("kind").value
    });
    fetch("/compose/lint", {method: "POST", headers: headers, body: body, credentials: "same-origin"})
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (data) {
        if (data && mine === asked && area.value.trim()) { result.innerHTML = data.html; }
      })
      .catch(function () {});
  }

  area.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 500);
  });
})();
