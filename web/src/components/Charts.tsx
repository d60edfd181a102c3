// The dashboard's charts, drawn by uPlot (a small canvas chart library):
// a trend line of four periods per indicator and horizontal bars comparing
// the child units.  This module is loaded only when the dashboard opens
// (import() in Dashboard.tsx), so uPlot is not part of the first page load.
// uPlot sizes its elements through the CSSOM (el.style.width = …), which
// the server's CSP allows; it writes no style attributes or <style> tags.
// Every chart carries a text alternative: the numbers are in the table
// beside it too.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

// The system fonts of styles.css (they cover Vietnamese).
const FONT_STACK = '"Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", "DejaVu Sans", Arial, sans-serif';
const FONT = `12px ${FONT_STACK}`;
const BRAND = '#0d4a7a';
const MUTED = '#5a6a7a';
const GRID = '#e6ebf1';
const TARGET = '#6b4700';
// The status colours of indicators.css (.ind-status-*), for canvas.
export const STATUS_COLOURS: Record<string, string> = {
  on_track: '#1f8a4c', at_risk: '#d29a0b', off_track: '#c4372c', no_target: '#98a4b0',
};

function dashedLine(u: uPlot, value: number, colour: string) {
  const ctx = u.ctx;
  const y = Math.round(u.valToPos(value, 'y', true));
  ctx.save();
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.strokeStyle = colour;
  ctx.lineWidth = devicePixelRatio;
  ctx.beginPath();
  ctx.moveTo(u.bbox.left, y);
  ctx.lineTo(u.bbox.left + u.bbox.width, y);
  ctx.stroke();
  ctx.restore();
}

interface SparkProps {
  values: (number | null)[];
  target: number | null;
  label: string;           // the text alternative: every period and value
  testid?: string;
}

// Four periods as a line with points; the target as a dashed line.
export function Sparkline({ values, target, label, testid }: SparkProps) {
  const ref = useRef<HTMLDivElement>(null);
  const key = JSON.stringify([values, target]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const nums = values.filter((v): v is number => v !== null);
    const lo = Math.min(0, ...nums);
    const hi = Math.max(1, target ?? 0, ...nums);
    const u = new uPlot({
      width: 132,
      height: 40,
      padding: [5, 4, 5, 4],
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: [-0.2, values.length - 0.8] },
        y: { range: [lo, hi + (hi - lo) * 0.08] },
      },
      axes: [{ show: false }, { show: false }],
      series: [{}, { stroke: BRAND, width: 2, points: { show: true, size: 6, width: 1, fill: BRAND, stroke: BRAND } }],
      hooks: { drawClear: [(p) => { if (target !== null) dashedLine(p, target, MUTED); }] },
    }, [values.map((_, i) => i), values], el);
    return () => u.destroy();
  }, [key]);
  return <div ref={ref} class="spark" role="img" aria-label={label} data-testid={testid} />;
}

export interface BarRow {
  name: string;
  value: number | null;    // null: no bar (unknown or hidden)
  text: string;            // the value as written at the bar's end
  status: string;
}

interface BarsProps {
  rows: BarRow[];
  max?: number;            // the scale's end (100 for percents)
  reference?: { value: number; text: string } | null;   // the parent unit's own value
  target?: number | null;  // the parent unit's target
  label: string;
  testid?: string;
}

const ROW_PX = 30;

function truncate(ctx: CanvasRenderingContext2D, s: string, px: number): string {
  if (ctx.measureText(s).width <= px) return s;
  let n = s.length;
  while (n > 1 && ctx.measureText(`${s.slice(0, n)}…`).width > px) n--;
  return `${s.slice(0, n)}…`;
}

