import { api, blobUrl, fileNames, upload } from '../api.js';
import { alertBox, cleanup, fmt, h, mount, s } from '../dom.js';

const WIDTH = 1000; // timeline units: the SVG scales to the page width

export async function render({ id }) {
  return id ? renderRecording(id) : renderList();
}

async function renderList() {
  const message = h('div', { 'aria-live': 'polite' });
  const file = h('input', { id: 'rec-file', type: 'file', accept: 'audio/*,video/*', required: true });
  const name = h('input', { id: 'rec-name', maxlength: 200, placeholder: 'optional' });
  const keywords = h('input', { id: 'rec-keywords', placeholder: 'comma separated, e.g. refund, manager' });
  const bar = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Upload' });
  const body = h('tbody');

  const form = h('form', { class: 'card', onsubmit: async (e) => {
    e.preventDefault();
    if (!file.reportValidity()) return;
    message.replaceChildren();
    bar.hidden = false;
    try {
      const words = keywords.value.split(',').map((k) => k.trim()).filter(Boolean);
      const created = await upload('/v1/recordings', file.files[0], (p) => { bar.value = p; }, 'file',
        { name: name.value || file.files[0].name, 'keywords[]': words, timestamps: 'true', sentiment: 'true' });
      fileNames.set(created.audio_file_id, file.files[0].name);
      location.hash = `#/recordings/${created.id}`;
    } catch (error) {
      message.replaceChildren(alertBox(error.message));
      bar.hidden = true;
    }
  } },
  h('h2', { text: 'Analyse a recording' }),
  h('label', { for: 'rec-file', text: 'Audio file' }), file,
  h('label', { for: 'rec-name', text: 'Name' }), name,
  h('label', { for: 'rec-keywords', text: 'Keywords to find' }), keywords,
  h('div', { class: 'actions' }, h('button', { type: 'submit', text: 'Upload and analyse' }), bar), message);

  mount(h('h1', { text: 'Recordings' }), form,
    h('div', { class: 'table-wrap' }, h('table', { class: 'stack' }, h('thead', {}, h('tr', {}, ...['Name', 'Keywords', 'Status', 'Created'].map((t) => h('th', { scope: 'col', text: t })))), body)));
  const page = await api('/v1/recordings?page_size=50');
  body.replaceChildren(...(page.items.length ? page.items.map((r) => h('tr', {},
    h('td', { dataset: { label: 'Name' } }, h('a', { href: `#/recordings/${r.id}`, text: r.name || r.id })),
    h('td', { dataset: { label: 'Keywords' }, text: r.keywords.join(', ') || '–' }),
    h('td', { dataset: { label: 'Status' }, class: `status ${r.status}`, text: r.status === 'failed' ? `failed: ${r.error}` : r.status }),
    h('td', { dataset: { label: 'Created' }, text: fmt.time(r.created_at) })))
    : [h('tr', {}, h('td', { colspan: 4, class: 'muted', text: 'No recordings yet.' }))]));
}

async function renderRecording(id) {
  const status = h('p', { class: 'muted', 'aria-live': 'polite', text: 'Loading…' });
  mount(h('p', {}, h('a', { href: '#/recordings', text: '← Recordings' })), h('h1', { text: 'Recording' }), status);
  let stopped = false;
  cleanup.add(() => { stopped = true; });
  let recording = await api(`/v1/recordings/${id}`);
  while (!stopped && (recording.status === 'queued' || recording.status === 'processing')) {
    status.textContent = `Analysing: ${recording.status}…`;
    await new Promise((r) => setTimeout(r, 1500));
    recording = await api(`/v1/recordings/${id}`);
  }
  if (stopped) return;
  if (recording.status !== 'succeeded') { status.replaceWith(alertBox(`The analysis failed: ${recording.error}`)); return; }
  const url = await blobUrl(`/v1/audio/download?file=${recording.audio_file_id}&variant=canonical`);
  cleanup.add(() => URL.revokeObjectURL(url));
  showRecording(recording, url);
}

