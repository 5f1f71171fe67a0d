// The stage page: draws what /api/events pushes, and turns every button and knob into the live: command of the
// same name (POST /api/do/ACTION). No framework, no build step: this file is served as it is.
'use strict';

const $ = (id) => document.getElementById(id);
const PLOT_SAMPLES = 300; // 30 s of the state's ten updates a second
const BAD = /fail|error|threw|does not compile|refused|cannot|not live|reverted/i;

const view = {
  cards: new Map(),     // refreshable name -> its card's parts
  loops: new Map(),     // loop name -> its card's parts
  samples: new Map(),   // "name.field" or "loop:name" -> recent numbers
  strips: new Map(),    // strip name -> canvas
  snapshot: null,
  histories: {},        // refreshable name -> its versions, newest first (sent only when they change)
};

// ------------------------------------------------------------------------------------------ talking to the runtime

function say(text, ok) {
  const m = $('message');
  m.textContent = text || '';
  m.className = 'message ' + (ok ? 'good' : 'bad');
  m.title = text || '';
}

/** One answer as {ok, message}: the runtime's JSON, or the one line of a refused request. */
async function answer(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (e) {
    return { ok: false, message: text.replace(/^doitlive: /, '').trim() || ('the runtime answered ' + response.status) };
  }
}

async function act(action, params) {
  let a;
  try {
    a = await answer(await fetch('/api/do/' + action, { method: 'POST', body: new URLSearchParams(params) }));
  } catch (e) {
    a = { ok: false, message: 'the runtime cannot be reached: is it running?' };
  }
  say(a.message || (a.ok ? action + ': done' : action + ': failed'), a.ok);
  return a;
}

/** A knob moved: sends the newest value, one request at a time, so a dragged slider never queues up. */
const setting = new Map();
function setField(name, field, value) {
  const key = name + '.' + field;
  const s = setting.get(key);
  if (s) {
    s.next = value;
    return;
  }
  const entry = { next: null };
  setting.set(key, entry);
  act('set', { name, field, value: String(value) }).finally(() => {
    setting.delete(key);
    if (entry.next !== null) {
      setField(name, field, entry.next);
    }
  });
}

function connect() {
  const events = new EventSource('/api/events');
  events.onopen = () => { $('link').textContent = 'live'; $('link').className = 'link up'; };
  events.onerror = async () => {
    $('link').textContent = 'reconnecting';
    $('link').className = 'link down';
    // A runtime started again has a new token: say so instead of retrying for ever.
    try {
      const r = await fetch('/api/snapshot');
      if (r.status === 403) {
        events.close();
        $('link').textContent = 'locked out';
        say((await answer(r)).message, false);
      }
    } catch (e) {
      // the runtime is down: EventSource retries by itself
    }
  };
  events.addEventListener('state', (e) => render(JSON.parse(e.data)));
  events.addEventListener('history', (e) => {
    view.histories = JSON.parse(e.data);
    if (view.snapshot) render(view.snapshot);
  });
  events.addEventListener('line', (e) => addLine(JSON.parse(e.data)));
  events.addEventListener('frame', (e) => drawFrame(JSON.parse(e.data)));
}

// ------------------------------------------------------------------------------------------------ small helpers

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c);
  }
  return e;
}

function ms(micros) {
  if (micros === null || micros === undefined) return '–';
  return micros >= 10000 ? (micros / 1000).toFixed(0) + ' ms' : (micros / 1000).toFixed(2) + ' ms';
}

function sample(key, value) {
  let s = view.samples.get(key);
  if (!s) view.samples.set(key, s = []);
  s.push(value);
  if (s.length > PLOT_SAMPLES) s.shift();
}

/** A line plot of the recent samples, scaled to their own range. */
function plot(canvas, values) {
  const w = canvas.width = canvas.clientWidth * devicePixelRatio;
  const h = canvas.height = canvas.clientHeight * devicePixelRatio;
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, w, h);
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return;
  let lo = Math.min(...finite), hi = Math.max(...finite);
  if (hi === lo) { hi += 1; lo -= 1; }
  g.strokeStyle = '#b48cff';
  g.lineWidth = 2 * devicePixelRatio;
  g.beginPath();
  values.forEach((v, i) => {
    const x = w * i / (PLOT_SAMPLES - 1);
    const y = h - 4 - (h - 8) * (v - lo) / (hi - lo);
    i === 0 ? g.moveTo(x, y) : g.lineTo(x, y);
  });
  g.stroke();
  g.fillStyle = '#8b95a3';
  g.font = (11 * devicePixelRatio) + 'px system-ui';
  g.fillText(String(+hi.toPrecision(4)), 4, 12 * devicePixelRatio);
  g.fillText(String(+lo.toPrecision(4)), 4, h - 4);
}

