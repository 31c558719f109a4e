// The portal's only script, loaded from its own origin so that the Content-Security-Policy can forbid inline code.
// A form with data-confirm asks before it is sent; a button with data-print prints the page.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset ? event.target.dataset.confirm : undefined;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
