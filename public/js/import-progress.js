// Keeps a bank statement import's page up to date while the background job runs: every 2 seconds
// it fetches the page itself and swaps in the progress (a role="status" region, read out politely,
// only when its text changes) and the counts. Without JavaScript the page's "Vernieuwen" link does
// the same by hand. It stops once the import is done (klaar or mislukt).
{
  const live = document.querySelector('[data-import-live]');
  const details = document.querySelector('[data-import-details]');
  if (live && details && live.getAttribute('data-done') !== 'true') {
    const schedule = () => window.setTimeout(refresh, 2000);
    const refresh = async () => {
      try {
        const response = await fetch(window.location.href, {
          credentials: 'same-origin',
          headers: { Accept: 'text/html' },
        });
        if (response.ok) {
          const page = new DOMParser().parseFromString(await response.text(), 'text/html');
          const nextLive = page.querySelector('[data-import-live]');
          const nextDetails = page.querySelector('[data-import-details]');
          if (nextLive && nextDetails) {
            if (nextLive.textContent.trim() !== live.textContent.trim()) live.innerHTML = nextLive.innerHTML;
            details.innerHTML = nextDetails.innerHTML;
            if (nextLive.getAttribute('data-done') === 'true') {
              live.setAttribute('data-done', 'true');
              return;
            }
          }
        }
      } catch {
        // The network hiccuped: the next try will tell.
      }
      schedule();
    };
    schedule();
  }
}
