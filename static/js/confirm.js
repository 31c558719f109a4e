// Forms marked data-confirm ask before they submit (withdrawing a delegate cancels their registration).
document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
