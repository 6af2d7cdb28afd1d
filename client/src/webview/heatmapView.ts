/**
 * Draws a family's host × dopant heatmap (results/heatmapData.ts) as a table: one cell per pair,
 * coloured on a two-colour theme scale from the best to the worst value, the value written in it
 * in whichever text colour reads on that fill (4.5:1 at least: the theme's editor foreground or
 * background where one reaches it, else black or white); a click (or Enter) on a cell reveals the
 * member it shows. High-contrast themes get no fills (the theme's own colours only, each cell
 * framed in its contrast border): the value is written in every cell.
 */
import { num } from '../../../report/src/numbers';
import { cssColour, mix, over, parseColour, textOn } from '../results/contrast';
import { colourPosition, HEATMAP_METRICS, type Heatmap, type HeatmapMetric } from '../results/heatmapData';

export interface HeatmapColours {
  best: string;
  worst: string;
  /** The editor's text and background colours: text candidates, and what a translucent fill lies on. */
  foreground: string;
  background: string;
  /** A high-contrast theme: cells are framed, not filled. */
  highContrast: boolean;
}

export function drawHeatmap(table: HTMLTableElement, map: Heatmap, metric: HeatmapMetric, colours: HeatmapColours, reveal: (row: number) => void): void {
  const background = parseColour(colours.background);
  const ground = background ? over(background, { r: 255, g: 255, b: 255, a: 1 }) : undefined;
  const [best, worst] = [colours.best, colours.worst].map((c) => {
    const parsed = parseColour(c);
    return parsed && ground ? over(parsed, ground) : undefined;
  });
  const foreground = parseColour(colours.foreground);
  const filled = !colours.highContrast && best !== undefined && worst !== undefined && ground !== undefined;
  table.classList.toggle('framed', !filled);
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
        if (filled) {
          const fill = mix(worst!, best!, colourPosition(cell.value, map.range, metric));
          // CSSOM, not a style attribute: allowed by the page's CSP.
          td.style.backgroundColor = cssColour(fill);
          td.style.color = cssColour(textOn(fill, [foreground && over(foreground, ground!), ground!].filter((c) => c !== undefined)));
        }
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