// ---------------------------------------------------------------------------------------------------- the state

function render(snap) {
  view.snapshot = snap;
  for (const r of snap.refreshables || []) r.history = view.histories[r.name] || [];
  renderRefreshables(snap.refreshables || []);
  renderLoops(snap.loops || []);
  editorSawState(snap);
  if (!snap.running) say('the doitlive runtime is not running (bundle dev.doitlive.runtime)', false);
}

function renderRefreshables(list) {
  const box = $('refreshables');
  const names = new Set(list.map((r) => r.name));
  for (const [name, card] of view.cards) {
    if (!names.has(name)) { card.root.remove(); view.cards.delete(name); }
  }
  box.querySelector('.empty')?.toggleAttribute('hidden', list.length > 0);
  for (const r of list) {
    let card = view.cards.get(r.name);
    if (!card) {
      card = newCard(r);
      view.cards.set(r.name, card);
      box.append(card.root);
    }
    updateCard(card, r);
  }
}

function newCard(r) {
  const card = { name: r.name, fieldsKey: null, historyKey: null, knobs: new Map() };
  card.badge = el('span', { class: 'badge' });
  card.facts = el('span', { class: 'facts' });
  card.revert = el('button', { type: 'button', title: 'make the version before the live one live again (live:revert)',
    onclick: () => act('revert', { name: r.name }) }, 'Revert');
  card.purge = el('button', { type: 'button', class: 'danger', title: 'drop the history; the live version stays (live:purge)',
    onclick: () => confirm('Drop every version of ' + r.name + ' but the live one?') && act('purge', { name: r.name }) }, 'Purge');
  card.forget = el('button', { type: 'button', class: 'danger', title: 'its file is gone: drop its state and history for good (live:forget)',
    onclick: () => confirm('Forget ' + r.name + ' for good: its last instance, state and history?') && act('forget', { name: r.name }) }, 'Forget');
  card.edit = el('button', { type: 'button', title: 'open its source in the editor', onclick: () => openFile(card.file) }, 'Edit');
  card.error = el('div', { class: 'last-error' });
  card.fields = el('div', { class: 'fields' });
  card.historyBody = el('tbody');
  card.history = el('details', {}, el('summary', {}, 'History'), el('table', { class: 'history' }, card.historyBody));
  card.root = el('article', { class: 'card', 'data-name': r.name },
    el('div', { class: 'card-head' }, el('span', { class: 'name' }, r.name), card.badge, card.facts,
      el('span', { class: 'actions' }, card.edit, card.revert, card.purge, card.forget)),
    card.error, card.fields, card.history);
  return card;
}

function updateCard(card, r) {
  card.badge.textContent = r.status;
  card.badge.className = 'badge ' + r.status;
  card.facts.replaceChildren('v', el('b', {}, String(r.liveSeq)), ' · ', r.version || '', ' · calls ',
    el('b', {}, String(r.calls)), ' · errors ', el('b', {}, String(r.errors)));
  card.error.textContent = r.lastError || '';
  card.error.hidden = !r.lastError;
  card.file = r.file;
  card.edit.hidden = !(r.file && r.file.endsWith('.java'));
  card.revert.disabled = !r.canRevert;
  card.purge.disabled = r.historyDepth === 0;
  card.forget.hidden = r.status !== 'DETACHED';
  updateFields(card, r);
  updateHistory(card, r);
}

function updateFields(card, r) {
  const key = r.fields.map((f) => f.name + ':' + f.kind + ':' + f.editable).join(',');
  if (key !== card.fieldsKey) {
    card.fieldsKey = key;
    card.knobs.clear();
    card.fields.replaceChildren();
    for (const f of r.fields) {
      const knob = newKnob(r.name, f);
      card.knobs.set(f.name, knob);
      card.fields.append(el('span', { class: 'fname', title: f.type }, f.name), knob.root);
      if (knob.plot) card.fields.append(knob.plot);
    }
  }
  for (const f of r.fields) {
    const knob = card.knobs.get(f.name);
    if (knob) knob.update(f);
  }
}

