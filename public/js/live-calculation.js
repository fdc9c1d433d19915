// The project page's live calculation: as the user types the service, the subtheme or the
// eligible costs, the server computes project amount, subsidy and own contribution with the
// rules in force (the same code as the submit), and the figures are updated in place, with
// warnings about what the submit would refuse (amount under the minimum, advice outside
// cybersecurity).
// Without JavaScript the "Herbereken" button does the same by a round trip.
(() => {
  const form = document.querySelector('form[data-live-calculation]');
  if (!form) return;
  const url = form.dataset.liveCalculation;
  const output = form.querySelector('[data-calculation]');
  const figure = (name) => form.querySelector(`[data-figure="${name}"]`);
  const rate = form.querySelector('[data-figure-rate]');
  const recalculate = form.querySelector('#herbereken');
  if (recalculate) recalculate.hidden = true;

  let timer;
  let controller;

  const valueOf = (name) => {
    const fields = form.elements.namedItem(name);
    if (!fields) return '';
    if (fields instanceof RadioNodeList) return fields.value;
    return fields.value;
  };

  async function update() {
    if (controller) controller.abort();
    controller = new AbortController();
    const query = new URLSearchParams({
      service: valueOf('service'),
      subtheme: valueOf('subtheme'),
      eligibleCosts: valueOf('eligibleCosts'),
    });
    try {
      const response = await fetch(`${url}?${query}`, {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
        signal: controller.signal,
      });
      if (!response.ok) return;
      const result = await response.json();
      for (const name of ['projectAmount', 'subsidy', 'ownContribution', 'ceilingLeft', 'note']) {
        const element = figure(name);
        if (element && typeof result[name] === 'string') element.textContent = result[name];
      }
      if (rate) rate.textContent = result.complete ? ` (${result.rate})` : '';
      const note = figure('note');
      if (note) note.classList.toggle('calculation__note--warning', result.capped === true);
      // What "Volgende" would refuse (minimum amount, advice outside cybersecurity), announced
      // by the live region around the figures; the server refuses the same on submit.
      const warnings = form.querySelector('[data-warnings]');
      const list = warnings && warnings.querySelector('[data-warning-list]');
      if (list && Array.isArray(result.warnings)) {
        list.replaceChildren(
          ...result.warnings.map((text) => {
            const item = document.createElement('li');
            item.textContent = String(text);
            return item;
          }),
        );
        warnings.hidden = result.warnings.length === 0;
      }
      if (output) output.dataset.updated = 'true';
    } catch (error) {
      // An aborted or failed request leaves the last figures; the submit recalculates anyway.
      if (!(error instanceof DOMException && error.name === 'AbortError')) {
        if (output) output.dataset.updated = 'false';
      }
    }
  }

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  };

  form.addEventListener('input', (event) => {
    const name = event.target && event.target.name;
    if (name === 'eligibleCosts' || name === 'service' || name === 'subtheme') schedule();
  });
  form.addEventListener('change', (event) => {
    const name = event.target && event.target.name;
    if (name === 'service' || name === 'subtheme') schedule();
  });
})();
