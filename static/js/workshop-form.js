// The new-workshop form proposes its slug (from the title and the year) and its time zone (from the country)
// while the organiser types, until they change either field themselves. Without this script the server makes
// the same proposals for fields left empty.
(function () {
  "use strict";

  function slugify(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 110).replace(/-+$/, "");
  }

  function follow(target, sources, propose) {
    let touched = target.value !== "";
    target.addEventListener("input", function () { touched = target.value !== ""; });
    target.addEventListener("change", function () { touched = target.value !== ""; });
    sources.forEach(function (source) {
      source.addEventListener("input", function () { if (!touched) { target.value = propose(); } });
      source.addEventListener("change", function () { if (!touched) { target.value = propose(); } });
    });
  }

  const slug = document.querySelector("[data-suggest-from]");
  if (slug) {
    const [title, start] = slug.dataset.suggestFrom.split(" ").map(function (id) { return document.getElementById(id); });
    follow(slug, [title, start], function () {
      const year = start.value ? start.value.slice(0, 4) : "";
      return slugify(title.value + " " + year);
    });
  }

  const zone = document.querySelector("[data-propose-from]");
  if (zone) {
    const country = document.getElementById(zone.dataset.proposeFrom);
    follow(zone, [country], function () {
      const option = country.options[country.selectedIndex];
      return (option && option.dataset.timeZone) || "";
    });
  }
})();
