// Drives a bulk import: asks the server to process the next batch until the job is finished, and
// shows the progress. Without script the page's "继续处理" button does the same, one batch a click.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-step]");
  if (!box) { return; }
  var form = box.querySelector("[data-step-form]");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var token = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
  if (!form || !bar || !text || !token) { return; }
  var failures = 0;

  function show(progress) {
    bar.max = progress.total || 1;
    bar.value = progress.processed;
    bar.textContent = progress.percent + "%";
    text.textContent = progress.text;
  }

  function next() {
    fetch(box.getAttribute("data-import-step"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token.value }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (progress) {
      failures = 0;
      show(progress);
      if (progress.done) {
        window.location.reload();  // the finished page lists the row errors and the next step
      } else {
        window.setTimeout(next, 200);
      }
    }).catch(function () {
      failures += 1;
      if (failures < 3) {
        window.setTimeout(next, 2000 * failures);
      } else {
        form.hidden = false;  // give the person the button rather than retrying forever
      }
    });
  }

  form.hidden = true;
  next();
}());
