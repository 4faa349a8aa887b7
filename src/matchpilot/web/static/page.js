/* matchpilot: two small enhancements of every page (a file of the app's own, so the Content-Security-Policy of
   multi-user mode, script-src 'self', lets it run). Without JavaScript the pages work the same, less these.

   1. After a failed submit the page comes back with an error summary (.notice-error with role="alert"): the
      focus moves to it, so a screen reader reads it first and the keyboard starts from its links to the fields.
      A form whose errors sit only beside their fields moves the focus to the first field marked invalid (or
      the one its error describes; or to the error itself).
   2. On a narrow screen the tables become one card per row (app.css): each cell gets its column's name
      (data-label) to show before its value, unless the template gave one. */
(() => {
  const summary = document.querySelector('[data-error-summary], .notice-error[role="alert"]');
  const alone = document.querySelector('main .field-error[role="alert"][id]');
  let target = summary || document.querySelector('main [aria-invalid="true"]');
  if (!target && alone) target = document.querySelector(`main [aria-describedby~="${alone.id}"]`) || alone;
  if (target) {
    if (!target.matches('a, button, input, select, textarea, [tabindex]')) target.setAttribute('tabindex', '-1');
    target.focus();
  }

  for (const table of document.querySelectorAll('.table-scroll table')) {
    const names = [];
    const head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head || table.querySelector('[data-label]')) continue;  // the template labelled its cells itself
    for (const cell of head.cells) {
      // the column's own name: not its sort marks, its screen-reader-only notes, nor its links to sub-sorts
      const copy = cell.cloneNode(true);
      for (const extra of copy.querySelectorAll('.visually-hidden, [aria-hidden="true"], .sort-mark, .sub-sorts')) {
        extra.remove();
      }
      const name = copy.textContent.replace(/\s+/g, ' ').trim();
      for (let i = 0; i < cell.colSpan; i += 1) names.push(name);
    }
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const name = names[column];
          if (name && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', name);
          column += cell.colSpan;
        }
      }
    }
  }
})();
