// A microphone recording as a WebM/Opus file, for the forms that take "record or upload".
import { h } from './dom.js';

export function recorderControl(label, onRecorded) {
  let recorder = null;
  let stream = null;
  const status = h('span', { class: 'muted', 'aria-live': 'polite' });
  // the seconds so far, so the speaker knows when there is enough; not announced every second
  const elapsed = h('span', { class: 'muted', 'aria-live': 'off' });
  let clock = 0;
  const button = h('button', { type: 'button', class: 'secondary', text: `● ${label}` });

  async function startRecording() {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      status.textContent = `No microphone: ${error.message}`;
      return;
    }
    const chunks = [];
    recorder = new MediaRecorder(stream, { mimeType: pickType() });
    recorder.addEventListener('dataavailable', (e) => e.data.size && chunks.push(e.data));
    recorder.addEventListener('stop', () => {
      clearInterval(clock);
      elapsed.textContent = '';
      stream.getTracks().forEach((t) => t.stop());
      const type = recorder.mimeType || 'audio/webm';
      const file = new File(chunks, `recording-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.webm`, { type });
      status.textContent = `Recorded ${file.name}`;
      recorder = null;
      button.textContent = `● ${label}`;
      onRecorded(file);
    });
    recorder.start(500);
    button.textContent = '■ Stop recording';
    status.textContent = 'Recording…';
    const started = Date.now();
    clock = setInterval(() => { elapsed.textContent = `${Math.floor((Date.now() - started) / 1000)} s`; }, 1000);
  }

  button.addEventListener('click', () => (recorder ? recorder.stop() : startRecording()));
  const control = h('span', { class: 'recorder' }, button, status, elapsed);
  control.stop = () => { if (recorder) recorder.stop(); };
  return control;
}

export function pickType() {
  return ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus'].find((t) => MediaRecorder.isTypeSupported(t)) ?? '';
}
