// A goods form whose rules are skuwire's: TanStack Form (framework-free
// form-core) holds the state and runs skuwire's Standard Schema on every
// change; labels come from skuwire's label table. Built by build.mjs (esbuild).
import { FormApi, FieldApi } from '@tanstack/form-core';
import init, { version } from 'skuwire-browser';
import { standardSchema, fieldLabel } from 'skuwire-browser/forms';
// esbuild's `file` loader copies the .wasm next to the bundle and gives its
// path relative to the bundle.
import wasmFile from 'skuwire-browser/skuwire_bg.wasm';

await init({ module_or_path: new URL(wasmFile, import.meta.url) });

const OP = 'goods.Goods.batchPush';
let lang = 'zh';
const schemas = { zh: standardSchema(OP, { lang: 'zh' }), en: standardSchema(OP, { lang: 'en' }) };

const form = new FormApi({
  defaultValues: { goods_no: '', goods_name: '', brand_name: '', spec_list: [{ spec_no: '', retail_price: '' }] },
  validators: { onChange: schemas[lang], onSubmit: schemas[lang] },
  onSubmit: ({ value }) => {
    // The item as skuwire will send it: inputs left empty are left out.
    const checked = schemas[lang]['~standard'].validate(value);
    document.querySelector('#out-title').hidden = false;
    document.querySelector('#out').textContent = JSON.stringify(checked.value, null, 2);
  },
});
form.mount();

const fields = new Map();
function bind(input, name) {
  const field = new FieldApi({ form, name });
  field.mount();
  input.dataset.name = name;
  input.value = field.state.value ?? '';
  input.addEventListener('input', () => field.handleChange(input.value));
  input.addEventListener('blur', () => field.handleBlur());
  fields.set(name, { field, input });
  field.store.subscribe(() => showErrors(name));
}

function messages(errors) {
  return errors.flat().filter(Boolean).map((e) => (typeof e === 'string' ? e : e.message));
}

function showErrors(name) {
  const { field, input } = fields.get(name);
  // A field's problems once it was edited, or after a submit attempt.
  const shown = field.state.meta.isTouched || form.state.submissionAttempts > 0;
  const text = shown ? messages(field.state.meta.errors).join('；') : '';
  const box = document.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
  if (box) box.textContent = text;
  input.classList.toggle('invalid', text !== '');
}

function addSpecRow(i) {
  const tr = document.createElement('tr');
  for (const key of ['spec_no', 'retail_price']) {
    const td = document.createElement('td');
    const input = document.createElement('input');
    input.autocomplete = 'off';
    const error = document.createElement('div');
    error.className = 'error';
    const name = `spec_list[${i}].${key}`;
    error.dataset.errorFor = name;
    td.append(input, error);
    tr.append(td);
    bind(input, name);
  }
  document.querySelector('#specs').append(tr);
}

function renderLabels() {
  for (const el of document.querySelectorAll('[data-label]')) el.textContent = fieldLabel(OP, el.dataset.label, lang);
  document.querySelector('#title').textContent = lang === 'zh' ? '货品档案' : 'Goods archive';
  document.querySelector('#out-title').textContent = lang === 'zh' ? '将发送的货品' : 'The item as it will be sent';
  document.querySelector('#submit').textContent = lang === 'zh' ? '检查' : 'Check';
  for (const b of document.querySelectorAll('.lang button')) b.setAttribute('aria-pressed', String(b.id === `lang-${lang}`));
}

function setLang(next) {
  lang = next;
  form.update({ ...form.options, validators: { onChange: schemas[lang], onSubmit: schemas[lang] } });
  renderLabels();
  // Messages in the new language for what is already shown.
  if (Object.values(form.state.fieldMeta).some((m) => m && m.isTouched)) form.validate('change');
}

for (const input of document.querySelectorAll('input[data-name]')) bind(input, input.dataset.name);
addSpecRow(0);
document.querySelector('#add-spec').addEventListener('click', () => {
  const i = form.state.values.spec_list.length;
  form.pushFieldValue('spec_list', { spec_no: '', retail_price: '' });
  addSpecRow(i);
});
document.querySelector('#lang-zh').addEventListener('click', () => setLang('zh'));
document.querySelector('#lang-en').addEventListener('click', () => setLang('en'));
document.querySelector('#goods').addEventListener('submit', (e) => {
  e.preventDefault();
  form.handleSubmit();
});
form.store.subscribe(() => {
  for (const name of fields.keys()) showErrors(name);
  const errors = form.state.errorMap.onSubmit || form.state.errorMap.onChange;
  const top = errors && typeof errors === 'object' && errors[''] ? messages([errors['']]) : [];
  document.querySelector('[data-error-for=""]').textContent = top.join('；');
});
renderLabels();
document.body.dataset.version = version();
document.body.dataset.ready = 'true';