/** A field's control: a slider and a number for numbers, a switch, a choice, a text box; or just its value. */
function newKnob(name, f) {
  const numeric = f.kind === 'NUMBER' || f.kind === 'WHOLE';
  const value = el('span', { class: 'value' });
  const knob = { root: el('span', { class: 'knob' }), touched: 0, plot: null };
  const busy = () => document.activeElement && knob.root.contains(document.activeElement) || Date.now() - knob.touched < 800;
  const touch = () => { knob.touched = Date.now(); };
  let update = (g) => { value.textContent = g.value; };

  if (f.editable && numeric) {
    const n = Number(f.value);
    const range = rangeFor(n, f.kind === 'WHOLE');
    const slider = el('input', { type: 'range', min: range.min, max: range.max, step: range.step, value: n,
      'aria-label': f.name, 'data-field': f.name });
    // Text, not type=number: what was typed reaches live:set as typed (and its refusal quotes it), NaN shows as NaN.
    const box = el('input', { type: 'text', inputmode: 'decimal', class: 'number', value: f.value, 'aria-label': f.name + ' value' });
    slider.addEventListener('input', () => { touch(); box.value = slider.value; setField(name, f.name, slider.value); });
    box.addEventListener('change', () => { touch(); setField(name, f.name, box.value); });
    knob.root.append(slider, box);
    update = (g) => {
      if (busy()) return;
      const v = Number(g.value);
      if (Number.isFinite(v) && (v > Number(slider.max) || v < Number(slider.min))) {
        const wider = rangeFor(v, f.kind === 'WHOLE');
        slider.min = Math.min(Number(slider.min), wider.min);
        slider.max = Math.max(Number(slider.max), wider.max);
      }
      if (Number.isFinite(v)) slider.value = v;
      box.value = g.value;
    };
  } else if (f.editable && f.kind === 'BOOLEAN') {
    const box = el('input', { type: 'checkbox', class: 'switch', 'aria-label': f.name });
    box.addEventListener('change', () => { touch(); setField(name, f.name, box.checked); });
    knob.root.append(box, value);
    update = (g) => { if (!busy()) box.checked = g.value === 'true'; value.textContent = g.value; };
  } else if (f.editable && f.kind === 'CHOICE') {
    const choice = el('select', { 'aria-label': f.name }, ...f.choices.map((c) => el('option', { value: c }, c)));
    choice.addEventListener('change', () => { touch(); setField(name, f.name, choice.value); });
    knob.root.append(choice);
    update = (g) => { if (!busy()) choice.value = g.value; };
  } else if (f.editable && f.kind === 'TEXT') {
    const text = el('input', { type: 'text', 'aria-label': f.name, value: f.value ?? '' });
    text.addEventListener('change', () => { touch(); setField(name, f.name, text.value); });
    knob.root.append(text);
    update = (g) => { if (!busy()) text.value = g.value ?? ''; };
  } else {
    knob.root.append(value);
  }
  if (numeric) {
    const key = name + '.' + f.name;
    const toggle = el('button', { type: 'button', class: 'plot-toggle', title: 'plot it over the last 30 s' }, 'plot');
    knob.plot = el('canvas', { class: 'plot', hidden: true });
    toggle.addEventListener('click', () => {
      knob.plot.hidden = !knob.plot.hidden;
      toggle.classList.toggle('on', !knob.plot.hidden);
    });
    knob.root.append(toggle);
    const inner = update;
    update = (g) => {
      inner(g);
      sample(key, Number(g.value));
      if (!knob.plot.hidden) plot(knob.plot, view.samples.get(key));
    };
  }
  knob.update = update;
  return knob;
}

/** A slider's range for a value: 0 to 1 for a level, else up to the next power of ten (both ways if negative). */
function rangeFor(v, whole) {
  if (!Number.isFinite(v)) return { min: 0, max: 1, step: whole ? 1 : 0.01 };
  if (!whole && v >= 0 && v <= 1) return { min: 0, max: 1, step: 0.001 };
  const top = Math.pow(10, Math.max(1, Math.ceil(Math.log10(Math.abs(v) + 1))));
  return { min: v < 0 ? -top : 0, max: top, step: whole ? 1 : top / 1000 };
}

