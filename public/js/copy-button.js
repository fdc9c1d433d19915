// Adds a "Kopieer" button beside each value marked data-copy="<text to copy>"
// (data-copy-label names it for screen readers, e.g. "het rekeningnummer").
// Without script, or where the browser has no clipboard access, the values stay
// plain selectable text. A visually hidden live region says "Gekopieerd".
{
  const values = document.querySelectorAll('[data-copy]');
  if (values.length > 0 && navigator.clipboard && window.isSecureContext) {
    const status = document.createElement('div');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    document.body.appendChild(status);

    values.forEach((value) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button--secondary copy-button';
      button.textContent = 'Kopieer';
      const label = value.getAttribute('data-copy-label');
      if (label) {
        const hidden = document.createElement('span');
        hidden.className = 'visually-hidden';
        hidden.textContent = ` ${label}`;
        button.appendChild(hidden);
      }
      button.addEventListener('click', () => {
        navigator.clipboard.writeText(value.getAttribute('data-copy') || '').then(
          () => {
            // Emptied first, so a second copy is announced again.
            status.textContent = '';
            setTimeout(() => {
              status.textContent = 'Gekopieerd';
            }, 100);
          },
          () => {
            status.textContent = '';
            setTimeout(() => {
              status.textContent = 'Kopiëren lukte niet. Selecteer de tekst en kopieer hem zelf.';
            }, 100);
          },
        );
      });
      // In a summary list the button takes the row's action column, like a "Wijzig" link.
      const cell = value.closest('dd');
      const row = cell && cell.parentElement;
      if (cell && row && row.classList.contains('summary-list__row')) {
        const action = document.createElement('dd');
        action.className = 'summary-list__action';
        action.appendChild(button);
        row.classList.remove('summary-list__row--no-action');
        row.appendChild(action);
      } else {
        value.insertAdjacentElement('afterend', button);
      }
    });
  }
}
