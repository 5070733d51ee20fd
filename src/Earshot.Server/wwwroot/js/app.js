// Hash router: each page is an ES module with `render(params)` loaded on first visit.
import { api, auth, isAbort, setPageSignal } from './api.js';
import { alertBox, cleanup, mount } from './dom.js';

const routes = {
  signin: 'signin', keys: 'keys', jobs: 'jobs', reading: 'reading', recordings: 'recordings', live: 'live',
  voices: 'voices', analytics: 'analytics',
};
const publicPages = new Set(['signin']);
let me = null;
let visit = null;

async function loadUser() {
  if (!auth.token) { me = null; return; }
  try { me = await api('/v1/auth/users/me'); } catch { me = null; auth.token = null; }
}

function showChrome() {
  document.getElementById('nav').hidden = !me;
  document.getElementById('signout').hidden = !me;
  document.getElementById('user').textContent = me ? me.username : '';
  const current = location.hash.split('/')[1] ?? '';
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.getAttribute('href') === `#/${current}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function route() {
  cleanup.run();
  visit?.abort();
  const current = new AbortController();
  visit = current;
  setPageSignal(current.signal);
  const [, name = '', ...rest] = location.hash.split('/');
  if (!me && !publicPages.has(name)) { location.replace('#/signin'); return; }
  if (me && (name === '' || name === 'signin')) { location.replace('#/jobs'); return; }
  const module = routes[name];
  if (!module) { location.replace('#/jobs'); return; }
  showChrome();
  try {
    const page = await import(`./pages/${module}.js`);
    await page.render({ name, id: rest.join('/'), me, signedIn: onSignedIn });
  } catch (error) {
    if (visit !== current || isAbort(error)) return; // the user has moved on
    mount(alertBox(error.message));
  }
  document.title = `${document.querySelector('#main h1')?.textContent ?? 'Earshot'} · Earshot`;
}

async function onSignedIn(token) {
  auth.token = token;
  await loadUser();
  location.hash = '#/jobs';
}

auth.onExpired = () => {
  auth.token = null;
  me = null;
  location.hash = '#/signin';
};

document.getElementById('signout').addEventListener('click', () => auth.onExpired());
window.addEventListener('hashchange', route);
await loadUser();
await route();