// One horizontal bar per child unit, coloured by status, in the order given
// (the table's sort), the value written at its end; the parent's own value
// as a dashed line, its target as a solid one.
export function ChildBars({ rows, max, reference, target, label, testid }: BarsProps) {
  const ref = useRef<HTMLDivElement>(null);
  const key = JSON.stringify([rows, max, reference, target]);
  useEffect(() => {
    const el = ref.current;
    if (!el || rows.length === 0) return;
    const n = rows.length;
    const measure = document.createElement('canvas').getContext('2d')!;
    measure.font = FONT;
    const widthOf = () => Math.max(240, el.clientWidth);
    const nameRoom = () => Math.min(Math.round(widthOf() * 0.4), 180);
    const names = () => rows.map((r) => truncate(measure, r.name, nameRoom() - 12));
    const nums = rows.map((r) => r.value).filter((v): v is number => v !== null);
    const top = max ?? Math.max(1, reference?.value ?? 0, target ?? 0, ...nums) * 1.15;
    const statuses = ['on_track', 'at_risk', 'off_track', 'no_target'];
    // One series per status, so that each bar has its status's colour.
    const series = statuses.map((s) => rows.map((r) => ((r.status === s || (s === 'no_target' && !statuses.includes(r.status))) ? r.value : null)));
    const u = new uPlot({
      width: widthOf(),
      height: n * ROW_PX + 44,
      padding: [8, 60, 0, 0],
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, ori: 1, dir: -1, range: [-0.5, n - 0.5] },
        y: { ori: 0, dir: 1, range: [0, top] },
      },
      axes: [
        {
          scale: 'x', side: 3, font: FONT, stroke: '#1b2733', size: nameRoom, gap: 10,
          grid: { show: false }, ticks: { show: false },
          splits: () => rows.map((_, i) => i),
          values: () => names(),
        },
        {
          scale: 'y', side: 2, font: FONT, stroke: MUTED, size: 30, space: 70,
          grid: { stroke: GRID, width: 1 }, ticks: { show: false },
          values: (_u, splits) => splits.map((v) => (max === 100 ? `${v}%` : String(v))),
        },
      ],
      series: [{}, ...statuses.map((s) => ({
        fill: STATUS_COLOURS[s], stroke: STATUS_COLOURS[s], width: 0,
        paths: uPlot.paths.bars!({ size: [0.66, 22] }), points: { show: false },
      }))],
      hooks: {
        draw: [(p) => {
          const ctx = p.ctx;
          if (target !== null && target !== undefined) lineX(p, target, TARGET, []);
          if (reference) lineX(p, reference.value, BRAND, [5, 4]);
          ctx.save();
          ctx.font = `${12 * devicePixelRatio}px ${FONT_STACK}`;
          ctx.fillStyle = '#1b2733';
          ctx.textBaseline = 'middle';
          ctx.textAlign = 'left';
          rows.forEach((r, i) => {
            const y = p.valToPos(i, 'x', true);
            const x = p.valToPos(r.value ?? 0, 'y', true);
            ctx.fillText(r.text, x + 6 * devicePixelRatio, y);
          });
          ctx.restore();
        }],
      },
    }, [rows.map((_, i) => i), ...series], el);
    const ro = new ResizeObserver(() => {
      if (Math.abs(u.width - widthOf()) > 2) u.setSize({ width: widthOf(), height: n * ROW_PX + 44 });
    });
    ro.observe(el);
    return () => { ro.disconnect(); u.destroy(); };
  }, [key]);
  return <div ref={ref} class="child-bars" role="img" aria-label={label} data-testid={testid} />;
}

// A vertical line at a value of the horizontal (y) scale; dash in CSS pixels.
function lineX(u: uPlot, value: number, colour: string, dash: number[]) {
  const ctx = u.ctx;
  const x = Math.round(u.valToPos(value, 'y', true));
  ctx.save();
  ctx.setLineDash(dash.map((d) => d * devicePixelRatio));
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2 * devicePixelRatio;
  ctx.beginPath();
  ctx.moveTo(x, u.bbox.top);
  ctx.lineTo(x, u.bbox.top + u.bbox.height);
  ctx.stroke();
  ctx.restore();
}
