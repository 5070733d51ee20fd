// Analytics: upload a recording, follow its job, then speech / gender / arousal / emotion over time, one lane per channel.
import { api, isAbort } from '../api.js';
import { alertBox, cleanup, fmt, h, mount, s } from '../dom.js';

const MODELS = ['speech', 'gender', 'arousal', 'emotions'];
const PERIODS = [256, 512, 1024, 2048];
const LABEL = 110; // left column of the lanes (model names), in SVG units
const WIDTH = 1000; // the lanes' viewBox width; CSS scales it, and a phone scrolls it sideways
const STEP_H = 14;
const SPAN_H = 22;
const ROW_H = STEP_H + SPAN_H + 10;
const AXIS_H = 26;
const POLL_MS = 1000;

const seconds = (ms) => (ms / 1000).toFixed(1);
const range = (start, end) => `${seconds(start)}–${seconds(end)} s`;
const problemText = (error) => (error.problem?.title && error.problem?.detail ? `${error.problem.title}: ${error.problem.detail}` : error.message);
const sleep = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});

/** "1 s, 2 s, …" ticks at a round step that leaves about eight labels. */
function ticks(durationMs) {
  const step = [500, 1000, 2000, 5000, 10000, 30000, 60000, 300000, 600000].find((t) => durationMs / t <= 8) ?? 1800000;
  const result = [];
  for (let t = 0; t <= durationMs; t += step) result.push(t);
  return result;
}

/** The run-length spans of one model: the job's transitions, or runs of equal results from the time series. */
function spansOf(channel, model, durationMs) {
  const given = channel.transitions?.[model];
  if (given) return given.map((t) => ({ start: t.timestamp_start, end: t.timestamp_end, result: t.result, confidence: t.confidence }));
  const spans = [];
  for (const [i, entry] of channel.time_series.entries()) {
    const r = entry.results[model];
    if (!r) continue;
    const end = channel.time_series[i + 1]?.timestamp ?? durationMs;
    const last = spans.at(-1);
    if (last?.result === r.result) { last.confidence = (last.confidence * last.n + r.confidence) / (last.n + 1); last.n++; last.end = end; }
    else spans.push({ start: entry.timestamp, end, result: r.result, confidence: r.confidence, n: 1 });
  }
  return spans;
}

function lanes(number, channel, models, durationMs, readout) {
  const x = (ms) => LABEL + ((WIDTH - LABEL) * ms) / durationMs;
  const height = models.length * ROW_H + AXIS_H;
  const svg = s('svg', { class: 'lanes', viewBox: `0 0 ${WIDTH} ${height}`, role: 'group', 'aria-label': `Channel ${number}: results over time` });
  const show = (model, text) => () => { readout.textContent = `Channel ${number}, ${model}: ${text}`; };

  models.forEach((model, row) => {
    const top = row * ROW_H;
    const group = s('g', { class: 'model-row', 'data-model': model, role: 'list', 'aria-label': model });
    group.append(s('text', { class: 'row-label', x: 4, y: top + STEP_H + 6, text: model }));
    // each step, coloured by its class (hover shows it; the spans below carry the keyboard)
    for (const [i, entry] of channel.time_series.entries()) {
      const r = entry.results[model];
      if (!r) continue;
      const end = channel.time_series[i + 1]?.timestamp ?? durationMs;
      const text = `${r.result}, ${range(entry.timestamp, end)}, confidence ${r.confidence.toFixed(2)}`;
      const step = s('rect', { class: `step cl-${r.result}`, x: x(entry.timestamp), y: top, width: Math.max(0.5, x(end) - x(entry.timestamp)), height: STEP_H,
        'fill-opacity': (0.35 + 0.65 * r.confidence).toFixed(2), onmouseenter: show(model, text) }, s('title', { text }));
      group.append(step);
    }
    // the transitions: one labelled span per run of equal results
    for (const span of spansOf(channel, model, durationMs)) {
      const text = `${span.result}, ${range(span.start, span.end)}, confidence ${span.confidence.toFixed(2)}`;
      const left = x(span.start), width = Math.max(1, x(span.end) - left);
      const item = s('g', { class: 'span', tabindex: 0, role: 'listitem', 'aria-label': `${model}: ${text}`, onmouseenter: show(model, text), onfocus: show(model, text) },
        s('title', { text }),
        s('rect', { class: `cl-${span.result}`, x: left, y: top + STEP_H + 2, width, height: SPAN_H, rx: 3 }));
      if (width > span.result.length * 8 + 8) item.append(s('text', { class: 'span-label', x: left + 4, y: top + STEP_H + 18, text: span.result }));
      group.append(item);
    }
    svg.append(group);
  });

  const axisTop = models.length * ROW_H;
  svg.append(s('line', { class: 'axis', x1: LABEL, x2: WIDTH, y1: axisTop, y2: axisTop }));
  for (const t of ticks(durationMs)) {
    svg.append(s('line', { class: 'axis', x1: x(t), x2: x(t), y1: axisTop, y2: axisTop + 4 }));
    svg.append(s('text', { class: 'tick', x: x(t), y: axisTop + 19, 'text-anchor': t === 0 ? 'start' : x(t) > WIDTH - 20 ? 'end' : 'middle', text: `${seconds(t).replace(/\.0$/, '')} s` }));
  }
  return h('div', { class: 'lanes-scroll' }, svg);
}

