import { api } from '../api.js';
import { alertBox, h, mount } from '../dom.js';

export function render({ signedIn }) {
  const message = h('div', { class: 'message', 'aria-live': 'polite' });
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, maxlength: 64 });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });

  async function submit(register) {
    message.replaceChildren();
    if (!username.reportValidity() || !password.reportValidity()) return;
    try {
      if (register) await api('/v1/auth/register', { method: 'PUT', json: { username: username.value, password: password.value } });
      const token = await api('/v1/auth/token', { method: 'POST', form: { username: username.value, password: password.value } });
      await signedIn(token.access_token);
    } catch (error) {
      message.replaceChildren(alertBox(error.message));
    }
  }

  const form = h('form', { class: 'card narrow', onsubmit: (e) => { e.preventDefault(); submit(false); } },
    h('h1', { text: 'Sign in' }),
    h('label', { for: 'username', text: 'User name' }), username,
    h('label', { for: 'password', text: 'Password' }), password,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'signin', text: 'Sign in' }),
      h('button', { type: 'button', id: 'register', class: 'secondary', text: 'Register', onclick: () => submit(true) })),
    message,
    h('p', { class: 'muted' }, 'New here? Choose a user name and a password, then press Register. The API reference is at ',
      h('a', { href: '/docs', text: '/docs' }), '.'));
  mount(form);
  username.focus();
}
