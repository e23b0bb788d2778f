/**
 * The style of the pages, inline (the policy allows it by its hash). Rows
 * are plain grid lines of a fixed height with CSS bars, in blocks with
 * `content-visibility: auto` that let the browser skip the blocks off screen,
 * so a trace of ten thousand spans stays light.
 */
const BASE = `
:root { color-scheme: light; --fg: #1d2430; --muted: #667085; --line: #e4e7ec; --bg: #fff; --head: #f6f7f9;
  --bar: #3b82f6; --chat: #8b5cf6; --tool: #0ea5a4; --agent: #3b82f6; --fail: #d92d20; --fail-bg: #fef3f2; --sel: #e0ecff; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 10px 16px 8px; border-bottom: 1px solid var(--line); background: var(--head); }
h1 { font-size: 16px; margin: 0 0 6px; font-weight: 600; overflow-wrap: anywhere; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0; }
.facts div { display: flex; gap: 6px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
.facts .bad { color: var(--fail); font-weight: 600; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.muted { color: var(--muted); }
`;

const TRACE = `
body { display: flex; flex-direction: column; }
.keys { margin: 6px 0 0; color: var(--muted); font-size: 12px; }
kbd { font: 11px ui-monospace, monospace; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 3px; padding: 0 4px; background: #fff; }
main { flex: 1; display: flex; min-height: 0; }
.waterfall { flex: 1 1 64%; display: flex; flex-direction: column; min-width: 0; border-right: 1px solid var(--line); }
.row, .columns { display: grid; grid-template-columns: minmax(220px, 34%) 92px 72px 74px minmax(160px, 1fr); align-items: center; column-gap: 8px; padding: 0 10px; }
.columns { height: 26px; border-bottom: 1px solid var(--line); color: var(--muted); font-size: 12px; background: var(--head); }
.columns .num, .row .num { text-align: right; font-variant-numeric: tabular-nums; }
.axis { display: flex; justify-content: space-between; gap: 6px; overflow: hidden; white-space: nowrap; }
@media (max-width: 1300px) { .axis span:nth-child(2n) { display: none; } }
#rows { flex: 1; overflow: auto; outline: none; }
#rows:focus-visible .row.selected { outline: 2px solid var(--bar); outline-offset: -2px; }
.chunk { content-visibility: auto; }
.row { height: 22px; cursor: default; border-bottom: 1px solid #f2f4f7; white-space: nowrap; }
.row:hover { background: #f9fafb; }
.row.selected { background: var(--sel); }
.row.failed { background: var(--fail-bg); }
.row.failed.selected { background: #fddcd8; }
.row.failed .label { color: var(--fail); font-weight: 600; }
.row[hidden] { display: none; }
.name { display: flex; align-items: center; min-width: 0; overflow: hidden; }
.label { overflow: hidden; text-overflow: ellipsis; }
.toggle { flex: none; width: 16px; height: 16px; padding: 0; margin-right: 2px; border: 0; background: none; color: var(--muted); font-size: 10px; cursor: pointer; }
.toggle:empty { visibility: hidden; }
.rollup { font-style: italic; color: var(--muted); }
.track { position: relative; height: 12px; }
.bar { position: absolute; top: 1px; height: 10px; min-width: 2px; border-radius: 2px; background: var(--bar); }
.row.chat .bar { background: var(--chat); }
.row.tool .bar { background: var(--tool); }
.row.failed .bar { background: var(--fail); }
#details { flex: 0 0 36%; overflow: auto; padding: 10px 14px 24px; outline: none; min-width: 0; }
#details h2 { font-size: 14px; margin: 0 0 6px; overflow-wrap: anywhere; }
#details h3 { font-size: 12px; margin: 14px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
#details .failed h2 { color: var(--fail); }
.kv { border-collapse: collapse; width: 100%; table-layout: fixed; }
.kv th, .kv td { text-align: left; vertical-align: top; padding: 2px 6px; border-bottom: 1px solid #f2f4f7; overflow-wrap: anywhere; }
.kv th { width: 38%; font-weight: 500; color: var(--muted); font-family: ui-monospace, monospace; font-size: 12px; }
.kv td { font-family: ui-monospace, monospace; font-size: 12px; }
.kv pre { margin: 0; white-space: pre-wrap; max-height: 320px; overflow: auto; }
.event { margin: 6px 0; padding: 4px 6px; border-left: 3px solid var(--line); }
.event.exception { border-left-color: var(--fail); }
.event-head { font-weight: 600; }
`;

const INDEX = `
main { padding: 12px 16px; }
table.sessions { border-collapse: collapse; width: 100%; }
.sessions th, .sessions td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
.sessions th { color: var(--muted); font-weight: 500; background: var(--head); position: sticky; top: 0; }
.sessions td.num, .sessions th.num { text-align: right; font-variant-numeric: tabular-nums; }
.sessions tr.failed td.failures { color: var(--fail); font-weight: 600; }
.sessions a { color: #175cd3; }
`;

export const TRACE_STYLE = BASE + TRACE;
export const INDEX_STYLE = BASE + INDEX;
