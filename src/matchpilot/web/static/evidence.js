// The Evidence page: show how far the upload of a large LCA file has got (the form works without this script).
(function () {
  "use strict";
  var form = document.getElementById("lca-form");
  var bar = document.getElementById("lca-progress");
  if (!form || !bar || !window.XMLHttpRequest || !window.FormData) { return; }
  form.addEventListener("submit", function (event) {
    var file = form.querySelector("input[type=file]");
    if (!file || !file.files || !file.files.length) { return; } // the server says what is missing
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    bar.hidden = false;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round((100 * e.loaded) / e.total); }
    });
    request.upload.addEventListener("load", function () {
      bar.removeAttribute("value"); // uploaded: the server is reading the file (indeterminate)
      bar.setAttribute("aria-label", "Reading the file");
    });
    request.addEventListener("load", function () {
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", function () { form.submit(); });
    request.send(new FormData(form));
  });
})();