function showRecording(recording, url) {
  const result = recording.result;
  const duration = Math.max(result.duration, 0.001);
  const x = (t) => (t / duration) * WIDTH;
  const words = result.words ?? [];
  const hits = result.keyword_hits ?? [];
  // places only the acoustic spotter heard: often wrong, so drawn and listed apart, never marked in the transcript
  const spotted = result.acoustic_hits ?? [];
  const isHit = (w) => hits.some((k) => k.start < w.end && k.end > w.start);
  const player = h('audio', { controls: true, src: url, preload: 'auto', class: 'player' });
  const seek = (t) => { player.currentTime = t; player.play().catch(() => {}); };

  const head = s('line', { x1: 0, x2: 0, y1: 0, y2: 70, class: 'playhead' });
  const spottedLabel = spotted.length ? `; heard by the keyword spotter only: ${spotted.map(spotterOnly).join('; ')}` : '';
  const timeline = s('svg', { viewBox: `0 0 ${WIDTH} 70`, class: 'timeline', preserveAspectRatio: 'none', role: 'img',
    'aria-label': `Timeline of ${words.length} words and ${hits.length} keyword hits over ${fmt.seconds(duration)}${spottedLabel}` },
  s('rect', { x: 0, y: 0, width: WIDTH, height: 70, class: 'lane' }),
  ...words.map((w) => s('rect', { x: x(w.start), y: 30, width: Math.max(x(w.end) - x(w.start), 1), height: 20, class: `w${isHit(w) ? ' kw' : ''}` }, s('title', { text: w.word }))),
  ...hits.map((k) => s('rect', { x: x(k.start), y: 4, width: Math.max(x(k.end) - x(k.start), 3), height: 18, class: 'hit' }, s('title', { text: `${k.keyword} at ${fmt.seconds(k.start)}` }))),
  ...spotted.map((k) => s('rect', { x: x(k.start), y: 54, width: Math.max(x(k.end) - x(k.start), 3), height: 13, class: 'spotted' },
    s('title', { text: `${k.keyword} at ${fmt.seconds(k.start)}: heard by the keyword spotter only, confidence ${confidence(k)}` }))),
  head);
  timeline.addEventListener('click', (e) => {
    const box = timeline.getBoundingClientRect();
    seek(((e.clientX - box.left) / box.width) * duration);
  });

  const spans = words.map((w) => h('button', { type: 'button', class: `tw${isHit(w) ? ' kw' : ''}`, dataset: { start: w.start }, title: fmt.seconds(w.start),
    onclick: () => seek(w.start) }, w.word));
  const transcript = words.length ? h('p', { class: 'transcript words-timed', id: 'transcript' }, ...spans.flatMap((sp) => [sp, ' ']))
    : h('p', { class: 'transcript', id: 'transcript', text: result.text || '(no speech found)' });

  let frame = 0;
  const follow = () => {
    const t = player.currentTime;
    head.setAttribute('x1', x(t));
    head.setAttribute('x2', x(t));
    words.forEach((w, i) => spans[i].classList.toggle('now', t >= w.start && t < w.end));
    if (!player.paused) frame = requestAnimationFrame(follow);
  };
  player.addEventListener('play', () => { frame = requestAnimationFrame(follow); });
  player.addEventListener('seeked', follow);
  player.addEventListener('pause', follow);
  cleanup.add(() => { cancelAnimationFrame(frame); player.pause(); });

  const of = (list, k) => list.filter((x2) => x2.keyword.toLowerCase() === k.toLowerCase());
  const byKeyword = recording.keywords.map((k) => ({ k, found: of(hits, k), heard: of(spotted, k) }));
  const keywords = h('section', { class: 'card' }, h('h2', { text: 'Keywords' }),
    byKeyword.length ? h('ul', { class: 'keywords' }, ...byKeyword.map(({ k, found, heard }) => h('li', {}, h('strong', { text: k }), ` — ${found.length} hit${found.length === 1 ? '' : 's'} `,
      ...found.map((f) => h('button', { type: 'button', class: 'chip', onclick: () => seek(f.start) }, fmt.seconds(f.start))),
      heard.length ? h('div', { class: 'spotted-only' }, `Heard by the keyword spotter only (not in the transcript): ${heard.length} `,
        ...heard.map((f) => h('button', { type: 'button', class: 'chip spotted', onclick: () => seek(f.start) },
          `${fmt.seconds(f.start)}, confidence ${confidence(f)}`))) : null)))
      : h('p', { class: 'muted', text: 'No keywords were asked for.' }));

  mount(h('p', {}, h('a', { href: '#/recordings', text: '← Recordings' })),
    h('h1', { text: recording.name || 'Recording' }),
    h('p', { class: 'muted', text: `${fmt.seconds(result.duration)} · ${result.model} · ${fmt.time(recording.created_at)}` }),
    player,
    h('section', { class: 'card' }, h('h2', { text: 'Timeline' }), timeline,
      h('ul', { class: 'legend timeline-legend' },
        h('li', {}, h('span', { class: 'swatch words' }), 'Words'),
        h('li', {}, h('span', { class: 'swatch hit' }), 'Keyword hits in the transcript'),
        spotted.length ? h('li', {}, h('span', { class: 'swatch spotted' }), 'Heard by the keyword spotter only, with its confidence (0–1) that the keyword was said') : null,
        h('li', {}, h('span', { class: 'swatch playhead' }), 'Play head')),
      h('p', { class: 'muted small', text: 'Press the timeline or a word to jump there.' }),
      transcript),
    keywords,
    sentimentChart(result.sentiment, duration, seek));
}

