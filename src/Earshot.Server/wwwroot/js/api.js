// The HTTP API as the pages use it: bearer token in sessionStorage, RFC 7807 problems turned into ApiError.
const TOKEN = 'earshot.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Aborted when the user leaves the page, so a page's pending requests (long polls too) end with it. */
let pageSignal = null;
export function setPageSignal(signal) { pageSignal = signal; }
export const isAbort = (error) => error?.name === 'AbortError';

export const auth = {
  get token() { return sessionStorage.getItem(TOKEN); },
  set token(value) { value ? sessionStorage.setItem(TOKEN, value) : sessionStorage.removeItem(TOKEN); },
  onExpired: () => {},
};

function headers(extra) {
  const result = new Headers(extra);
  if (auth.token) result.set('Authorization', `Bearer ${auth.token}`);
  return result;
}

async function fail(response) {
  let problem = null;
  try { problem = await response.json(); } catch { /* not JSON */ }
  if (response.status === 401 && auth.token) auth.onExpired();
  return new ApiError(response.status, problem);
}

/** JSON request; `json` is sent as a JSON body, `form` as urlencoded fields, `file` as the raw body with its own type. */
export async function api(path, { method = 'GET', json, form, file, signal = pageSignal } = {}) {
  const init = { method, headers: headers(), signal };
  if (json !== undefined) { init.body = JSON.stringify(json); init.headers.set('Content-Type', 'application/json'); }
  if (form !== undefined) init.body = new URLSearchParams(form);
  if (file !== undefined) { init.body = file; init.headers.set('Content-Type', file.type || 'application/octet-stream'); }
  const response = await fetch(path, init);
  if (!response.ok) throw await fail(response);
  return response.status === 204 ? null : response.json();
}

/** An authenticated download as an object URL (for <audio> and <img>); the caller revokes it. */
export async function blobUrl(path) {
  const response = await fetch(path, { headers: headers(), signal: pageSignal });
  if (!response.ok) throw await fail(response);
  return URL.createObjectURL(await response.blob());
}

/** Multipart upload of one file with progress (fetch has no upload progress, XMLHttpRequest does). */
export function upload(path, file, onProgress, field = 'upload_file', extra = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    if (auth.token) xhr.setRequestHeader('Authorization', `Bearer ${auth.token}`);
    xhr.upload.addEventListener('progress', (e) => e.lengthComputable && onProgress?.(e.loaded / e.total));
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* empty */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else {
        if (xhr.status === 401 && auth.token) auth.onExpired();
        reject(new ApiError(xhr.status, body));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { detail: 'The upload failed: no connection to the server.' })));
    const data = new FormData();
    for (const [key, value] of Object.entries(extra)) [].concat(value).forEach((v) => data.append(key, v));
    data.append(field, file, file.name);
    xhr.send(data);
  });
}

/** Long-polls a job until it finishes (the server holds each request up to `wait` seconds). */
export async function waitForJob(id, { signal, onProgress } = {}) {
  for (;;) {
    const job = await api(`/v1/jobs/${id}?wait=10`, { signal });
    onProgress?.(job);
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
  }
}

/** Remembers the names of files uploaded from this browser, since jobs refer to files by id. */
export const fileNames = {
  key: 'earshot.files',
  all() { try { return JSON.parse(sessionStorage.getItem(this.key)) ?? {}; } catch { return {}; } },
  set(id, name) { const all = this.all(); all[id] = name; sessionStorage.setItem(this.key, JSON.stringify(all)); },
  get(id) { return this.all()[id]; },
};
