// A microphone recording as a WebM/Opus file, for the forms that take "record or upload".
import { h } from './dom.js';

export function recorderControl(label, onRecorded) {
  let recorder = null;
  let stream = null;
  const status = h('span', { class: 'muted', 'aria-live': 'polite' });
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
  }

  button.addEventListener('click', () => (recorder ? recorder.stop() : startRecording()));
  const control = h('span', { class: 'recorder' }, button, status);
  control.stop = () => { if (recorder) recorder.stop(); };
  return control;
}

export function pickType() {
  return ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus'].find((t) => MediaRecorder.isTypeSupported(t)) ?? '';
}
