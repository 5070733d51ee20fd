import { api, fileNames, upload } from '../api.js';
import { alertBox, cleanup, fmt, h, mount } from '../dom.js';

const KIND_LABELS = {
  'audio.process': 'Transcription', 'audio.probe': 'Audio probe', 'audio.extract': 'Phrase search', 'image.process': 'Text on image',
  'comparison.audio_image': 'Reading (page)', 'comparison.audio_text': 'Reading (text)', 'recording.analyze': 'Recording analysis',
  'stream.transcript': 'Live stream', 'system.echo': 'Echo',
};
const REFRESH_MS = 2000;

export function statusText(job) {
  switch (job.status) {
    case 'queued': return 'queued';
    case 'running': return `running ${job.progress} %`;
    case 'succeeded': return 'done';
    case 'failed': return `failed: ${job.error ?? 'no reason given'}`;
    default: return job.status;
  }
}

// The job list carries no requests (they may be large), so a job started here is also remembered by its own id.
function fileOf(job) {
  const request = job.request ?? {};
  const ids = [request.audio_file, request.image_file, request.file_id].filter(Boolean);
  return ids.map((id) => fileNames.get(id) ?? `${id.slice(0, 8)}…`).join(' + ') || fileNames.get(job.id) || '–';
}

export function resultLink(job) {
  if (job.status !== 'succeeded') return '';
  if (job.kind.startsWith('comparison.')) return h('a', { href: `#/reading/${job.id}`, text: 'Open' });
  return h('a', { href: `#/jobs/${job.id}`, text: 'Open' });
}

export async function render({ id }) {
  if (id) return renderJob(id);

  const uploads = h('ul', { class: 'uploads', 'aria-label': 'Uploads' });
  const body = h('tbody', { id: 'jobs-body' });
  const updated = h('span', { class: 'muted', 'aria-live': 'off' });
  const input = h('input', { id: 'files', type: 'file', multiple: true, accept: 'audio/*,video/*,image/*', class: 'visually-hidden', tabindex: -1,
    onchange: () => { start([...input.files]); input.value = ''; } });

  const drop = h('label', { for: 'files', class: 'dropzone', tabindex: 0,
    onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } },
    ondragover: (e) => { e.preventDefault(); drop.classList.add('over'); },
    ondragleave: () => drop.classList.remove('over'),
    ondrop: (e) => { e.preventDefault(); drop.classList.remove('over'); start([...e.dataTransfer.files]); } },
  h('strong', { text: 'Drop audio or image files here' }), h('span', { text: 'or press to choose files. Audio is transcribed, images are read as text.' }));

  function start(files) {
    for (const file of files) uploadOne(file);
  }

  async function uploadOne(file) {
    const image = file.type.startsWith('image/');
    const bar = h('progress', { max: 1, value: 0, 'aria-label': `Upload of ${file.name}` });
    const state = h('span', { class: 'state', text: 'uploading' });
    const item = h('li', { class: 'upload', dataset: { name: file.name } }, h('span', { class: 'name', text: file.name }), bar, state);
    uploads.prepend(item);
    try {
      const uploaded = await upload(image ? '/v1/image/upload' : '/v1/audio/upload', file, (p) => { bar.value = p; });
      bar.value = 1;
      fileNames.set(uploaded.file_id, file.name);
      const request = image ? { image_file: uploaded.file_id, image_model: 'tesseract' } : { audio_file: uploaded.file_id, audio_model: 'pocketsphinx' };
      const job = await api('/v1/jobs', { method: 'POST', json: { kind: image ? 'image.process' : 'audio.process', request } });
      fileNames.set(job.id, file.name);
      state.textContent = 'uploaded';
      item.classList.add('done');
      await refresh();
    } catch (error) {
      state.textContent = error.message;
      item.classList.add('failed');
    }
  }

  async function refresh() {
    const page = await api('/v1/jobs?page_size=50');
    body.replaceChildren(...(page.items.length ? page.items.map((job) => h('tr', { dataset: { job: job.id, status: job.status } },
      h('td', { dataset: { label: 'Kind' }, text: KIND_LABELS[job.kind] ?? job.kind }),
      h('td', { dataset: { label: 'File' }, class: 'file', text: fileOf(job) }),
      h('td', { dataset: { label: 'Status' }, class: `status ${job.status}` }, statusText(job)),
      h('td', { dataset: { label: 'Created' }, text: fmt.time(job.created_at) }),
      h('td', { dataset: { label: 'Result' } }, resultLink(job)))) : [h('tr', {}, h('td', { colspan: 5, class: 'muted', text: 'No jobs yet: upload a file above.' }))]));
    updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  }

  mount(h('h1', { text: 'Files and jobs' }), input, drop, uploads,
    h('div', { class: 'toolbar' }, h('h2', { text: 'Your jobs' }), updated,
      h('button', { type: 'button', class: 'secondary', id: 'refresh', text: 'Refresh', onclick: () => refresh() })),
    h('div', { class: 'table-wrap' }, h('table', { id: 'jobs', class: 'stack' },
      h('thead', {}, h('tr', {}, ...['Kind', 'File', 'Status', 'Created', 'Result'].map((t) => h('th', { scope: 'col', text: t })))), body)));

  const timer = setInterval(() => { if (!document.hidden) refresh().catch(() => {}); }, REFRESH_MS);
  cleanup.add(() => clearInterval(timer));
  await refresh();
}

async function renderJob(id) {
  const job = await api(`/v1/jobs/${id}`);
  const summary = job.result?.text ? h('section', { class: 'card' }, h('h2', { text: 'Text' }), h('p', { class: 'transcript', text: job.result.text })) : '';
  mount(h('p', {}, h('a', { href: '#/jobs', text: '← Files and jobs' })),
    h('h1', { text: KIND_LABELS[job.kind] ?? job.kind }),
    h('dl', { class: 'facts' },
      h('dt', { text: 'File' }), h('dd', { text: fileOf(job) }),
      h('dt', { text: 'Status' }), h('dd', { text: statusText(job) }),
      h('dt', { text: 'Created' }), h('dd', { text: fmt.time(job.created_at) })),
    job.status === 'failed' ? alertBox(job.error ?? 'failed') : '',
    summary,
    job.result ? h('details', { class: 'card' }, h('summary', { text: 'Full result (JSON)' }), h('pre', { text: JSON.stringify(job.result, null, 2) })) : '');
}
