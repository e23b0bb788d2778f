/**
 * The part of the trace page's script that fills the details pane with the
 * selected span: its facts in order, then its attributes (JSON text
 * pretty-printed), events and resource, each a table of texts set with
 * textContent. It runs inside TRACE_SCRIPT, whose `spans`, `data`, `details`
 * and `el` it uses.
 */
export const DETAILS_SCRIPT = String.raw`function addRow(table, key, value) {
  var tr = el('tr');
  tr.appendChild(el('th', '', key));
  var td = el('td');
  if (typeof value === 'string') {
    var text = value, first = value.charAt(0);
    if ((first === '[' || first === '{') && value.length > 1) {
      try { text = JSON.stringify(JSON.parse(value), null, 2); } catch (e) { text = value; }
    }
    td.appendChild(text.length > 80 || text.indexOf('\n') >= 0 ? el('pre', '', text) : document.createTextNode(text));
  } else {
    td.textContent = JSON.stringify(value);
  }
  tr.appendChild(td);
  table.appendChild(tr);
}

function table(attrs, keepOrder) {
  var t = el('table', 'kv'), keys = keepOrder ? Object.keys(attrs) : Object.keys(attrs).sort();
  for (var i = 0; i < keys.length; i++) addRow(t, keys[i], attrs[keys[i]]);
  return t;
}

function showDetails(i) {
  var s = spans[i], box = el('div', s.error ? 'failed' : '');
  box.appendChild(el('h2', '', s.name));
  var facts = {
    'span id': s.id, 'parent span id': s.parentId === undefined ? '(root)' : s.parentId + (s.orphan ? ' (not in this trace)' : ''),
    kind: s.kind, status: s.status + (s.message ? ': ' + s.message : ''), start: s.at, duration: s.took
  };
  if (s.tokens) facts[s.rollup ? 'tokens in / out (subtree)' : 'tokens in / out'] = s.tokens;
  if (s.cost) facts[s.rollup ? 'cost (subtree)' : 'cost'] = s.cost;
  var factTable = table(facts, true);
  factTable.classList.add('facts-table');
  box.appendChild(factTable);
  box.appendChild(el('h3', '', 'Attributes (' + Object.keys(s.attrs).length + ')'));
  var attrs = table(s.attrs);
  attrs.id = 'span-attributes';
  box.appendChild(attrs);
  box.appendChild(el('h3', '', 'Events (' + s.events.length + ')'));
  for (var e = 0; e < s.events.length; e++) {
    var ev = s.events[e], div = el('div', 'event' + (ev.name === 'exception' ? ' exception' : ''));
    div.appendChild(el('div', 'event-head', ev.at + '  ' + ev.name));
    div.appendChild(table(ev.attrs));
    box.appendChild(div);
  }
  box.appendChild(el('h3', '', 'Resource'));
  box.appendChild(table(data.resources[s.res] || {}));
  details.replaceChildren(box);
  details.scrollTop = 0;
}
`;
