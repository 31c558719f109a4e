// A PDF job's progress page: reads the job's status every two seconds and moves the bar; once the job is done or
// failed, loads the page again, which then offers the file or another try. Without scripts the page reloads
// itself (its <noscript> refresh) until then.
(function () {
  "use strict";
  const job = document.querySelector("[data-pdf-job]");
  if (!job) { return; }
  const bar = job.querySelector("progress");
  const percent = job.querySelector("[data-job-percent]");
  const state = job.querySelector("[data-job-state]");
  function later() { window.setTimeout(poll, 2000); }
  function show(status) {
    bar.value = status.progress;
    bar.textContent = status.progress + " %";
    percent.textContent = status.progress;
    state.textContent = status.state_label;
    if (status.state === "done" || status.state === "failed") {
      window.location.reload();
    } else {
      later();
    }
  }
  function poll() {
    fetch(job.dataset.pdfJob, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(show, later);  // a lost answer (a restart, the network) is asked again
  }
  later();
})();