function updateHistory(card, r) {
  const key = (r.history || []).map((v) => v.seq + v.status).join(',');
  if (key === card.historyKey) return;
  card.historyKey = key;
  card.historyBody.replaceChildren(...(r.history || []).map((v) => {
    const to = v.status === 'LIVE' ? el('span', {}, 'live')
      : el('button', { type: 'button', disabled: !v.revertable, title: 'make this version live (live:revert --to ' + v.seq + ')',
        onclick: () => act('revert', { name: r.name, to: v.seq }) }, 'go here');
    return el('tr', { class: v.status === 'LIVE' ? 'live' : '' },
      el('td', {}, 'v' + v.seq), el('td', {}, v.version || ''), el('td', {}, new Date(v.time).toLocaleTimeString()),
      el('td', { title: v.reason || '' }, v.status.toLowerCase() + (v.reason ? ': ' + v.reason : '')), el('td', {}, to));
  }));
}

// ----------------------------------------------------------------------------------------------------- the loops

function renderLoops(list) {
  const box = $('loops');
  const names = new Set(list.map((l) => l.name));
  for (const [name, card] of view.loops) {
    if (!names.has(name)) { card.root.remove(); view.loops.delete(name); }
  }
  box.querySelector('.empty')?.toggleAttribute('hidden', list.length > 0);
  for (const l of list) {
    let card = view.loops.get(l.name);
    if (!card) {
      card = newLoopCard(l);
      view.loops.set(l.name, card);
      box.append(card.root);
    }
    updateLoopCard(card, l);
  }
}

function newLoopCard(l) {
  const card = { touched: 0 };
  card.badge = el('span', { class: 'badge' });
  card.toggle = el('button', { type: 'button' });
  card.toggle.addEventListener('click', () => act(card.toggle.dataset.action, { loop: l.name }));
  card.rate = el('input', { type: 'number', min: 0, step: 'any', 'aria-label': l.name + ' rate' });
  card.rate.addEventListener('change', () => { card.touched = Date.now(); act('rate', { loop: l.name, hz: card.rate.value }); });
  card.declared = el('button', { type: 'button', class: 'plot-toggle', title: 'back to the rate its code declares (live:rate NAME default)',
    onclick: () => act('rate', { loop: l.name, hz: 'default' }) });
  const cell = (label) => { const b = el('b'); return [el('div', {}, label, b), b]; };
  const [measured, measuredB] = cell('measured');
  const [last, lastB] = cell('last step');
  const [worst, worstB] = cell('worst step');
  const [steps, stepsB] = cell('steps');
  const [errors, errorsB] = cell('errors · reverts');
  Object.assign(card, { measuredB, lastB, worstB, stepsB, errorsB });
  card.reason = el('div', { class: 'loop-reason' });
  card.plot = el('canvas', { class: 'plot', title: 'step times over the last 30 s' });
  card.root = el('article', { class: 'card', 'data-loop': l.name },
    el('div', { class: 'card-head' }, el('span', { class: 'name' }, l.name), card.badge,
      el('span', { class: 'facts' }, 'step ', el('b', {}, l.step)),
      el('span', { class: 'actions' }, el('label', { class: 'facts' }, 'rate ', card.rate, ' /s'), card.declared, card.toggle)),
    el('div', { class: 'loop-grid' }, measured, last, worst, steps, errors), card.reason, card.plot);
  return card;
}

function updateLoopCard(card, l) {
  card.badge.textContent = l.state;
  card.badge.className = 'badge ' + l.state;
  const [label, action] = l.state === 'RUNNING' ? ['Pause', 'stop'] : l.state === 'NOT_STARTED' ? ['Start', 'start'] : ['Resume', 'restart'];
  card.toggle.textContent = label;
  card.toggle.dataset.action = action;
  card.toggle.disabled = l.state === 'WAITING';
  if (document.activeElement !== card.rate && Date.now() - card.touched > 800) card.rate.value = l.targetRate;
  card.declared.textContent = 'declared ' + l.declaredRate;
  card.declared.hidden = l.declaredRate === l.targetRate;
  card.measuredB.textContent = l.measuredRate + ' /s';
  card.lastB.textContent = ms(l.lastStepMicros);
  card.worstB.textContent = ms(l.worstStepMicros);
  card.stepsB.textContent = String(l.steps);
  card.errorsB.textContent = l.errors + ' · ' + l.reverts;
  card.reason.textContent = l.reason || '';
  card.reason.hidden = !l.reason;
  const key = 'loop:' + l.name;
  sample(key, l.lastStepMicros / 1000);
  plot(card.plot, view.samples.get(key));
}

