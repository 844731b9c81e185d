// A goods form validated on input with skuwire's wasm package: every rule
// (lengths in characters, decimals, duplicates…) comes from skuwire, the page
// only maps each error's `loc` to the field it names.
import init, { isSkuwireError, operations, plan, validate, version } from './pkg/skuwire.js';
import { fieldLabel } from './pkg/forms.js';

const OP = 'goods.Goods.batchPush';
const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

let lang = 'zh';
let errors = [];
const touched = new Set();
let preview = null;

const text = {
  zh: {
    ready: (op) => `skuwire ${version()} · ${op.titleZh} · 每次调用最多 ${op.limits.maxItems} 个货品`,
    ok: '✓ 校验通过，可以保存',
    problems: (n) => `共 ${n} 处问题待修正`,
    calls: (n, items) => `${items} 个货品将分 ${n} 次调用`,
    call: '调用', items: '货品数', range: '输入位置', bytes: '请求体字节',
    skipped: (n) => `${n} 个货品有问题，将被跳过：`,
    json: 'JSON 格式错误：',
  },
  en: {
    ready: (op) => `skuwire ${version()} · ${op.name} · at most ${op.limits.maxItems} goods per call`,
    ok: '✓ Valid: ready to save',
    problems: (n) => `${n} problem${n === 1 ? '' : 's'} to fix`,
    calls: (n, items) => `${items} goods in ${n} call${n === 1 ? '' : 's'}`,
    call: 'Call', items: 'Goods', range: 'Input positions', bytes: 'Body bytes',
    skipped: (n) => `${n} goods have problems and will be skipped:`,
    json: 'Invalid JSON: ',
  },
};
const msg = (e) => (lang === 'zh' ? e.msg_zh : e.msg);

// ---- the form ----------------------------------------------------------
function addSpecRow(values = {}) {
  const row = $('#spec-row').content.firstElementChild.cloneNode(true);
  for (const input of $$('input', row)) input.value = values[input.dataset.field] ?? '';
  $('#spec-rows').append(row);
  renumberRows();
}

/** Each spec input's location is `spec_list.<row>.<field>`, as in `loc`. */
function renumberRows() {
  $$('#spec-rows tr').forEach((row, i) => {
    for (const input of $$('input', row)) {
      input.dataset.loc = `spec_list.${i}.${input.dataset.field}`;
      input.nextElementSibling.dataset.errorFor = input.dataset.loc;
    }
  });
}

/** The item as the platform receives it; prices stay decimal strings. */
function readForm() {
  const pick = (inputs) => {
    const out = {};
    for (const input of inputs) {
      const key = input.name || input.dataset.field;
      if (input.value === '' && 'optional' in input.dataset) continue;
      out[key] = input.value;
    }
    return out;
  };
  return {
    ...pick($$('.fields input')),
    spec_list: $$('#spec-rows tr').map((row) => pick($$('input', row))),
  };
}

function check() {
  errors = validate(OP, readForm());
  renderErrors();
}

/** The field an error belongs to: its own `loc`, or the nearest enclosing one on the page. */
function slotFor(loc) {
  for (let n = loc.length; n > 0; n--) {
    const key = loc.slice(0, n).join('.');
    const slot = $(`[data-error-for="${CSS.escape(key)}"]`);
    if (slot) return { key, slot };
  }
  return null;
}

function renderErrors() {
  for (const el of $$('[data-error-for]')) el.textContent = '';
  for (const el of $$('input.invalid')) el.classList.remove('invalid');
  const other = $('#other-errors');
  other.textContent = '';
  for (const e of errors) {
    const found = slotFor(e.loc);
    if (!found) {
      const li = document.createElement('li');
      li.textContent = `${e.loc.join('.')}: ${msg(e)}`;
      other.append(li);
      continue;
    }
    const input = $(`input[data-loc="${CSS.escape(found.key)}"]`);
    // Show a field's errors once the user has typed into it.
    if (input && !touched.has(found.key)) continue;
    found.slot.textContent = (found.slot.textContent ? found.slot.textContent + ' ' : '') + msg(e);
    input?.classList.add('invalid');
  }
  const summary = $('#form-summary');
  summary.textContent = errors.length ? text[lang].problems(errors.length) : text[lang].ok;
  summary.classList.toggle('ok', errors.length === 0);
}

