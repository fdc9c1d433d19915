// Counts down the characters left in a textarea inside [data-character-count="<limit>"] as the
// user types. Screen readers hear the count once typing pauses, not at every key. The limit is
// also stated in the hint and checked on the server, so the page works the same without this.
{
  const plural = (count) => (count === 1 ? 'teken' : 'tekens');

  document.querySelectorAll('[data-character-count]').forEach((wrapper) => {
    const field = wrapper.querySelector('textarea');
    const limit = Number(wrapper.getAttribute('data-character-count'));
    if (!(field instanceof HTMLTextAreaElement) || !(limit > 0)) return;

    const visible = document.createElement('div');
    visible.className = 'hint';
    visible.id = `${field.id}-teller`;
    visible.setAttribute('aria-hidden', 'true');
    const spoken = document.createElement('div');
    spoken.className = 'visually-hidden';
    spoken.setAttribute('aria-live', 'polite');
    field.insertAdjacentElement('afterend', visible);
    visible.insertAdjacentElement('afterend', spoken);

    const message = () => {
      const left = limit - Array.from(field.value.trim()).length;
      return left >= 0
        ? `U hebt nog ${left} ${plural(left)} over.`
        : `U hebt ${-left} ${plural(-left)} te veel.`;
    };
    let timer;
    const update = () => {
      const text = message();
      visible.textContent = text;
      visible.className = text.includes('te veel') ? 'error-message' : 'hint';
      clearTimeout(timer);
      timer = setTimeout(() => {
        spoken.textContent = text;
      }, 1000);
    };
    visible.textContent = message();
    field.addEventListener('input', update);
  });
}
