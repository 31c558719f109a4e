// "Select all on this page": a box in the table's header ticks or clears every row's box named by its
// data-ticks, and shows itself half-ticked when only some are. Without scripts it stays hidden; the form's
// "all matching the filter" box works on the server either way.
(function () {
  "use strict";
  document.querySelectorAll("[data-ticks]").forEach(function (master) {
    const form = master.closest("form") || document;
    const rows = Array.from(form.querySelectorAll('input[type="checkbox"][name="' + master.dataset.ticks + '"]'));
    if (!rows.length) { return; }
    function reflect() {
      const ticked = rows.filter(function (row) { return row.checked; }).length;
      master.checked = ticked === rows.length;
      master.indeterminate = ticked > 0 && ticked < rows.length;
    }
    master.hidden = false;
    master.addEventListener("change", function () {
      rows.forEach(function (row) { row.checked = master.checked; });
    });
    rows.forEach(function (row) { row.addEventListener("change", reflect); });
    reflect();
  });
})();
