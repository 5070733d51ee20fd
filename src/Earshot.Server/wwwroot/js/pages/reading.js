import { api, blobUrl, fileNames, upload, waitForJob } from '../api.js';
import { alertBox, cleanup, fmt, h, mount, s } from '../dom.js';
import { recorderControl } from '../recorder.js';

const STATUSES = ['correct', 'substitution', 'omission', 'insertion', 'repetition', 'self_correction'];
const OVERRIDABLE = ['correct', 'substitution', 'omission', 'self_correction'];
const label = (status) => status.replace('_', '-');

export async function render({ id }) {
  return id ? renderResult(id) : renderForm();
}

async function renderForm() {
  let audioFile = null;
  const message = h('div', { 'aria-live': 'polite' });
  let photoFile = null;
  const photoName = h('span', { class: 'muted' });
  const choosePhoto = (input) => () => { photoFile = input.files[0] ?? photoFile; photoName.textContent = photoFile ? photoFile.name : ''; };
  const photo = h('input', { id: 'photo', type: 'file', accept: 'image/*' });
  // capture opens the phone's camera straight away; the plain field also offers the gallery
  const camera = h('input', { id: 'camera', type: 'file', accept: 'image/*', capture: 'environment', class: 'visually-hidden' });
  photo.addEventListener('change', choosePhoto(photo));
  camera.addEventListener('change', choosePhoto(camera));
  const audio = h('input', { id: 'reading-audio', type: 'file', accept: 'audio/*,video/webm' });
  const chosen = h('span', { class: 'muted' });
  audio.addEventListener('change', () => { audioFile = audio.files[0] ?? null; chosen.textContent = audioFile ? audioFile.name : ''; });
  const recorder = recorderControl('Record the reading', (file) => { audioFile = file; chosen.textContent = file.name; });
  cleanup.add(() => recorder.stop());
  const progress = h('div', { class: 'steps', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', id: 'assess', text: 'Assess the reading' });

  async function run(e) {
    e.preventDefault();
    message.replaceChildren();
    if (!photoFile) { message.replaceChildren(alertBox('Choose or take a photo of the page.')); return; }
    if (!audioFile) { message.replaceChildren(alertBox('Record the reading or choose an audio file.')); return; }
    submit.disabled = true;
    try {
      const step = (text) => progress.replaceChildren(h('p', { text }));
      const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Upload' });
      progress.replaceChildren(h('p', { text: 'Uploading…' }), bar);
      const image = await upload('/v1/image/upload', photoFile, (p) => { bar.value = p / 2; });
      const sound = await upload('/v1/audio/upload', audioFile, (p) => { bar.value = 0.5 + p / 2; });
      fileNames.set(image.file_id, photoFile.name);
      fileNames.set(sound.file_id, audioFile.name);
      const task = await api('/v1/comparison/audio/image/task', { method: 'POST',
        json: { audio_file: sound.file_id, image_file: image.file_id, audio_model: 'pocketsphinx', image_model: 'tesseract' } });
      fileNames.set(task.task_id, audioFile.name);
      step('Reading the page and listening…');
      location.hash = `#/reading/${task.task_id}`;
    } catch (error) {
      message.replaceChildren(alertBox(error.message));
      submit.disabled = false;
    }
  }

  const earlier = h('ul', { class: 'links' });
  mount(h('h1', { text: 'Reading assessment' }),
    h('form', { class: 'card', onsubmit: run },
      h('label', { for: 'photo', text: 'Photo of the page' }),
      h('div', { class: 'row tight' }, photo, camera, h('label', { for: 'camera', class: 'button secondary', text: 'Take a photo' }), photoName),
      h('p', { class: 'hint', text: 'Hold the phone straight over the page, in good light.' }),
      h('span', { class: 'label', text: 'The reading' }),
      h('div', { class: 'row' }, recorder, h('label', { for: 'reading-audio', class: 'secondary-label', text: 'or choose a file' }), audio),
      chosen,
      h('div', { class: 'actions' }, submit), progress, message),
    h('h2', { text: 'Earlier assessments' }), earlier);

  const jobs = await api('/v1/jobs?kind=comparison.audio_image&page_size=20');
  earlier.replaceChildren(...(jobs.items.length ? jobs.items.map((j) => h('li', {},
    h('a', { href: `#/reading/${j.id}`, text: `${fmt.time(j.created_at)} — ${fileNames.get(j.request?.audio_file) ?? fileNames.get(j.id) ?? 'reading'}` }), ` (${j.status})`))
    : [h('li', { class: 'muted', text: 'None yet.' })]));
}

async function renderResult(id) {
  const waiting = h('p', { class: 'muted', 'aria-live': 'polite', text: 'Loading…' });
  mount(h('p', {}, h('a', { href: '#/reading', text: '← New assessment' })), h('h1', { text: 'Reading assessment' }), waiting);
  const controller = new AbortController();
  cleanup.add(() => controller.abort());
  let job = await api(`/v1/jobs/${id}`);
  if (!['succeeded', 'failed', 'cancelled'].includes(job.status)) {
    job = await waitForJob(id, { signal: controller.signal, onProgress: (j) => { waiting.textContent = `Working: ${j.status} ${j.progress} %`; } });
  }
  if (job.status !== 'succeeded') {
    waiting.replaceWith(alertBox(job.status === 'failed' ? `The assessment failed: ${job.error}` : 'The assessment was cancelled.'));
    return;
  }
  const urls = [];
  cleanup.add(() => urls.forEach((u) => URL.revokeObjectURL(u)));
  const imageUrl = job.request.image_file ? await blobUrl(`/v1/image/download?file=${job.request.image_file}`) : null;
  if (imageUrl) urls.push(imageUrl);
  const size = imageUrl ? await naturalSize(imageUrl) : null;
  new ReadingView(id, job.result, imageUrl, size, urls).show();
}

function naturalSize(url) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.addEventListener('load', () => resolve({ width: img.naturalWidth, height: img.naturalHeight }));
    img.addEventListener('error', () => reject(new Error('The page image could not be shown.')));
    img.src = url;
  });
}

