// @ts-check
/**
 * Upload on the experiment page: drag and drop or the file picker, several files, one after the
 * other (the server imports each in one transaction). Each file gets a progress bar: the bytes
 * sent (XHR upload progress), then the import's progress polled from GET /api/imports/:id,
 * then the detected format and what was stored — or the problem with its line and column.
 * A file over the limit is refused before a byte is sent (the server refuses it anyway).
 */
import { ApiError, csrfToken, getJson, parseJson, sleep } from './api.js';

/** @typedef {{ id: number, status: string, format: string | null, bytesReceived: number, bytesParsed: number, rows: number, points: number, cycles: number, error: { detail: string, line: number | null, column: string | null } | null }} ImportRecord */

const root = document.getElementById('upload');
if (root) setUp(root);

/** @param {HTMLElement} root */
function setUp(root) {
  const experimentId = root.dataset.experimentId ?? '';
  /** The server's limit, as the page was given it (read at each upload). */
  const maxBytes = () => Number(root.dataset.maxBytes);
  const input = /** @type {HTMLInputElement} */ (document.getElementById('upload-input'));
  const zone = /** @type {HTMLElement} */ (document.getElementById('dropzone'));
  const list = /** @type {HTMLElement} */ (document.getElementById('upload-list'));
  /** @type {File[]} */
  const queue = [];
  let running = false;
  let failures = 0;

  const enqueue = (/** @type {FileList | null} */ files) => {
    for (const file of files ?? []) queue.push(file);
    if (!running) void drain();
  };
  input.addEventListener('change', () => {
    enqueue(input.files);
    input.value = '';
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  root.dataset.ready = 'yes';
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    enqueue(event.dataTransfer?.files ?? null);
  });

  async function drain() {
    running = true;
    while (queue.length > 0) {
      const file = /** @type {File} */ (queue.shift());
      const ok = await uploadOne(file, experimentId, maxBytes(), list);
      if (!ok) failures++;
    }
    running = false;
    // Everything stored: reload so the files, cycles and plots show the new data.
    if (failures === 0) location.reload();
    else {
      const again = document.createElement('li');
      const link = document.createElement('a');
      link.href = location.pathname;
      link.textContent = 'Reload the page to see what was stored';
      again.append(link);
      list.append(again);
    }
  }
}

/**
 * One file: its row in the list, the upload, the import's progress.
 * @param {File} file
 * @param {string} experimentId
 * @param {number} maxBytes
 * @param {HTMLElement} list
 * @returns {Promise<boolean>} stored
 */
async function uploadOne(file, experimentId, maxBytes, list) {
  const row = document.createElement('li');
  const name = document.createElement('div');
  name.className = 'upload-name';
  name.textContent = file.name;
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = 0;
  bar.setAttribute('aria-label', `Progress of ${file.name}`);
  const text = document.createElement('div');
  text.className = 'upload-text';
  row.append(name, bar, text);
  list.append(row);
  const show = (
    /** @type {string} */ message,
    /** @type {number | null} */ fraction,
    /** @type {string} */ state = '',
  ) => {
    text.textContent = message;
    if (fraction === null) bar.removeAttribute('value');
    else bar.value = fraction;
    row.className = state ? `upload-state-${state}` : '';
  };

  if (file.size > maxBytes) {
    show(`Too large: ${mib(file.size)} (the limit is ${mib(maxBytes)}). Nothing was sent.`, 0, 'failed');
    return false;
  }
  const before = await knownImports(experimentId);
  show('Uploading…', 0);
  let finished = false;
  const response = sendFile(file, experimentId, (sent) =>
    show(`Uploading… ${Math.round(sent * 100)} %`, sent * 0.5),
  );
  void response.finally(() => (finished = true));
  void followImport(
    experimentId,
    before,
    () => finished,
    (record) => {
      const parsed = record.bytesReceived > 0 ? record.bytesParsed / record.bytesReceived : 0;
      const format = record.format ? ` (${record.format})` : '';
      show(`Importing${format}… ${record.rows.toLocaleString('en')} rows read`, 0.5 + 0.5 * parsed);
    },
  );
  const { status, body } = await response;
  if (status === 201) {
    const record = /** @type {{ import: ImportRecord }} */ (body).import;
    show(
      `Stored: ${record.format ?? 'unknown format'} — ${record.points.toLocaleString('en')} samples, ${record.cycles} cycles.`,
      1,
      'done',
    );
    return true;
  }
  const error = new ApiError(status, /** @type {import('./api.js').Problem} */ (body));
  const where = [
    error.line !== null ? `line ${error.line}` : '',
    error.column ? `column ${error.column}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  show(`Not stored: ${error.message}${where ? ` (${where})` : ''}`, 1, 'failed');
  return false;
}

/**
 * POSTs the file as multipart field `file`, with the CSRF header; resolves with the answer.
 * @param {File} file
 * @param {string} experimentId
 * @param {(fraction: number) => void} onProgress
 * @returns {Promise<{ status: number, body: unknown }>}
 */
function sendFile(file, experimentId, onProgress) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    // The cell chosen above the drop zone; none: the server makes one named after the file.
    const cell = /** @type {HTMLSelectElement | null} */ (document.getElementById('upload-cell'))?.value;
    xhr.open(
      'POST',
      `/api/experiments/${experimentId}/files${cell ? `?cellId=${encodeURIComponent(cell)}` : ''}`,
    );
    xhr.setRequestHeader('x-csrf-token', csrfToken());
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      /** @type {unknown} */
      let body = {};
      try {
        body = parseJson(xhr.responseText);
      } catch {
        body = { detail: `the server answered ${xhr.status}` };
      }
      resolve({ status: xhr.status, body });
    });
    xhr.addEventListener('error', () => resolve({ status: 0, body: { detail: 'the connection failed' } }));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** @param {string} experimentId @returns {Promise<Set<number>>} */
async function knownImports(experimentId) {
  try {
    const page = /** @type {{ items: ImportRecord[] }} */ (
      await getJson(`/api/experiments/${experimentId}/imports`)
    );
    return new Set(page.items.map((i) => i.id));
  } catch {
    return new Set();
  }
}

/**
 * Finds this upload's import record (the new one) and reports its progress until the upload's
 * own answer arrives.
 * @param {string} experimentId
 * @param {Set<number>} before
 * @param {() => boolean} done
 * @param {(record: ImportRecord) => void} report
 */
async function followImport(experimentId, before, done, report) {
  /** @type {number | null} */
  let importId = null;
  while (!done()) {
    await sleep(700);
    if (done()) return;
    try {
      if (importId === null) {
        const page = /** @type {{ items: ImportRecord[] }} */ (
          await getJson(`/api/experiments/${experimentId}/imports`)
        );
        importId = page.items.find((i) => !before.has(i.id))?.id ?? null;
      }
      if (importId !== null && !done())
        report(/** @type {ImportRecord} */ (await getJson(`/api/imports/${importId}`)));
    } catch {
      // Progress is a courtesy: the upload's answer says what happened.
    }
  }
}

/** @param {number} bytes 512 MiB, 1.8 MiB (as the page writes sizes) */
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1).replace(/\.0$/, '')} MiB`;
