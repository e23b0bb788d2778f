import { fmt, fmtSummary } from './stats.mjs';

/**
 * The figures of each benchmark as table rows:
 * `{ figure, agent, baseline, ratio }`, each cell a median with (min–max).
 */
export const describe = {
  convert: (r) => [
    {
      figure: `convert ${fmt(r.corpus.mib, 0)} MiB (${fmt(r.corpus.files)} files, ${fmt(r.corpus.lines)} lines) to JSONL: MiB/s`,
      agent: fmtSummary(r.mibPerSecond, 1),
      baseline: `${fmtSummary(r.floorMibPerSecond, 1)} (naive floor)`,
      ratio: `floor/agent-otel time ${fmtSummary(r.ratio, 2)}`,
    },
    { figure: 'convert: canonical events/s', agent: fmtSummary(r.eventsPerSecond, 0), baseline: '', ratio: '' },
    { figure: 'convert: seconds', agent: fmtSummary(r.agentSeconds, 2), baseline: fmtSummary(r.floorSeconds, 2), ratio: '' },
    ...(r.cpuRatio
      ? [{ figure: 'convert: CPU seconds (whole process)', agent: fmtSummary(r.agentCpuSeconds, 2), baseline: fmtSummary(r.floorCpuSeconds, 2), ratio: `floor/agent-otel CPU ${fmtSummary(r.cpuRatio, 2)}` }]
      : []),
    ...(r.real
      ? [
          {
            figure: `convert the real fixtures x${r.real.corpus.copies}, ${fmt(r.real.corpus.mib, 0)} MiB (${fmt(r.real.corpus.files)} files, ${fmt(r.real.corpus.lines)} lines): MiB/s`,
            agent: fmtSummary(r.real.mibPerSecond, 1),
            baseline: `${fmtSummary(r.real.floorMibPerSecond, 1)} (naive floor)`,
            ratio: `floor/agent-otel time ${fmtSummary(r.real.ratio, 2)}`,
          },
          {
            figure: 'convert the real fixtures: CPU seconds (whole process)',
            agent: fmtSummary(r.real.agentCpuSeconds, 2),
            baseline: fmtSummary(r.real.floorCpuSeconds, 2),
            ratio: `floor/agent-otel CPU ${fmtSummary(r.real.cpuRatio, 2)}`,
          },
        ]
      : []),
  ],
  memory: (r) => [
    { figure: `peak RSS converting ${fmt(r.small.mib, 0)} MiB (MiB)`, agent: fmtSummary(r.small.peakRssMiB, 1), baseline: '', ratio: '' },
    {
      figure: `peak RSS converting ${fmt(r.large.mib, 0)} MiB (MiB)`,
      agent: fmtSummary(r.large.peakRssMiB, 1),
      baseline: `${fmt(r.small.peakRssMiB.median, 1)} (at ${fmt(r.small.mib, 0)} MiB)`,
      ratio: `large/small ${fmtSummary(r.growth, 2)}`,
    },
    {
      figure: `live heap after forced full GCs over the ${fmt(r.large.mib, 0)} MiB conversion (MiB, 1 run)`,
      agent: `max ${fmt(r.live.max, 1)}; 1st half max ${fmt(r.live.firstHalfMax, 1)}, 2nd half max ${fmt(r.live.secondHalfMax, 1)}`,
      baseline: '',
      ratio: `2nd/1st half ${fmt(r.live.ratio, 2)}`,
    },
  ],
  'opencode-sqlite': (r) =>
    r.sizes.flatMap((size) => {
      const [now, before] = ['node-sqlite3-wasm', 'sql.js'].map((reader) => size.readers[reader]);
      const base = (key, digits) => (before.skipped ? `not run: ${before.skipped}` : `${fmtSummary(before[key], digits)} (sql.js, whole file in memory)`);
      const ratio = (summary) => (summary ? `node-sqlite3-wasm/sql.js ${fmtSummary(summary, 2)}` : '');
      return [
        { figure: `OpenCode: peak RSS converting a ${fmt(size.mib, 0)} MiB opencode.db (MiB)`, agent: fmtSummary(now.peakRssMiB, 1), baseline: base('peakRssMiB', 1), ratio: ratio(size.rssRatio) },
        { figure: `OpenCode: seconds converting a ${fmt(size.mib, 0)} MiB opencode.db (${fmt(now.spans)} spans)`, agent: fmtSummary(now.seconds, 1), baseline: base('seconds', 1), ratio: ratio(size.timeRatio) },
        {
          figure: `OpenCode: the reader alone (events only, no mapper or output), ${fmt(size.mib, 0)} MiB: peak RSS MiB; seconds (1 run)`,
          agent: `${fmt(now.alone.peakRssMiB, 1)}; ${fmt(now.alone.seconds, 1)}`,
          baseline: before.skipped ? '' : `${fmt(before.alone.peakRssMiB, 1)}; ${fmt(before.alone.seconds, 1)} (sql.js)`,
          ratio: '',
        },
      ];
    }),
  'live-overhead': (r) => [
    {
      figure: `live tool call, both sinks (ns/call, wall, until exported; ${fmt(r.calls)} calls/run)`,
      agent: fmtSummary(r.agent.wallNs, 0),
      baseline: `${fmtSummary(r.bare.wallNs, 0)} (bare SDK + BatchSpanProcessor)`,
      ratio: `agent-otel/SDK ${fmtSummary(r.ratio, 2)}`,
    },
    { figure: 'live tool call: CPU ns/call (whole process)', agent: fmtSummary(r.agent.cpuNs, 0), baseline: fmtSummary(r.bare.cpuNs, 0), ratio: fmtSummary(r.cpuRatio, 2) },
    { figure: 'live tool call: ns/call inside the calls (caller-visible)', agent: fmtSummary(r.agent.callNs, 0), baseline: fmtSummary(r.bare.callNs, 0), ratio: '' },
    ...(r.noJournal
      ? [{ figure: 'live tool call without the OTLP pending journal (ns/call, wall)', agent: fmtSummary(r.noJournal.wallNs, 0), baseline: '', ratio: `agent-otel/SDK ${fmtSummary(r.noJournal.ratio, 2)}` }]
      : []),
  ],
  replay: (r) => [
    {
      figure: `replay ${fmt(r.spans)} spans (${fmt(r.mib, 1)} MiB JSONL) into the Collector: spans/s`,
      agent: fmtSummary(r.agentSpansPerSecond, 0),
      baseline: `${fmtSummary(r.receiverSpansPerSecond, 0)} (otlp_json_file receiver)`,
      ratio: `agent-otel/receiver ${fmtSummary(r.ratio, 2)}`,
    },
  ],
  report: (r) => [
    {
      figure: `report ${fmt(r.jsonl.mib, 0)} MiB of JSONL (${fmt(r.jsonl.spans)} spans, --by day): seconds`,
      agent: fmtSummary(r.reportSeconds, 2),
      baseline: `${fmtSummary(r.convertSeconds, 2)} (convert writing it)`,
      ratio: `report/convert ${fmtSummary(r.ratio, 2)}`,
    },
    { figure: 'report: MiB of JSONL/s', agent: fmtSummary(r.reportMibPerSecond, 1), baseline: '', ratio: '' },
    {
      figure: `report peak RSS, ${fmt(r.small.mib, 0)} and ${fmt(r.large.mib, 0)} MiB of JSONL (MiB)`,
      agent: `${fmtSummary(r.small.peakRssMiB, 1)}; ${fmtSummary(r.large.peakRssMiB, 1)}`,
      baseline: '',
      ratio: `large/small ${fmtSummary(r.growth, 2)}`,
    },
  ],
  sustained: (r) => [
    {
      figure: `sustained live load, ${fmt(r.seconds, 0)} s at ${fmt(r.rateAsked)} spans/s asked`,
      agent: `${fmt(r.rateAchieved)} spans/s achieved, ${fmt(r.spans)} spans`,
      baseline: '',
      ratio: '',
    },
    { figure: 'sustained: spans lost (Collector / JSONL)', agent: `${fmt(r.lostAtCollector)} / ${fmt(r.lostInJsonl)}`, baseline: '', ratio: `OTLP leg: ${fmt(r.sinks?.otlp?.dropped ?? 0)} dropped, ${fmt(r.sinks?.otlp?.failed ?? 0)} failed` },
    { figure: 'sustained: RSS MiB first / last / max', agent: `${fmt(r.rssMiB.first, 1)} / ${fmt(r.rssMiB.last, 1)} / ${fmt(r.rssMiB.max, 1)}`, baseline: '', ratio: `2nd/1st half max ${fmt(r.rssMiB.secondHalfMax / r.rssMiB.firstHalfMax, 2)}` },
  ],
};

/** `met`, or by how much it is missed. */
export function verdict(t) {
  if (t.met) return 'met';
  if (t.limit === 0) return `MISSED by ${fmt(t.value, 0)}`;
  if (t.better === 'higher') return `MISSED: ${fmt((100 * t.value) / t.limit, 0)}% of the target`;
  return `MISSED: ${fmt(t.value / t.limit, 2)}x the limit`;
}

export function fmtTarget(t) {
  const digits = Math.abs(t.value) >= 100 ? 0 : 2;
  return `${t.description}: ${fmt(t.value, digits)} (target ${t.better === 'higher' ? '>=' : '<='} ${fmt(t.limit, t.limit >= 100 ? 0 : 2)})`;
}
