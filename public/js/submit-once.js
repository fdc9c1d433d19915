// A form that is being sent cannot be sent a second time by a double click: the server would
// refuse the duplicate anyway, but the browser would then show that refusal instead of the result.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  if (form.dataset.submitting === 'true') {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = 'true';
  // A page restored from the back/forward cache can be sent again.
  window.addEventListener('pageshow', () => delete form.dataset.submitting, { once: true });
});