const confidence = (hit) => Number(hit.confidence).toFixed(2);
const spotterOnly = (hit) => `${hit.keyword} at ${fmt.seconds(hit.start)}, confidence ${confidence(hit)}`;

function sentimentChart(sentiment, duration, seek) {
  if (!sentiment) return h('section', { class: 'card' }, h('h2', { text: 'Sentiment' }), h('p', { class: 'muted', text: 'Sentiment was not asked for.' }));
  const height = 120;
  const mid = height / 2;
  const x = (t) => (t / duration) * WIDTH;
  const bars = sentiment.sentences.map((sn) => {
    const y = sn.compound >= 0 ? mid - sn.compound * (mid - 6) : mid;
    const hgt = Math.max(Math.abs(sn.compound) * (mid - 6), 1.5);
    const tone = sn.compound >= 0.05 ? 'pos' : sn.compound <= -0.05 ? 'neg' : 'neu';
    return s('rect', { x: x(sn.start), width: Math.max(x(sn.end) - x(sn.start) - 2, 2), y, height: hgt, class: `bar ${tone}`, onclick: () => seek(sn.start) },
      s('title', { text: `${sn.compound.toFixed(2)}: ${sn.text}` }));
  });
  const o = sentiment.overall;
  return h('section', { class: 'card' }, h('h2', { text: 'Sentiment per sentence' }),
    h('p', { class: 'muted', text: `Overall ${o.compound.toFixed(2)} (positive ${o.pos.toFixed(2)}, neutral ${o.neu.toFixed(2)}, negative ${o.neg.toFixed(2)}). Bars above the line are positive, below negative.` }),
    s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, class: 'sentiment', preserveAspectRatio: 'none', role: 'img', 'aria-label': 'Sentiment of each sentence over time' },
      s('line', { x1: 0, x2: WIDTH, y1: mid, y2: mid, class: 'axis' }), ...bars),
    h('details', {}, h('summary', { text: 'Sentences' }),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'At' }), h('th', { scope: 'col', text: 'Score' }), h('th', { scope: 'col', text: 'Sentence' }))),
        h('tbody', {}, ...sentiment.sentences.map((sn) => h('tr', {}, h('td', { text: fmt.seconds(sn.start) }), h('td', { text: sn.compound.toFixed(2) }), h('td', { text: sn.text })))))));
}