// ------------------------------------------------------------------------------------------ the strip and events

function drawFrame(f) {
  let canvas = view.strips.get(f.strip);
  if (!canvas) {
    canvas = el('canvas', { 'aria-label': 'strip ' + f.strip, 'data-strip': f.strip });
    $('strips').append(el('div', { class: 'strip' }, el('div', { class: 'label' }, f.strip), canvas));
    view.strips.set(f.strip, canvas);
  }
  const bytes = Uint8Array.from(atob(f.rgb), (c) => c.charCodeAt(0));
  const n = bytes.length / 3;
  const w = canvas.width = canvas.clientWidth * devicePixelRatio;
  const h = canvas.height = canvas.clientHeight * devicePixelRatio;
  const g = canvas.getContext('2d');
  g.fillStyle = '#000';
  g.fillRect(0, 0, w, h);
  const pw = w / Math.max(n, 1);
  for (let i = 0; i < n; i++) {
    g.fillStyle = 'rgb(' + bytes[3 * i] + ',' + bytes[3 * i + 1] + ',' + bytes[3 * i + 2] + ')';
    g.fillRect(i * pw + pw * 0.08, h * 0.1, Math.max(1, pw * 0.84), h * 0.8);
  }
}

function addLine(l) {
  const list = $('lines');
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
  list.append(el('li', { class: BAD.test(l.text) ? 'bad' : '' }, el('time', {}, new Date(l.time).toLocaleTimeString()), l.text));
  while (list.children.length > 300) list.firstChild.remove();
  if (atBottom) list.scrollTop = list.scrollHeight;
  editorSawLine(l.text);
}

// ---------------------------------------------------------------------------------------------------- the editor

const editor = {
  cm: null,
  file: null,
  dirty: false,
  marks: [],
  saved: null, // {liveSeq, name} of the file's refreshable when it was last saved, while its outcome is awaited
};

function status(text, kind) {
  const s = $('editor-status');
  s.textContent = text;
  s.className = 'editor-status ' + (kind || '');
  s.title = text;
}

function setupEditor() {
  editor.cm = CodeMirror($('editor'), {
    mode: 'text/x-java', theme: 'material-darker', lineNumbers: true, indentUnit: 4, matchBrackets: true,
    autoCloseBrackets: true, styleActiveLine: true, gutters: ['errors', 'CodeMirror-linenumbers'],
    extraKeys: { 'Ctrl-S': () => save(), 'Cmd-S': () => save() },
    value: '// Open a source of the watched folder above, or make one with New.\n',
  });
  editor.cm.on('change', () => {
    if (editor.file) { editor.dirty = true; $('save').disabled = false; }
  });
  $('save').addEventListener('click', save);
  $('file').addEventListener('focus', listSources);
  $('file').addEventListener('change', () => { if ($('file').value) openFile($('file').value); });
  $('new').addEventListener('click', () => { $('new-name').value = ''; $('new-dialog').showModal(); });
  $('new-dialog').addEventListener('close', async () => {
    if ($('new-dialog').returnValue !== 'ok' || !$('new-name').value) return;
    const a = await act('new', { name: $('new-name').value, kind: $('new-kind').value });
    const wrote = a.ok && /wrote (\S+\.java)/.exec(a.message);
    if (wrote) {
      await listSources();
      openFile(wrote[1].split(/[\\/]/).pop());
    }
  });
  listSources();
}

async function listSources() {
  try {
    const r = await fetch('/api/sources');
    const a = await r.json();
    if (!r.ok) { status(a.message, 'bad'); return; }
    const select = $('file');
    const chosen = editor.file;
    select.replaceChildren(el('option', { value: '' }, 'open a source…'),
      ...a.sources.map((s) => el('option', { value: s.file }, s.file)));
    select.value = chosen && a.sources.some((s) => s.file === chosen) ? chosen : '';
  } catch (e) {
    status('the sources cannot be listed: is the runtime running?', 'bad');
  }
}

