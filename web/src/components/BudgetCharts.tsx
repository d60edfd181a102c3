// The budget summary's chart: per year, the estimate, the allocation and
// the spending side by side (uPlot for the scales and axes; the grouped
// bars drawn in its draw hook).  Loaded with import() when the summary
// view opens (BudgetViews.tsx), so uPlot stays out of the first page load;
// it shares uPlot's chunk with the dashboard's Charts.tsx.  The legend is
// HTML (colours from budget.css classes: the CSP forbids style
// attributes); the numbers are in the table beside the chart too.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const FONT_STACK = '"Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", "DejaVu Sans", Arial, sans-serif';
const FONT = `12px ${FONT_STACK}`;
const MUTED = '#5a6a7a';
const GRID = '#e6ebf1';
// The same colours as .b-key-* in budget.css.
const COLOURS: Record<string, string> = { estimate: '#0d4a7a', allocated: '#6aa6d8', spent: '#e0912b', over: '#c4372c' };

export interface YearSeries { label: string; values: number[]; kind: 'estimate' | 'allocated' | 'spent' }

// overLabel: the key of the red bars (spending above the allocation), when there are any.
export function YearBars({ years, series, format, label, overLabel, testid }: {
  years: string[]; series: YearSeries[]; format: (v: number) => string; label: string; overLabel?: string | null; testid?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const key = JSON.stringify([years, series]);
  useEffect(() => {
    const el = ref.current;
    if (!el || years.length === 0) return;
    const n = years.length;
    const top = Math.max(1, ...series.flatMap((s) => s.values)) * 1.1;
    const widthOf = () => Math.max(260, el.clientWidth);
    const allocated = series.find((s) => s.kind === 'allocated');
    const u = new uPlot({
      width: widthOf(),
      height: 260,
      padding: [12, 12, 0, 4],
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, n - 0.5] }, y: { range: [0, top] } },
      axes: [
        { font: FONT, stroke: '#1b2733', grid: { show: false }, ticks: { show: false }, splits: () => years.map((_, i) => i), values: () => years },
        { font: FONT, stroke: MUTED, size: 70, grid: { stroke: GRID, width: 1 }, ticks: { show: false }, values: (_u, splits) => splits.map(format) },
      ],
      series: [{}, ...series.map(() => ({ paths: () => null, points: { show: false } }))],
      hooks: {
        draw: [(p) => {
          const ctx = p.ctx;
          const slot = (p.valToPos(1, 'x', true) - p.valToPos(0, 'x', true)) || p.bbox.width;
          const bar = Math.min(48 * devicePixelRatio, (slot * 0.8) / series.length);
          const base = p.valToPos(0, 'y', true);
          ctx.save();
          series.forEach((s, k) => {
            s.values.forEach((v, i) => {
              const x = p.valToPos(i, 'x', true) + (k - (series.length - 1) / 2) * bar - bar / 2;
              const y = p.valToPos(v, 'y', true);
              const over = s.kind === 'spent' && allocated && v > allocated.values[i];
              ctx.fillStyle = COLOURS[over ? 'over' : s.kind];
              ctx.fillRect(Math.round(x + devicePixelRatio), Math.round(y), Math.round(bar - 2 * devicePixelRatio), Math.round(base - y));
            });
          });
          ctx.restore();
        }],
      },
    }, [years.map((_, i) => i), ...series.map((s) => s.values)], el);
    const ro = new ResizeObserver(() => {
      if (Math.abs(u.width - widthOf()) > 2) u.setSize({ width: widthOf(), height: 260 });
    });
    ro.observe(el);
    return () => { ro.disconnect(); u.destroy(); };
  }, [key]);
  return (
    <figure class="budget-chart" data-testid={testid}>
      <div ref={ref} class="budget-chart-canvas" role="img" aria-label={label} />
      <figcaption class="budget-chart-keys">
        {series.map((s) => <span key={s.kind} class="b-key"><span class={`b-key-swatch b-key-${s.kind}`} aria-hidden="true" />{s.label}</span>)}
        {overLabel && <span class="b-key"><span class="b-key-swatch b-key-over" aria-hidden="true" />{overLabel}</span>}
      </figcaption>
    </figure>
  );
}
