// Analytics: shown as "not available" until this server offers the feature's API.
import { h, mount } from '../dom.js';

const FEATURES = {
  analytics: { title: 'Analytics', what: 'speech, gender, arousal and emotion over time, one lane per channel', path: /^\/v1\/(audio\/)?analytics\b/ },
};

export async function render({ name }) {
  const feature = FEATURES[name];
  const status = h('p', { class: 'muted', text: 'Checking this server…' });
  mount(h('h1', { text: feature.title }), h('p', { text: `This page will let you ${feature.what}.` }), status);
  let available = false;
  try {
    const response = await fetch('/openapi/v1.json');
    const doc = response.ok ? await response.json() : { paths: {} };
    available = Object.keys(doc.paths ?? {}).some((p) => feature.path.test(p));
  } catch { /* no API description: treat as not available */ }
  status.replaceWith(h('div', { class: 'alert info', role: 'status', id: 'unavailable' }, available
    ? h('span', {}, `This server has the ${feature.title.toLowerCase()} API, but its page is not built yet. Use it through the `, h('a', { href: '/docs', text: 'API reference' }), '.')
    : `${feature.title} is not available on this server yet.`));
}
