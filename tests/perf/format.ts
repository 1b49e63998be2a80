/** The figures table as plain text: one row per figure, grouped in sections, then the notes. */
import { KB, headroom, verdict, type Figure, type Limit, type Unit } from './budgets.ts';

/** A titled group of rows. */
export interface Section {
  title: string;
  figures: readonly Figure[];
}

/** A value in its unit, the way a reader of the table expects it. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'score':
    case 'count':
      return String(Math.round(value));
    case 'ms':
      return `${value < 100 ? value.toFixed(1) : Math.round(value)} ms`;
    case 'bytes':
      return `${(value / KB).toFixed(1)} KB`;
    case 'shift':
      return value.toFixed(3);
  }
}

/** A budget as it reads in the table: "≥ 95", "= 100", "≤ 20.0 KB", "= 0". */
export function formatLimit(limit: Limit | null, unit: Unit): string {
  if (!limit) return '—';
  const exact =
    (limit.comparison === 'atLeast' && unit === 'score' && limit.value === 100) ||
    (limit.comparison === 'atMost' && limit.value === 0);
  const sign = exact ? '=' : limit.comparison === 'atLeast' ? '≥' : '≤';
  return `${sign} ${formatValue(limit.value, unit)}`;
}

/** The cells of one row: figure, median, min–max, budget, verdict, headroom. */
export function formatRow(figure: Figure): string[] {
  const { name, unit, limit, outcome } = figure;
  const budget = formatLimit(limit, unit);
  const result = verdict(figure);
  if ('error' in outcome) {
    const short =
      outcome.error.length > MAX_ERROR
        ? `${outcome.error.slice(0, MAX_ERROR - 1)}…`
        : outcome.error;
    return [name, `error: ${short}`, '', budget, result, ''];
  }
  if ('skipped' in outcome) return [name, outcome.skipped, '', budget, result, ''];
  const { median, min, max, runs } = outcome.spread;
  const range =
    runs > 1 ? `${formatValue(min, unit)} – ${formatValue(max, unit)} (${runs} runs)` : '';
  const room = headroom(figure);
  const margin =
    room === null ? '' : `${room >= 0 ? '+' : '−'}${Math.abs(room * 100).toFixed(0)} %`;
  return [name, formatValue(median, unit), range, budget, result, margin];
}

/** Longest error text in a cell; the whole of it goes to the notes. */
const MAX_ERROR = 48;

const HEADER = ['Figure', 'Median', 'Min – max', 'Budget', 'Result', 'Headroom'];
/** Columns printed flush right (numbers). */
const RIGHT = new Set([1, 5]);

/** The whole table, sections separated by their titles, with each figure's notes after it. */
export function renderTable(sections: readonly Section[]): string {
  const indent = (cells: string[]) => cells.map((c, i) => (i === 0 ? `  ${c}` : c));
  const rows = sections.flatMap((s) => s.figures.map((f) => indent(formatRow(f))));
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return RIGHT.has(i) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [line(HEADER), rule];
  for (const section of sections) {
    out.push(section.title);
    for (const figure of section.figures) out.push(line(indent(formatRow(figure))));
  }
  out.push(rule);
  const notesOf = (f: Figure) => [
    ...('error' in f.outcome && f.outcome.error.length > MAX_ERROR
      ? [`error: ${f.outcome.error}`]
      : []),
    ...(f.notes ?? []),
  ];
  const noted = sections.flatMap((s) => s.figures).filter((f) => notesOf(f).length);
  if (noted.length) {
    out.push('', 'Notes');
    for (const figure of noted) {
      out.push(`${figure.name}:`);
      for (const note of notesOf(figure)) out.push(`  - ${note}`);
    }
  }
  return out.join('\n');
}
