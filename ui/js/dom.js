// Small DOM helpers: build elements from data with textContent only (never innerHTML), so
// nothing an applicant typed can become markup.

/**
 * h('div', { class: 'x', id: 'y', onclick: fn }, child, 'text', [more])
 * Attributes whose value is false/null/undefined are left out; `true` sets an empty attribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/**
 * A form whose fields each have a label, a hint and a message area for the core's refusal:
 * `block(field, label, hint, control)` builds one with ids `${prefix}-${field}` (a dot in the
 * field becomes a dash); `inputs[field]` and `msgs[field]` find its control and message area.
 */
export function fieldBlocks(prefix) {
  const inputs = {};
  const msgs = {};
  function block(field, label, hint, control) {
    const id = `${prefix}-${field.replace('.', '-')}`;
    control.id = id;
    control.setAttribute('aria-describedby', `${id}-hint ${id}-msg`);
    inputs[field] = control;
    msgs[field] = h('div', { class: 'msgs', id: `${id}-msg`, 'aria-live': 'polite' });
    return h(
      'div',
      { class: 'field', 'data-field': field },
      h('div', { class: 'field-head' }, h('label', { for: id }, label)),
      h('div', { class: 'hint', id: `${id}-hint` }, hint),
      control,
      msgs[field],
    );
  }
  return { inputs, msgs, block };
}
