import { api } from '../api.js';
import { alertBox, fmt, h, mount } from '../dom.js';

export async function render() {
  const message = h('div', { 'aria-live': 'polite' });
  const body = h('tbody');
  const name = h('input', { id: 'key-name', required: true, maxlength: 100, placeholder: 'e.g. grading script' });

  async function refresh() {
    const keys = await api('/v1/auth/api-keys');
    body.replaceChildren(...(keys.length ? keys.map(row) : [h('tr', {}, h('td', { colspan: 5, class: 'muted', text: 'No API keys yet.' }))]));
  }

  function row(key) {
    return h('tr', {},
      h('td', { dataset: { label: 'Name' }, text: key.name }), h('td', { dataset: { label: 'Key' } }, h('code', { text: `${key.prefix}…` })),
      h('td', { dataset: { label: 'Created' }, text: fmt.time(key.created_at) }),
      h('td', { dataset: { label: 'Last used' }, text: key.revoked_at ? `revoked ${fmt.time(key.revoked_at)}` : fmt.time(key.last_used_at) || 'never used' }),
      h('td', { dataset: { label: '' } }, key.revoked_at ? '' : h('button', { type: 'button', class: 'secondary small', text: 'Revoke', 'aria-label': `Revoke ${key.name}`,
        onclick: async () => {
          try { await api(`/v1/auth/api-keys/${key.id}`, { method: 'DELETE' }); await refresh(); } catch (e) { message.replaceChildren(alertBox(e.message)); }
        } })));
  }

  const form = h('form', { class: 'inline', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const created = await api('/v1/auth/api-keys', { method: 'POST', json: { name: name.value } });
      message.replaceChildren(alertBox(h('span', {}, 'Copy this key now, it is shown only once: ', h('code', { class: 'secret', text: created.key })), 'ok'));
      name.value = '';
      await refresh();
    } catch (error) {
      message.replaceChildren(alertBox(error.message));
    }
  } }, h('label', { for: 'key-name', text: 'Name' }), name, h('button', { type: 'submit', text: 'Create key' }));

  mount(h('h1', { text: 'API keys' }),
    h('p', { class: 'muted', text: 'Scripts and other servers send a key as the X-Api-Key header.' }),
    form, message,
    h('div', { class: 'table-wrap' }, h('table', { class: 'stack' }, h('thead', {}, h('tr', {}, ...['Name', 'Key', 'Created', 'Last used', ''].map((t) => h('th', { scope: 'col', text: t })))), body)));
  await refresh();
}
