/* matchpilot: a small enhancement of every page (a file of the app's own, so the Content-Security-Policy of
   multi-user mode, script-src 'self', lets it run). Without JavaScript the pages work the same, less this.

   1. After a failed submit the page comes back with an error summary (.notice-error with role="alert"): the
      focus moves to it, so a screen reader reads it first and the keyboard starts from its links to the fields.
      A form whose errors sit only beside their fields moves the focus to the first field marked invalid (or
      the one its error describes; or to the error itself).
   (On a narrow screen the tables become one card per row; each cell's column name, its data-label, comes from the
   server: matchpilot/web/cards.py.) */
(() => {
  const summary = document.querySelector('[data-error-summary], .notice-error[role="alert"]');
  const alone = document.querySelector('main .field-error[role="alert"][id]');
  let target = summary || document.querySelector('main [aria-invalid="true"]');
  if (!target && alone) target = document.querySelector(`main [aria-describedby~="${alone.id}"]`) || alone;
  if (target) {
    if (!target.matches('a, button, input, select, textarea, [tabindex]')) target.setAttribute('tabindex', '-1');
    target.focus();
  }
})();