function legend(models, channels) {
  return models.map((model) => {
    const seen = new Set(channels.flatMap((c) => c.time_series.map((e) => e.results[model]?.result)).filter(Boolean));
    return h('div', { class: 'legend-row' }, h('span', { class: 'label', text: model }),
      h('ul', { class: 'classes', 'aria-label': `Classes of ${model}` }, [...seen].sort().map((c) => h('li', {}, h('span', { class: `swatch cl-${c}` }), c))));
  });
}

function summary(number, channel, models) {
  if (!channel.summary) return null;
  return h('dl', { class: 'summary', 'data-channel': number }, models.filter((m) => channel.summary[m]).flatMap((model) => [
    h('dt', { text: model }),
    h('dd', {}, h('ul', {}, Object.entries(channel.summary[model]).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).map(([key, v]) => {
      const name = key.replace(/_fraction$/, '');
      return h('li', {}, h('span', { class: `swatch cl-${name}` }), `${name} ${fmt.percent(v * 100)}`);
    }))),
  ]));
}

function table(number, channel, models, durationMs) {
  const rows = models.flatMap((model) => spansOf(channel, model, durationMs).map((span) => h('tr', {},
    h('td', { 'data-label': 'Model', text: model }), h('td', { 'data-label': 'Result', text: span.result }),
    h('td', { 'data-label': 'From', text: fmt.seconds(span.start / 1000) }), h('td', { 'data-label': 'To', text: fmt.seconds(span.end / 1000) }),
    h('td', { 'data-label': 'Confidence', text: span.confidence.toFixed(2) }))));
  return h('details', { class: 'values' }, h('summary', { text: `Channel ${number}: the transitions as a table` }),
    h('div', { class: 'table-wrap' }, h('table', { class: 'stack' },
      h('caption', { class: 'visually-hidden', text: `Channel ${number} transitions` }),
      h('thead', {}, h('tr', {}, ['Model', 'Result', 'From', 'To', 'Confidence'].map((c) => h('th', { scope: 'col', text: c })))),
      h('tbody', {}, rows))));
}

