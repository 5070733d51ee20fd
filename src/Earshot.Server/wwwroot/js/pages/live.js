import { auth } from '../api.js';
import { alertBox, cleanup, h, mount } from '../dom.js';
import { pickType } from '../recorder.js';

const SLICE_MS = 250; // MediaRecorder hands over a piece of WebM this often; the server decodes as it arrives

export function render() {
  const partial = h('p', { class: 'partial', id: 'partial', 'aria-live': 'off' });
  const finals = h('div', { class: 'finals transcript', id: 'final', 'aria-live': 'polite' });
  const message = h('div', { id: 'live-message', 'aria-live': 'assertive' });
  const state = h('span', { class: 'badge', id: 'live-state', text: 'idle' });
  const button = h('button', { type: 'button', id: 'live-toggle', text: '● Start' });
  let live = null;

  const setState = (text) => { state.textContent = text; state.dataset.state = text; };

  async function start() {
    message.replaceChildren();
    finals.replaceChildren();
    partial.textContent = '';
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    } catch (error) {
      message.replaceChildren(alertBox(`The microphone is not available: ${error.message}`));
      return;
    }
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/v1/stream?access_token=${encodeURIComponent(auth.token ?? '')}`);
    const recorder = new MediaRecorder(stream, { mimeType: pickType(), audioBitsPerSecond: 32000 });
    live = { socket, recorder, stream, ending: false };
    setState('connecting');
    button.textContent = '■ Stop';

    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ config: { format: 'webm', words: true } }));
      recorder.start(SLICE_MS);
      setState('listening');
    });
    recorder.addEventListener('dataavailable', (e) => { if (e.data.size && socket.readyState === WebSocket.OPEN) socket.send(e.data); });
    recorder.addEventListener('stop', () => {
      stream.getTracks().forEach((t) => t.stop());
      if (socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify({ eof: 1 })); setState('finishing'); }
    });
    socket.addEventListener('message', (e) => {
      const reply = JSON.parse(e.data);
      if (typeof reply.partial === 'string') partial.textContent = reply.partial;
      if (typeof reply.text === 'string') {
        if (reply.text) finals.append(h('p', { text: reply.text }));
        partial.textContent = '';
      }
      if (reply.job_id) {
        finals.append(h('p', { class: 'muted' }, 'Saved as a recording: ', h('a', { href: '#/recordings', text: 'Recordings' }), '.'));
      }
    });
    socket.addEventListener('close', (e) => {
      if (recorder.state !== 'inactive') recorder.stop();
      stream.getTracks().forEach((t) => t.stop());
      live = null;
      button.textContent = '● Start';
      setState('idle');
      if (e.code === 1013) {
        message.replaceChildren(alertBox('Server overloaded: too many live streams are open right now. Try again in a minute.'));
      } else if (e.code !== 1000 && e.code !== 1005) {
        message.replaceChildren(alertBox(`The stream stopped: ${reason(e)}`));
      }
    });
  }

  function stop() {
    if (!live) return;
    if (live.recorder.state !== 'inactive') live.recorder.stop();
    else if (live.socket.readyState === WebSocket.OPEN) live.socket.close(1000);
  }

  button.addEventListener('click', () => (live ? stop() : start()));
  cleanup.add(() => { if (live) { live.recorder.state !== 'inactive' && live.recorder.stop(); live.socket.close(1000); } });

  mount(h('h1', { text: 'Live transcription' }),
    h('p', { class: 'muted', text: 'Speak into the microphone: the words appear as you speak and settle into the text below at each pause.' }),
    h('div', { class: 'toolbar' }, button, state),
    message,
    h('section', { class: 'card live' }, h('h2', { text: 'Transcript' }), finals, partial));
}

function reason(event) {
  try { return JSON.parse(event.reason).error ?? `code ${event.code}`; } catch { return event.reason || (event.code === 1006 ? 'the connection was lost' : `code ${event.code}`); }
}
