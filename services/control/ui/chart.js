// A small dependency-free SVG line chart: numeric y axis from 0, time x axis, a legend.

import { fmtCompact, fmtNum } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(key === 'testid' ? 'data-testid' : key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Round tick values covering [0, max]: about `count` ticks at 1/2/2.5/5 × 10^n steps. */
export function niceTicks(max, count = 5) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const factors = raw < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]; // no 2.5 steps for small counts
  const step = Math.max(1, factors.map((m) => m * mag).find((st) => st >= raw) ?? 10 * mag);
  const ticks = [];
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  SEC,
  2 * SEC,
  5 * SEC,
  10 * SEC,
  15 * SEC,
  30 * SEC,
  MIN,
  2 * MIN,
  5 * MIN,
  10 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

/** Tick instants within [min, max] at a round step, at most `count` + 1 of them. */
export function timeTicks(min, max, count = 5) {
  const span = max - min;
  const step = TIME_STEPS.find((st) => span / st <= count) ?? Math.ceil(span / count / DAY) * DAY;
  // Align on local-time boundaries (so "14:05" rather than "14:04:37").
  const offset = new Date(min).getTimezoneOffset() * MIN;
  const first = Math.ceil((min - offset) / step) * step + offset;
  const ticks = [];
  for (let t = first; t <= max; t += step) ticks.push(t);
  return { ticks, step };
}

const pad = (n) => String(n).padStart(2, '0');

function timeLabel(t, step, span) {
  const d = new Date(t);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (span >= DAY) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
  return step < MIN ? `${hm}:${pad(d.getSeconds())}` : hm;
}

/**
 * series: [{ key, label, points: [{ t: epoch ms, y: number }] }]  (colour/dash come from CSS
 * `.series-<key>`). Returns an <svg> that scales to its container's width.
 */
export function lineChart({ series, title, testid, width = 760, height = 280 }) {
  const margin = { top: 34, right: 20, bottom: 34, left: 58 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const all = series.flatMap((se) => se.points);
  const titleId = `chart-title-${Math.random().toString(36).slice(2, 8)}`;
  const descId = `${titleId}-desc`;
  const last = (se) => se.points[se.points.length - 1]?.y;
  const desc = all.length
    ? `Records over time. Latest: ${series.map((se) => `${se.label} ${fmtNum(last(se) ?? 0)}`).join(', ')}.`
    : 'No timeline data yet.';

  const svg = s('svg', {
    xmlns: NS,
    class: 'chart',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-labelledby': `${titleId} ${descId}`,
    testid,
  });
  svg.appendChild(s('title', { id: titleId }, title));
  svg.appendChild(s('desc', { id: descId }, desc));

  // Legend (top left, above the plot).
  const legend = s('g', { class: 'chart-legend', transform: `translate(${margin.left}, 14)` });
  series.forEach((se, i) => {
    const x = i * 120;
    legend.appendChild(
      s(
        'g',
        { class: `legend-item series-${se.key}`, testid: testid ? `${testid}-legend-${se.key}` : null },
        s('line', { x1: x, y1: 0, x2: x + 22, y2: 0, class: 'series-line' }),
        s('text', { x: x + 28, y: 4, class: 'legend-label' }, se.label),
      ),
    );
  });
  svg.appendChild(legend);

  const plot = s('g', { transform: `translate(${margin.left}, ${margin.top})` });
  svg.appendChild(plot);

  if (all.length === 0) {
    plot.appendChild(s('rect', { x: 0, y: 0, width: plotW, height: plotH, class: 'chart-empty-bg' }));
    plot.appendChild(
      s('text', { x: plotW / 2, y: plotH / 2, class: 'chart-empty', 'text-anchor': 'middle' }, 'No data yet'),
    );
    return svg;
  }

  let tMin = Math.min(...all.map((p) => p.t));
  let tMax = Math.max(...all.map((p) => p.t));
  if (tMax - tMin < SEC) {
    tMin -= 30 * SEC;
    tMax += 30 * SEC;
  }
  const yTicks = niceTicks(Math.max(...all.map((p) => p.y), 0));
  const yMax = yTicks[yTicks.length - 1] || 1;
  const x = (t) => ((t - tMin) / (tMax - tMin)) * plotW;
  const y = (v) => plotH - (v / yMax) * plotH;

  // Y grid + labels.
  const yAxis = s('g', { class: 'axis axis-y' });
  for (const v of yTicks) {
    yAxis.appendChild(
      s('line', { x1: 0, x2: plotW, y1: y(v), y2: y(v), class: v === 0 ? 'axis-line' : 'grid' }),
    );
    yAxis.appendChild(s('text', { x: -8, y: y(v) + 4, 'text-anchor': 'end' }, fmtCompact(v)));
  }
  plot.appendChild(yAxis);

  // X axis ticks + labels.
  const { ticks, step } = timeTicks(tMin, tMax, 7);
  const xAxis = s('g', { class: 'axis axis-x' });
  xAxis.appendChild(s('line', { x1: 0, x2: 0, y1: 0, y2: plotH, class: 'axis-line' }));
  for (const t of ticks) {
    xAxis.appendChild(s('line', { x1: x(t), x2: x(t), y1: plotH, y2: plotH + 5, class: 'axis-line' }));
    xAxis.appendChild(
      s('text', { x: x(t), y: plotH + 18, 'text-anchor': 'middle' }, timeLabel(t, step, tMax - tMin)),
    );
  }
  plot.appendChild(xAxis);

  // Series.
  for (const se of series) {
    if (se.points.length === 0) continue;
    const pts = [...se.points].sort((a, b) => a.t - b.t);
    const d = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
    const g = s('g', { class: `series series-${se.key}` });
    g.appendChild(s('path', { d, class: 'series-line', 'data-series': se.key }));
    const marks = pts.length <= 15 ? pts : [pts[pts.length - 1]];
    for (const p of marks) {
      g.appendChild(
        s(
          'circle',
          { cx: x(p.t).toFixed(1), cy: y(p.y).toFixed(1), r: 2.5, class: 'series-dot' },
          s('title', {}, `${se.label}: ${fmtNum(p.y)} at ${new Date(p.t).toLocaleTimeString()}`),
        ),
      );
    }
    plot.appendChild(g);
  }
  return svg;
}