// ---- bulk preview ------------------------------------------------------
function previewBulk() {
  const raw = $('#bulk').value.trim();
  if (!raw) {
    preview = null;
  } else {
    try {
      const items = JSON.parse(raw);
      preview = { items, result: plan(OP, items, { onInvalid: 'skip' }) };
    } catch (e) {
      preview = { error: e };
    }
  }
  renderPreview();
}

function renderPreview() {
  const box = $('#preview');
  box.textContent = '';
  if (!preview) return;
  const t = text[lang];
  if (preview.error) {
    const p = document.createElement('p');
    p.className = 'error';
    const e = preview.error;
    p.textContent = isSkuwireError(e)
      ? (lang === 'zh' ? e.msgZh : e.message) + (e.errors ? ': ' + e.errors.map(msg).join('; ') : '')
      : t.json + e.message;
    box.append(p);
    return;
  }
  const { batches, invalid } = preview.result;
  const planned = batches.reduce((n, b) => n + b.indices.length, 0);
  const head = document.createElement('p');
  head.className = 'calls';
  head.dataset.calls = String(batches.length);
  head.textContent = t.calls(batches.length, planned);
  box.append(head);
  if (batches.length) {
    const table = document.createElement('table');
    table.innerHTML = `<thead><tr><th>${t.call}</th><th>${t.items}</th><th>${t.range}</th><th>${t.bytes}</th></tr></thead>`;
    const body = document.createElement('tbody');
    const encoder = new TextEncoder();
    batches.forEach((b, i) => {
      const tr = document.createElement('tr');
      tr.className = 'batch';
      for (const cell of [i + 1, b.indices.length, `${b.indices[0]}–${b.indices.at(-1)}`, encoder.encode(b.body).length]) {
        const td = document.createElement('td');
        td.textContent = String(cell);
        tr.append(td);
      }
      body.append(tr);
    });
    table.append(body);
    box.append(table);
  }
  if (invalid.length) {
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = t.skipped(invalid.length);
    const ul = document.createElement('ul');
    ul.className = 'error';
    for (const item of invalid.slice(0, 20)) {
      for (const e of item.errors) {
        const li = document.createElement('li');
        li.textContent = `${e.loc.join('.')}: ${msg(e)}`;
        ul.append(li);
      }
    }
    box.append(p, ul);
  }
}

// ---- language ----------------------------------------------------------
function setLang(next) {
  lang = next;
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  for (const el of $$('[data-zh]')) el.textContent = el.dataset[next];
  // Field labels: the core's table (the vendor's Chinese, and English).
  for (const el of $$('[data-label]')) el.textContent = fieldLabel(OP, el.dataset.label, next);
  $('#lang-zh').setAttribute('aria-pressed', String(next === 'zh'));
  $('#lang-en').setAttribute('aria-pressed', String(next === 'en'));
  $('#status').textContent = text[next].ready(operations().find((o) => o.name === OP));
  renderErrors();
  renderPreview();
}

// ---- wiring ------------------------------------------------------------
await init(); // loads skuwire_bg.wasm next to skuwire.js
addSpecRow();
$('#goods').addEventListener('input', (ev) => {
  if (ev.target.dataset.loc) touched.add(ev.target.dataset.loc);
  check();
});
$('#add-spec').addEventListener('click', () => { addSpecRow(); check(); });
$('#spec-rows').addEventListener('click', (ev) => {
  if (!ev.target.closest('.remove')) return;
  ev.target.closest('tr').remove();
  // Locations shift with the rows: forget what was touched below.
  for (const key of [...touched]) if (key.startsWith('spec_list.')) touched.delete(key);
  renumberRows();
  for (const input of $$('#spec-rows input')) if (input.value) touched.add(input.dataset.loc);
  check();
});
$('#bulk').addEventListener('input', previewBulk);
$('#lang-zh').addEventListener('click', () => setLang('zh'));
$('#lang-en').addEventListener('click', () => setLang('en'));
setLang('zh');
check();
document.body.dataset.ready = 'true';