class ReadingView {
  constructor(id, result, imageUrl, size, urls) {
    Object.assign(this, { id, result, imageUrl, size, urls, selected: null });
    this.player = h('audio', { class: 'clip-player', preload: 'auto' });
    this.figure = h('figure', { class: 'page' });
    this.words = h('p', { class: 'words', id: 'words' });
    this.scores = h('section', { class: 'card scores', id: 'scores', 'aria-live': 'polite' });
    this.detail = h('section', { class: 'card detail', id: 'word-detail', 'aria-live': 'polite' });
    this.message = h('div', { 'aria-live': 'assertive' });
  }

  show() {
    mount(h('p', {}, h('a', { href: '#/reading', text: '← New assessment' })), h('h1', { text: 'Reading assessment' }),
      legend(),
      h('div', { class: 'reading' },
        h('div', { class: 'reading-main' }, this.figure, h('h2', { text: 'Words' }), this.words),
        h('aside', { class: 'reading-side' }, this.scores, this.detail, this.message)),
      this.player);
    this.draw();
  }

  draw() {
    this.drawPage();
    this.drawWords();
    this.drawScores();
    this.drawDetail();
  }

  drawPage() {
    if (!this.imageUrl) { this.figure.replaceChildren(); return; }
    const { width, height } = this.size;
    const boxes = this.result.words.filter((w) => w.box).map((w) => {
      const b = w.box;
      const points = [b.left_top, b.right_top, b.right_bottom, b.left_bottom].map((p) => `${p.x},${p.y}`).join(' ');
      return s('polygon', { points, class: `box st-${w.status}${this.selected === w.index ? ' selected' : ''}`, tabindex: 0, role: 'button',
        'aria-label': `${w.text}: ${label(w.status)}`, dataset: { index: w.index },
        onclick: () => this.select(w.index, true),
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this.select(w.index, true); } } },
      s('title', { text: `${w.text}: ${label(w.status)}` }));
    });
    this.figure.replaceChildren(
      s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'page-svg', role: 'group', 'aria-label': 'The page with each word marked' },
        s('image', { href: this.imageUrl, width, height }), ...boxes),
      h('figcaption', { class: 'muted', text: 'Press a word to hear it and to change its verdict.' }));
  }

  drawWords() {
    const items = [];
    const insertionsBefore = (i) => this.result.insertions.filter((x) => x.before_index === i);
    const insertion = (x) => h('button', { type: 'button', class: `word st-${x.status} extra`, title: `${label(x.status)} (not on the page)`,
      onclick: () => this.play(x.clip) }, `+${x.word}`);
    for (const w of this.result.words) {
      items.push(...insertionsBefore(w.index).map(insertion));
      items.push(h('button', { type: 'button', class: `word st-${w.status}${this.selected === w.index ? ' selected' : ''}${w.overridden ? ' overridden' : ''}`,
        dataset: { index: w.index, status: w.status }, 'aria-pressed': String(this.selected === w.index),
        'aria-label': `${w.text}: ${label(w.status)}`, onclick: () => this.select(w.index, true) }, w.text));
    }
    items.push(...insertionsBefore(this.result.words.length).map(insertion));
    this.words.replaceChildren(...items);
  }

  drawScores() {
    const sc = this.result.scores;
    const pauses = sc.long_pauses ?? [];
    this.scores.replaceChildren(h('h2', { text: 'Scores' }),
      h('dl', { class: 'score-grid' },
        h('div', {}, h('dt', { text: 'Accuracy' }), h('dd', { id: 'score-accuracy', text: fmt.percent(sc.accuracy) })),
        h('div', {}, h('dt', { text: 'Completeness' }), h('dd', { id: 'score-completeness', text: fmt.percent(sc.completeness) })),
        h('div', {}, h('dt', { text: 'Words correct / min' }), h('dd', { id: 'score-wcpm', text: fmt.number(sc.words_correct_per_minute) })),
        h('div', {}, h('dt', { text: 'Reading time' }), h('dd', { id: 'score-time', text: fmt.seconds(sc.reading_time) })),
        h('div', {}, h('dt', { text: 'Long pauses' }), h('dd', { id: 'score-pauses', text: String(pauses.length) }))),
      pauses.length ? h('ul', { class: 'pauses' }, ...pauses.map((p) => h('li', { text: `at ${fmt.seconds(p.start)}, ${fmt.seconds(p.end - p.start)}` }))) : '');
  }

  drawDetail() {
    const w = this.result.words.find((x) => x.index === this.selected);
    if (!w) { this.detail.replaceChildren(h('h2', { text: 'Word' }), h('p', { class: 'muted', text: 'Select a word on the page or in the list.' })); return; }
    const select = h('select', { id: 'word-status' }, ...OVERRIDABLE.map((st) => h('option', { value: st, selected: st === w.status, text: label(st) })));
    if (!OVERRIDABLE.includes(w.status)) select.prepend(h('option', { value: w.status, selected: true, disabled: true, text: label(w.status) }));
    this.detail.replaceChildren(h('h2', {}, 'Word “', w.text, '”'),
      h('dl', { class: 'facts' },
        h('dt', { text: 'Heard' }), h('dd', { text: w.heard ?? '(nothing)' }),
        h('dt', { text: 'When' }), h('dd', { text: w.start == null ? '–' : `${fmt.seconds(w.start)} – ${fmt.seconds(w.end)}` }),
        h('dt', { text: 'Verdict' }), h('dd', { class: `verdict st-${w.status}`, text: `${label(w.status)}${w.overridden ? ' (set by teacher)' : ''}` })),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'secondary', text: '▶ Play', disabled: !w.clip, onclick: () => this.play(w.clip) }),
        h('label', { for: 'word-status', text: 'Change verdict' }), select,
        h('button', { type: 'button', id: 'save-status', text: 'Save', onclick: () => this.override(w.index, select.value) })));
  }

  select(index, playClip) {
    this.selected = index;
    this.draw();
    const w = this.result.words.find((x) => x.index === index);
    if (playClip && w?.clip) this.play(w.clip);
  }

  async play(clip) {
    if (!clip) return;
    try {
      const url = await blobUrl(`/v1/audio/download?file=${clip}`);
      this.urls.push(url);
      this.player.src = url;
      await this.player.play();
    } catch (error) {
      if (error.name !== 'NotAllowedError' && error.name !== 'AbortError') this.message.replaceChildren(alertBox(`Could not play the word: ${error.message}`));
    }
  }

  async override(index, status) {
    this.message.replaceChildren();
    try {
      this.result = await api(`/v1/comparison/${this.id}/words/${index}`, { method: 'PATCH', json: { status } });
      this.draw();
      this.message.replaceChildren(alertBox('Saved; the scores are updated.', 'ok'));
    } catch (error) {
      this.message.replaceChildren(alertBox(error.message));
    }
  }
}

function legend() {
  return h('ul', { class: 'legend', 'aria-label': 'Colours' }, ...STATUSES.map((st) => h('li', { class: `st-${st}` }, h('span', { class: 'swatch' }), label(st))));
}
