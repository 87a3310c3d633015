/**
 * A horizontal bar chart (Chart.js, only the parts used, so the bundle stays small) with the same figures as
 * a table for screen readers and for copying.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n';
import { LINE_CHARS, wrapLabel } from './format';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
// Chart.js draws its labels light grey at 12 px: the page's ink and body size keep them readable.
Chart.defaults.color = '#1b1f24';
Chart.defaults.font.size = 13;

export interface Bar {
  label: string;
  value: number;
}

export function BarChart({ title, bars, valueLabel }: { title: string; bars: Bar[]; valueLabel: string }) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  // All zero (e.g. median days of cases registered today) draws a bare frame too: nothing to compare.
  const empty = bars.every((b) => b.value === 0);
  useEffect(() => {
    if (!canvas.current || empty) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: bars.map((b) => b.label),
        datasets: [{ label: valueLabel, data: bars.map((b) => b.value), backgroundColor: '#1d5fa8' }],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { ticks: { callback: (_value, index) => wrapLabel(bars[index]?.label ?? '') } },
        },
      },
    });
    return () => chart.destroy();
  }, [JSON.stringify(bars), valueLabel]);
  // An empty frame would read as "zero everywhere": say there is nothing to draw instead.
  if (empty) return <p class="empty no-data">{t.stats.noData}</p>;
  const wraps = bars.some((b) => b.label.length > LINE_CHARS);
  const height = Math.max(120, bars.length * (wraps ? 40 : 28) + 40);
  return (
    <figure class="chart">
      <div style={{ height: `${height}px` }} class="chart-box">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}`}
        />
      </div>
      <details>
        <summary>
          {title} — {t.common.asTable}
        </summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{title}</th>
              <th scope="col">{valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <td>{b.label}</td>
                <td class="num">{b.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
