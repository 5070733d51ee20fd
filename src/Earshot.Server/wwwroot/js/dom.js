// Element builders. Handlers are attached with addEventListener and styles go through classes or the CSSOM,
// so the pages run under a Content-Security-Policy without 'unsafe-inline'.
const SVG = 'http://www.w3.org/2000/svg';

function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
export const s = (tag, attrs, ...children) => build(document.createElementNS(SVG, tag), attrs, children);

export function mount(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children);
  return main;
}

export function alertBox(message, kind = 'error') {
  return h('div', { class: `alert ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
}

export const fmt = {
  seconds: (v) => (v == null ? '–' : `${Number(v).toFixed(1)} s`),
  percent: (v) => (v == null ? '–' : `${Number(v).toFixed(1)} %`),
  number: (v, digits = 0) => (v == null ? '–' : Number(v).toFixed(digits)),
  time: (iso) => (iso ? new Date(iso).toLocaleString() : ''),
  bytes: (n) => (n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`),
};

/** Stops a page's timers and media when the user navigates away. */
export const cleanup = {
  tasks: [],
  add(fn) { this.tasks.push(fn); },
  run() { for (const fn of this.tasks.splice(0)) { try { fn(); } catch { /* already gone */ } } },
};
