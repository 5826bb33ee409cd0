// @ts-check
/**
 * Type-ahead on the sharing form: as the name is typed, the <datalist> is filled with active
 * users (or groups) whose name starts with it, from GET /api/directory (names only; the server
 * limits how often). The form works without it: the name is checked on the server anyway.
 */
import { getJson } from './api.js';

const input = /** @type {HTMLInputElement | null} */ (document.getElementById('f-name'));
const list = document.getElementById('name-options');
if (input && list) {
  /** @type {AbortController | null} */
  let pending = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const kind = () => {
    const checked = document.querySelector('input[name="kind"]:checked');
    return checked instanceof HTMLInputElement ? checked.value : 'user';
  };
  const refresh = async () => {
    const text = input.value.trim();
    pending?.abort();
    if (text === '') return list.replaceChildren();
    pending = new AbortController();
    try {
      const found = /** @type {{ items: { name: string, displayName: string }[] }} */ (
        await getJson(`/api/directory?q=${encodeURIComponent(text)}&kind=${kind()}`, pending.signal)
      );
      list.replaceChildren(
        ...found.items.map((item) => {
          const option = document.createElement('option');
          option.value = item.name;
          option.label = item.displayName;
          return option;
        }),
      );
    } catch {
      // Aborted by the next keystroke, or refused (too many lookups): typing the name still works.
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), 200);
  });
  for (const radio of document.querySelectorAll('input[name="kind"]'))
    radio.addEventListener('change', () => void refresh());
  // Typed before this module ran (it is deferred): suggest for that too. The flag says it is wired.
  if (input.value.trim() !== '') void refresh();
  input.dataset.typeahead = 'on';
}
