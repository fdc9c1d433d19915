// Moves focus to the error summary so keyboard and screen-reader users start at the list of
// problems, and makes its links focus the field (scrolling its label or legend into view)
// instead of only jumping to it. The page works the same without this script.
{
  const summary = document.querySelector('[data-error-summary]');

  if (summary instanceof HTMLElement) {
    summary.focus();
    summary.addEventListener('click', (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
      if (!link) return;
      const field = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
      if (!field) return;
      event.preventDefault();
      const fieldset = field.closest('fieldset');
      const legend = fieldset ? fieldset.querySelector('legend') : null;
      const label = legend || document.querySelector(`label[for="${CSS.escape(field.id)}"]`) || field;
      label.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }
}
