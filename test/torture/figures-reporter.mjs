// A jest reporter (beside 'default' in jest.config.js) that prints the torture scenarios' figures as one table at the
// end of the run. The scenarios append them to .data/torture-figures.jsonl (test/torture/figures.ts) from whichever
// worker ran them; the file is emptied when a run starts, and a run with no torture spec prints nothing.
import fs from 'node:fs';
import path from 'node:path';

export default class TortureFiguresReporter {
  constructor(globalConfig) {
    this.file = path.join(globalConfig.rootDir, '.data', 'torture-figures.jsonl');
  }

  onRunStart() {
    fs.rmSync(this.file, { force: true });
  }

  onRunComplete() {
    if (!fs.existsSync(this.file)) return;
    const figures = fs
      .readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    if (figures.length === 0) return;
    const scale = process.env.TORTURE === 'full' ? 'full' : 'short';
    process.stdout.write(`\nTorture figures (${scale} scale; TORTURE=full npm run test:torture for the full one)\n${table(figures)}\n`);
  }
}

/** Scenario by scenario in the order they first reported, each figure in the order it was recorded. */
function table(figures) {
  const scenarios = [...new Set(figures.map((figure) => figure.scenario))];
  const rows = scenarios.flatMap((scenario) =>
    figures.filter((figure) => figure.scenario === scenario).map((figure, index) => [index === 0 ? scenario : '', figure.name, String(figure.value)]),
  );
  const header = ['scenario', 'figure', 'value'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  const body = [];
  rows.forEach((row, index) => {
    if (index > 0 && row[0]) body.push(rule);
    body.push(line(row));
  });
  return [line(header), rule, ...body].join('\n');
}
