import { DETAILS_SCRIPT } from './page-details-script.js';

/**
 * The trace page's script, inline (the policy allows it by its hash). It
 * reads the data from the page's JSON element and builds one plain row per
 * span from a template (texts set with textContent, never as markup), bars
 * placed with CSSOM styles, rows in blocks the browser skips off screen; it collapses and expands subtrees by hiding rows
 * (they stay in the page), shows the selected span's attributes and events,
 * and moves with the keyboard. The texts it shows come formatted in the data.
 */
export const TRACE_SCRIPT = String.raw`(function () {
'use strict';
var startedAt = performance.now();
var data = JSON.parse(document.getElementById('trace-data').textContent);
var spans = data.spans, n = spans.length, total = data.durationMs > 0 ? data.durationMs : 1;
var tree = document.getElementById('rows'), details = document.getElementById('details');
var rows = new Array(n), collapsed = new Uint8Array(n), selected = -1;

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

var template = el('div', 'row');
template.setAttribute('role', 'treeitem');
template.setAttribute('aria-selected', 'false');
var nameCell = el('span', 'name');
var toggle = el('button', 'toggle');
toggle.tabIndex = -1;
toggle.setAttribute('aria-hidden', 'true');
nameCell.appendChild(toggle);
nameCell.appendChild(el('span', 'label'));
template.appendChild(nameCell);
template.appendChild(el('span', 'tokens num'));
template.appendChild(el('span', 'cost num'));
template.appendChild(el('span', 'dur num'));
var track = el('span', 'track');
track.appendChild(el('span', 'bar'));
template.appendChild(track);

function operation(s) {
  var op = s.attrs['gen_ai.operation.name'];
  return op === 'chat' ? 'chat' : op === 'execute_tool' ? 'tool' : op === 'invoke_agent' ? 'agent' : 'other';
}

// Rows go in blocks of CHUNK: the browser skips the blocks off screen (content-visibility), and each
// block's placeholder height is its visible rows times the fixed row height.
var CHUNK = 200, ROW_PX = 22, chunks = [], chunk = null;
var fragment = document.createDocumentFragment();
for (var i = 0; i < n; i++) {
  if (i % CHUNK === 0) { chunk = el('div', 'chunk'); chunk.setAttribute('role', 'none'); chunks.push(chunk); fragment.appendChild(chunk); }
  var s = spans[i], row = template.cloneNode(true), cells = row.children;
  row.dataset.spanId = s.id;
  if (s.parentId !== undefined) row.dataset.parentId = s.parentId;
  row.dataset.index = String(i);
  row.classList.add(operation(s));
  if (s.error) row.classList.add('failed');
  if (s.attrs['agent_otel.subagent'] === true) row.classList.add('subagent');
  row.setAttribute('aria-level', String(s.depth + 1));
  if (s.end > i + 1) {
    row.setAttribute('aria-expanded', 'true');
    cells[0].firstChild.textContent = '\u25be';
  }
  cells[0].style.paddingLeft = (s.depth * 14) + 'px';
  cells[0].lastChild.textContent = s.name;
  cells[0].title = s.name + (s.message ? ' \u2014 ' + s.message : '');
  if (s.tokens) { cells[1].textContent = s.tokens; cells[1].title = s.tokensTitle; }
  if (s.cost) cells[2].textContent = s.cost;
  if (s.rollup) { cells[1].classList.add('rollup'); cells[2].classList.add('rollup'); }
  cells[3].textContent = s.took;
  var bar = cells[4].firstChild;
  bar.style.left = (s.start / total * 100) + '%';
  bar.style.width = (s.dur / total * 100) + '%';
  bar.title = s.at + ', ' + s.took;
  rows[i] = row;
  chunk.appendChild(row);
}
tree.appendChild(fragment);

/** Sets the placeholder height of the blocks holding rows from..to-1 to their visible rows. */
function sizeChunks(from, to) {
  for (var c = Math.floor(from / CHUNK); c < chunks.length && c * CHUNK < to; c++) {
    var visible = 0, last = Math.min(n, (c + 1) * CHUNK);
    for (var j = c * CHUNK; j < last; j++) if (!rows[j].hidden) visible++;
    chunks[c].style.containIntrinsicHeight = (visible * ROW_PX) + 'px';
    // An empty block is taken out: shown again, it starts skipped, instead of laying out all its rows at once.
    chunks[c].hidden = visible === 0;
  }
}
sizeChunks(0, n);

function hasChildren(i) { return spans[i].end > i + 1; }

function showSubtree(i) {
  var end = spans[i].end, j = i + 1;
  if (collapsed[i]) { for (; j < end; j++) rows[j].hidden = true; return; }
  while (j < end) {
    rows[j].hidden = false;
    if (collapsed[j]) { for (var k = j + 1; k < spans[j].end; k++) rows[k].hidden = true; j = spans[j].end; }
    else j++;
  }
}

function setCollapsed(i, value) {
  if (!hasChildren(i) || collapsed[i] === (value ? 1 : 0)) return;
  collapsed[i] = value ? 1 : 0;
  rows[i].setAttribute('aria-expanded', value ? 'false' : 'true');
  rows[i].firstChild.firstChild.textContent = value ? '\u25b8' : '\u25be';
  showSubtree(i);
  sizeChunks(i + 1, spans[i].end);
  if (value && selected > i && selected < spans[i].end) select(i);
}

${DETAILS_SCRIPT}
function select(i) {
  if (i < 0 || i >= n) return;
  if (selected >= 0) { rows[selected].classList.remove('selected'); rows[selected].setAttribute('aria-selected', 'false'); }
  selected = i;
  rows[i].classList.add('selected');
  rows[i].setAttribute('aria-selected', 'true');
  rows[i].scrollIntoView({ block: 'nearest' });
  showDetails(i);
}

function visibleAt(j) { while (j > 0 && rows[j].hidden) j = spans[j].parent; return j; }

tree.addEventListener('click', function (event) {
  var row = event.target.closest('.row');
  if (!row) return;
  var i = Number(row.dataset.index);
  if (event.target.closest('.toggle')) setCollapsed(i, !collapsed[i]);
  select(i);
  tree.focus({ preventScroll: true });
});

tree.addEventListener('keydown', function (event) {
  var i = selected < 0 ? 0 : selected, to = -1;
  switch (event.key) {
    case 'ArrowDown': to = selected < 0 ? 0 : collapsed[i] ? spans[i].end : i + 1; break;
    case 'ArrowUp': to = selected < 0 ? 0 : i > 0 ? visibleAt(i - 1) : 0; break;
    case 'ArrowRight': if (hasChildren(i) && collapsed[i]) setCollapsed(i, false); else if (hasChildren(i)) to = i + 1; else to = i; break;
    case 'ArrowLeft': if (hasChildren(i) && !collapsed[i]) setCollapsed(i, true); else to = spans[i].parent >= 0 ? spans[i].parent : i; break;
    case 'Home': to = 0; break;
    case 'End': to = visibleAt(n - 1); break;
    case 'Enter': if (selected < 0) select(0); details.focus(); break;
    default: return;
  }
  event.preventDefault();
  if (to >= 0 && to < n) select(to);
});

details.addEventListener('keydown', function (event) {
  if (event.key === 'Escape') { event.preventDefault(); tree.focus(); }
});

if (n > 0) select(0);
tree.focus({ preventScroll: true });
document.documentElement.dataset.buildMs = String(Math.round(performance.now() - startedAt));
document.documentElement.dataset.ready = 'true';
})();
`;
