// A question shown only for a given answer to another one (questions.engine) is hidden until that answer is
// chosen. The server decides again from what is sent, so without this script every question is simply shown.
(function () {
  "use strict";

  const dependent = Array.from(document.querySelectorAll("[data-shown-when]"));
  if (!dependent.length) { return; }

  function chosen(form, name) {
    return Array.from(form.querySelectorAll("[name='" + name + "']"))
      .filter(function (input) { return input.type === "radio" || input.type === "checkbox" ? input.checked : true; })
      .map(function (input) { return input.value; });
  }

  function visible(form, name) {
    const input = form.querySelector("[name='" + name + "']");
    const wrapper = input && input.closest("[data-question]");
    return !wrapper || !wrapper.hidden;
  }

  function refresh() {
    // A condition may look at a later question: repeat until nothing changes (as many rounds as questions at most).
    for (let round = 0; round <= dependent.length; round += 1) {
      let changed = false;
      dependent.forEach(function (wrapper) {
        const form = wrapper.closest("form");
        const name = wrapper.dataset.shownWhen;
        const hidden = !(visible(form, name) && chosen(form, name).indexOf(wrapper.dataset.shownValue) !== -1);
        if (wrapper.hidden !== hidden) { wrapper.hidden = hidden; changed = true; }
      });
      if (!changed) { return; }
    }
  }

  document.addEventListener("change", refresh);
  refresh();
})();
