// Posts a form marked data-auto-submit as soon as the page is read (the SAML POST binding).
// Without JavaScript the user presses its button.
{
  const form = document.querySelector('form[data-auto-submit]');
  if (form instanceof HTMLFormElement) form.submit();
}