async function openFile(file) {
  if (!file) return;
  if (editor.dirty && file !== editor.file && !confirm(editor.file + ' has changes not saved. Open ' + file + ' anyway?')) {
    $('file').value = editor.file;
    return;
  }
  const r = await fetch('/api/source?file=' + encodeURIComponent(file));
  if (!r.ok) { status((await answer(r)).message, 'bad'); return; }
  const text = await r.text();
  editor.file = file;
  editor.cm.setValue(text);
  editor.cm.clearHistory();
  editor.dirty = false;
  editor.saved = null;
  clearMarks();
  $('save').disabled = false;
  if ([...$('file').options].every((o) => o.value !== file)) $('file').append(el('option', { value: file }, file));
  $('file').value = file;
  status('editing ' + file + ': save (Ctrl-S) makes it live', '');
}

async function save() {
  if (!editor.file) { status('open a source first', 'bad'); return; }
  const r = editor.refreshable = refreshableOf(editor.file);
  const text = editor.cm.getValue();
  let a;
  try {
    a = await answer(await fetch('/api/source?file=' + encodeURIComponent(editor.file), {
      method: 'POST', headers: { 'Content-Type': 'text/plain;charset=utf-8' }, body: text }));
  } catch (e) {
    a = { ok: false, message: 'not saved: the runtime cannot be reached' };
  }
  if (!a.ok) { status(a.message, 'bad'); return; }
  editor.dirty = false;
  editor.saved = { liveSeq: r ? r.liveSeq : 0, at: Date.now() };
  clearMarks();
  status(a.message + '; building…', '');
}

/** The name an editor file is shown by in lines: a dev-mode module's without "dev:". */
function shownAs(file) {
  return file.replace(/^dev:/, '');
}

/** The file or folder whose bundle a file of the editor is part of: "Name.java", or a folder's or module's name. */
function ownerOf(file) {
  return shownAs(file).split('/')[0];
}

function refreshableOf(file) {
  return (view.snapshot?.refreshables || []).find((r) => r.file === ownerOf(file)) || null;
}

function clearMarks() {
  for (const line of editor.marks) {
    editor.cm.removeLineClass(line, 'background', 'cm-error-line');
    editor.cm.setGutterMarker(line, 'errors', null);
  }
  editor.marks = [];
}

/** A compile error of the open file ("Name.java:12:5: message") is marked at its line. */
function editorSawLine(text) {
  if (!editor.file) return;
  const m = /^(\S+?\.java):(\d+):(\d+): (.*)$/.exec(text);
  if (m && (m[1] === shownAs(editor.file) || m[1].split(/[\\/]/).pop() === editor.file)) {
    const line = Math.max(0, Math.min(Number(m[2]) - 1, editor.cm.lineCount() - 1));
    editor.cm.addLineClass(line, 'background', 'cm-error-line');
    const marker = el('span', { class: 'error-mark', title: 'column ' + m[3] + ': ' + m[4] }, '●');
    editor.cm.setGutterMarker(line, 'errors', marker);
    editor.marks.push(line);
    status(editor.marks.length + (editor.marks.length === 1 ? ' error' : ' errors') + ', marked; first: line ' + m[2] + ': ' + m[4], 'bad');
    return;
  }
  if (editor.saved && (text.startsWith(editor.file + ':') || text.startsWith(ownerOf(editor.file) + ':')) && editor.marks.length === 0) {
    status(text, BAD.test(text) ? 'bad' : '');
  }
}

/** The open file's refreshable went live with a new version since the save: say so. */
function editorSawState(snap) {
  if (!editor.file || !editor.saved) return;
  const r = (snap.refreshables || []).find((x) => x.file === ownerOf(editor.file));
  if (r && r.liveSeq > editor.saved.liveSeq && r.status !== 'UPDATING') {
    editor.saved = null;
    status(editor.file + ' is live: ' + r.name + ' v' + r.liveSeq + ' (' + r.status.toLowerCase() + ')', 'good');
  }
}

setupEditor();
connect();
