// Voices: enrol speakers from the microphone or a file, verify a recording against one, list and delete enrolments.
import { api, fileNames, upload } from '../api.js';
import { alertBox, cleanup, fmt, h, mount } from '../dom.js';
import { recorderControl } from '../recorder.js';

const DETAILS = 100;
const path = (id) => `/v1/voices/${encodeURIComponent(id)}`;

/** The problem body's title and detail, e.g. "Invalid request: Found 0.62 s of speech; a voiceprint needs at least 1 s." */
const problemText = (error) => (error.problem?.title && error.problem?.detail ? `${error.problem.title}: ${error.problem.detail}` : error.message);

/** "Record or choose a file": the last one taken is the audio sent. */
function audioPicker(prefix, recordLabel) {
  let chosen = null;
  const name = h('span', { class: 'muted', id: `${prefix}-chosen` });
  const take = (file) => { chosen = file; name.textContent = file ? `Audio: ${file.name}` : ''; };
  const input = h('input', { id: `${prefix}-file`, type: 'file', accept: 'audio/*,video/*', onchange: () => take(input.files[0] ?? chosen) });
  const recorder = recorderControl(recordLabel, (file) => { input.value = ''; take(file); });
  cleanup.add(() => recorder.stop());
  return {
    get file() { return chosen; },
    clear() { chosen = null; input.value = ''; name.textContent = ''; },
    view: [h('div', { class: 'row' }, recorder, h('label', { for: `${prefix}-file`, class: 'plain', text: 'or choose an audio file' }), input), name],
  };
}

/** Uploads the audio (progress in `bar`) and returns its file id. */
async function uploadAudio(file, bar) {
  bar.hidden = false;
  bar.value = 0;
  const uploaded = await upload('/v1/audio/upload', file, (p) => { bar.value = p; });
  fileNames.set(uploaded.file_id, file.name);
  return uploaded.file_id;
}

