// @ts-check
/**
 * A page with several forms: leaving it (following a link, or pressing another form's button)
 * while `form[data-guard="unsaved"]` holds changes not yet saved asks first, with the browser's
 * own "Leave site?" question. Submitting that form itself never asks. Without JavaScript the
 * page works the same, without the question.
 */
for (const form of document.querySelectorAll('form[data-guard="unsaved"]')) {
  let dirty = false;
  let saving = false;
  const touch = () => {
    dirty = true;
  };
  form.addEventListener('input', touch);
  form.addEventListener('change', touch);
  form.addEventListener('submit', () => {
    saving = true;
  });
  window.addEventListener('beforeunload', (event) => {
    if (!dirty || saving) return;
    event.preventDefault();
    // Older browsers need a returnValue; the words are the browser's own.
    event.returnValue = '';
  });
}