function showResults(target, result, config) {
  const channels = Object.entries(result.channels ?? {}).sort((a, b) => Number(a[0]) - Number(b[0]));
  const models = MODELS.filter((m) => channels.some(([, c]) => c.time_series.some((e) => e.results[m])));
  const period = config?.output_period ?? 1024;
  const durationMs = Math.max(period, ...channels.map(([, c]) => (c.transitions ? Math.max(0, ...Object.values(c.transitions).flat().map((t) => t.timestamp_end)) : 0)
    || (c.time_series.at(-1)?.timestamp ?? 0) + period));
  const readout = h('p', { id: 'analytics-readout', class: 'readout', 'aria-live': 'polite', text: 'Point at or tab to a span to read its class, time and confidence.' });
  target.replaceChildren(...[
    h('h2', { text: `Results: ${channels.length} channel${channels.length === 1 ? '' : 's'}, ${fmt.seconds(durationMs / 1000)}` }),
    h('div', { class: 'legends' }, legend(models, channels.map(([, c]) => c))),
    h('p', { class: 'hint', text: 'Each lane: a thin strip with every step (paler is less confident), below it the runs of one result, labelled.' }),
    readout,
    channels.map(([number, channel]) => h('section', { class: 'channel', 'data-channel': number, 'aria-label': `Channel ${number}` },
      h('h3', { text: `Channel ${number}` }),
      lanes(number, channel, models, durationMs, readout),
      summary(number, channel, models),
      table(number, channel, models, durationMs))),
  ].flat());
}

export async function render() {
  const file = h('input', { id: 'analytics-file', type: 'file', accept: 'audio/*,video/*', required: true });
  const checks = MODELS.map((m) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'model', value: m, checked: true }), m));
  const period = h('select', { id: 'analytics-period' }, PERIODS.map((p) => h('option', { value: p, text: `${p} ms`, selected: p === 1024 })));
  const button = h('button', { type: 'submit', text: 'Analyse' });
  const state = h('div', { id: 'analytics-state', 'aria-live': 'polite' });
  const results = h('div', { id: 'analytics-results' });
  const jobs = new AbortController();
  cleanup.add(() => jobs.abort());

  async function follow(id) {
    for (;;) {
      const job = await api(`/file-processing/jobs/${encodeURIComponent(id)}`, { signal: jobs.signal });
      state.replaceChildren(h('p', {}, 'Job ', h('code', { text: id }), ': ', h('strong', { class: `state-${job.state}`, text: job.state })));
      if (job.state === 'done') return job;
      if (job.state === 'error') throw new Error(`The analysis failed: ${job.error_description ?? 'no reason given'}`);
      await sleep(POLL_MS, jobs.signal);
      if (jobs.signal.aborted) return null;
    }
  }

  async function analyse(e) {
    e.preventDefault();
    state.replaceChildren();
    results.replaceChildren();
    const chosen = checks.map((c) => c.querySelector('input')).filter((c) => c.checked).map((c) => c.value);
    if (!file.files[0]) { state.replaceChildren(alertBox('Choose an audio file.')); return; }
    if (chosen.length === 0) { state.replaceChildren(alertBox('Choose at least one model.')); return; }
    button.disabled = true;
    try {
      state.replaceChildren(h('p', { text: `Uploading ${file.files[0].name}…` }));
      const query = new URLSearchParams({ models: chosen.join(','), output_period: period.value, include_summary: 'true', include_transitions: 'true' });
      // sent as octet-stream: the route names only a few audio types (Ogg, M4A, WebM would be a 415) and ffmpeg sniffs the rest
      const body = file.files[0].slice(0, file.files[0].size, 'application/octet-stream');
      const { id } = await api(`/file-processing/jobs?${query}`, { method: 'POST', file: body, signal: jobs.signal });
      const job = await follow(id);
      if (!job) return;
      const { result } = await api(`/file-processing/jobs/${encodeURIComponent(id)}/results`, { signal: jobs.signal });
      showResults(results, result, job.config);
    } catch (error) {
      if (!isAbort(error)) state.append(alertBox(problemText(error)));
    } finally {
      button.disabled = false;
    }
  }

  mount(
    h('h1', { text: 'Analytics' }),
    h('form', { class: 'card', onsubmit: analyse },
      h('label', { for: 'analytics-file', text: 'Audio file' }), file,
      h('fieldset', { class: 'models' }, h('legend', { class: 'label', text: 'Models' }), h('div', { class: 'row tight' }, checks)),
      h('label', { for: 'analytics-period', text: 'Output period' }), period,
      h('p', { class: 'hint', text: 'One result per period and model, for every channel of the file.' }),
      h('div', { class: 'actions' }, button),
      state),
    results);
}