export async function render() {
  const body = h('tbody', { id: 'voices-body' });
  const listMessage = h('div', { 'aria-live': 'polite' });

  // enrol
  const enrolId = h('input', { id: 'enrol-id', required: true, maxlength: 128, autocomplete: 'off', placeholder: 'e.g. ann' });
  const enrolAudio = audioPicker('enrol', 'Record the speaker');
  const replace = h('input', { id: 'enrol-replace', type: 'checkbox' });
  const enrolBar = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Upload of the enrolment audio' });
  const enrolMessage = h('div', { id: 'enrol-message', 'aria-live': 'polite' });
  const enrolButton = h('button', { type: 'submit', text: 'Enrol' });

  async function enrol(e) {
    e.preventDefault();
    enrolMessage.replaceChildren();
    if (!enrolId.reportValidity()) return;
    if (!enrolAudio.file) { enrolMessage.replaceChildren(alertBox('Record the speaker or choose an audio file.')); return; }
    enrolButton.disabled = true;
    try {
      const file = await uploadAudio(enrolAudio.file, enrolBar);
      const enrolled = await api('/v1/voices', { method: 'POST', json: { external_id: enrolId.value, files: [file], replace: replace.checked } });
      enrolMessage.replaceChildren(alertBox(`Enrolled ${enrolled.external_id} from ${fmt.seconds(enrolled.speech_seconds)} of speech.`, 'ok'));
      enrolId.value = '';
      replace.checked = false;
      enrolAudio.clear();
      await refresh(enrolled.external_id);
    } catch (error) {
      enrolMessage.replaceChildren(alertBox(problemText(error)));
    } finally {
      enrolButton.disabled = false;
      enrolBar.hidden = true;
    }
  }

  // verify
  const speaker = h('select', { id: 'verify-speaker' });
  const verifyAudio = audioPicker('verify', 'Record the voice to check');
  const verifyBar = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Upload of the audio to verify' });
  const verdict = h('div', { id: 'verdict', 'aria-live': 'polite' });
  const verifyButton = h('button', { type: 'submit', text: 'Verify' });

  async function verify(e) {
    e.preventDefault();
    verdict.replaceChildren();
    if (!speaker.value) { verdict.replaceChildren(alertBox('Enrol a speaker first.')); return; }
    if (!verifyAudio.file) { verdict.replaceChildren(alertBox('Record the voice or choose an audio file.')); return; }
    verifyButton.disabled = true;
    try {
      const file = await uploadAudio(verifyAudio.file, verifyBar);
      const result = await api(`${path(speaker.value)}/verify`, { method: 'POST', json: { files: [file] } });
      verdict.replaceChildren(showVerdict(result, verifyAudio.file.name));
    } catch (error) {
      verdict.replaceChildren(alertBox(problemText(error)));
    } finally {
      verifyButton.disabled = false;
      verifyBar.hidden = true;
    }
  }

  async function remove(id) {
    listMessage.replaceChildren();
    try {
      await api(path(id), { method: 'DELETE' });
      listMessage.replaceChildren(alertBox(`Deleted ${id}.`, 'ok'));
      await refresh();
    } catch (error) {
      listMessage.replaceChildren(alertBox(problemText(error)));
    }
  }

  function row(v) {
    return h('tr', { dataset: { voice: v.external_id } },
      h('td', { dataset: { label: 'Speaker' }, class: 'file', text: v.external_id }),
      h('td', { dataset: { label: 'Speech' }, text: fmt.seconds(v.speech_seconds) }),
      h('td', { dataset: { label: 'Enrolled' }, text: fmt.time(v.updated_at) }),
      h('td', { dataset: { label: '' } }, h('div', { class: 'row tight' },
        h('button', { type: 'button', class: 'secondary small', text: 'Verify', 'aria-label': `Verify a recording against ${v.external_id}`,
          onclick: () => { speaker.value = v.external_id; speaker.focus(); } }),
        h('button', { type: 'button', class: 'secondary small', text: 'Delete', 'aria-label': `Delete ${v.external_id}`, onclick: () => remove(v.external_id) }))));
  }

  async function refresh(select = speaker.value) {
    const { ids } = await api('/v1/voices');
    // the list answers names only; the details (with the voiceprint) are fetched for the first DETAILS of them
    const voices = await Promise.all(ids.map((id, i) => (i < DETAILS ? api(path(id)).catch(() => ({ external_id: id })) : { external_id: id })));
    body.replaceChildren(...(voices.length ? voices.map(row) : [h('tr', {}, h('td', { colspan: 4, class: 'muted', text: 'No one is enrolled yet.' }))]));
    speaker.replaceChildren(...(ids.length ? ids.map((id) => h('option', { value: id, text: id })) : [h('option', { value: '', text: 'No one is enrolled yet' })]));
    if (ids.includes(select)) speaker.value = select;
  }

  mount(h('h1', { text: 'Voices' }),
    h('p', { class: 'muted', text: 'Enrol a speaker from a few seconds of their speech, then check whether a recording is the same person. '
      + 'Enrol with 6–9 s of speech and verify with 3 s or more; at least 1 s of voiced speech is needed.' }),
    h('div', { class: 'voices' },
      h('form', { class: 'card', id: 'enrol', onsubmit: enrol },
        h('h2', { text: 'Enrol a speaker' }),
        h('label', { for: 'enrol-id', text: 'Speaker name' }), enrolId,
        h('p', { class: 'hint', text: 'Up to 128 characters, no "/".' }),
        h('fieldset', {}, h('legend', { class: 'label', text: 'Their speech' }), ...enrolAudio.view),
        h('label', { class: 'check' }, replace, 'Replace the voiceprint if this name is enrolled'),
        h('div', { class: 'actions' }, enrolButton, enrolBar), enrolMessage),
      h('form', { class: 'card', id: 'verify', onsubmit: verify },
        h('h2', { text: 'Verify a recording' }),
        h('label', { for: 'verify-speaker', text: 'Enrolled speaker' }), speaker,
        h('fieldset', {}, h('legend', { class: 'label', text: 'The voice to check' }), ...verifyAudio.view),
        h('div', { class: 'actions' }, verifyButton, verifyBar), verdict)),
    h('div', { class: 'toolbar' }, h('h2', { text: 'Enrolled speakers' })),
    listMessage,
    h('div', { class: 'table-wrap' }, h('table', { id: 'voices', class: 'stack' },
      h('thead', {}, h('tr', {}, ...['Speaker', 'Speech', 'Enrolled', ''].map((t) => h('th', { scope: 'col', text: t })))), body)));
  await refresh();
}

function showVerdict(result, fileName) {
  const accepted = result.accepted;
  return h('section', { class: `verdict-box ${accepted ? 'accepted' : 'rejected'}`, role: 'status' },
    h('p', { class: 'verdict', id: 'verdict-text',
      text: accepted ? `Accepted: ${fileName} sounds like ${result.external_id}.` : `Rejected: ${fileName} does not sound like ${result.external_id}.` }),
    h('dl', { class: 'score-grid' },
      h('div', {}, h('dt', { text: 'Score' }), h('dd', { id: 'verify-score', text: fmt.number(result.score, 4) })),
      h('div', {}, h('dt', { text: 'Threshold' }), h('dd', { id: 'verify-threshold', text: fmt.number(result.threshold, 4) })),
      h('div', {}, h('dt', { text: 'Speech heard' }), h('dd', { text: fmt.seconds(result.speech_seconds) }))),
    h('p', { class: 'hint', text: `Accepted when the score (cosine, −1 to 1) reaches the threshold: ${fmt.number(result.score, 4)} ${accepted ? '≥' : '<'} ${fmt.number(result.threshold, 4)}.` }));
}
