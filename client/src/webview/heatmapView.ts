/**
 * Draws a family's host × dopant heatmap (results/heatmapData.ts) as a table: one cell per pair,
 * coloured on a two-colour theme scale from the best to the worst value, the value written in it;
 * a click (or Enter) on a cell reveals the member it shows.
 */
import { num } from '../../../report/src/numbers';
import { colourPosition, HEATMAP_METRICS, type Heatmap, type HeatmapMetric } from '../results/heatmapData';

export function drawHeatmap(table: HTMLTableElement, map: Heatmap, metric: HeatmapMetric, colours: { best: string; worst: string }, reveal: (row: number) => void): void {
  const info = HEATMAP_METRICS.find((m) => m.id === metric)!;
  const head = document.createElement('tr');
  const corner = document.createElement('th');
  corner.textContent = 'host \\ dopant';
  head.append(corner);
  for (const d of map.dopants) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = d;
    head.append(th);
  }
  const rows = map.hosts.map((host, h) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = host;
    tr.append(th);
    map.dopants.forEach((dopant, d) => {
      const td = document.createElement('td');
      const cell = map.cells[h][d];
      if (cell && map.range) {
        td.textContent = num(cell.value, 2);
        td.title = `${host} host, ${dopant} dopant: ${info.best} ${info.label} ${num(cell.value, 3)} ${info.unit} of ${cell.members} member${cell.members === 1 ? '' : 's'}. Click to reveal it.`;
        td.tabIndex = 0;
        td.classList.add('cell');
        // CSSOM, not a style attribute: allowed by the page's CSP.
        td.style.backgroundColor = `color-mix(in srgb, ${colours.worst} ${Math.round(colourPosition(cell.value, map.range, metric) * 100)}%, ${colours.best})`;
        const open = () => reveal(cell.row);
        td.addEventListener('click', open);
        td.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            open();
          }
        });
      } else {
        td.textContent = '—';
        td.title = 'no member with a value';
      }
      tr.append(td);
    });
    return tr;
  });
  table.replaceChildren(head, ...rows);
}
