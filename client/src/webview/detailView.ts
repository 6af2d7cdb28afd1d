/**
 * Draws the recipe detail view (results/detailModel.ts): prediction beside the reference energy,
 * the model's terms, the per-descriptor attribution as signed bars, and the generated core in 3D.
 */
import type { DetailLine, DetailModel } from '../results/detailModel';
import { themeColor } from './charts';
import { CORE_KEYS, CoreView } from './coreView';

let core: CoreView | undefined;

export function drawDetail(container: HTMLElement, model: DetailModel): void {
  clearDetail(container);
  const title = document.createElement('h2');
  title.textContent = model.recipe;
  // Focused when the detail arrives (results.ts), so a screen reader says which recipe it is.
  title.tabIndex = -1;
  const file = paragraph(model.file, 'note');

  const energy = section('Prediction and reference', lines(model.energy));
  if (model.referenceOutside) energy.append(paragraph('The reference lies outside the interval: the model misses this recipe by more than its stated uncertainty.', 'warning'));

  const terms = section('Terms of the prediction (they add up to E_form)', model.terms.length ? lines(model.terms) : paragraph('The model exposes no terms for this prediction.', 'note'));

  let attribution: HTMLElement;
  if ('unavailable' in model.attribution) {
    attribution = section('Attribution', paragraph(`No attribution: ${model.attribution.unavailable}.`, 'note'));
  } else {
    const list = document.createElement('div');
    list.className = 'bars';
    for (const bar of model.attribution.bars) {
      const label = document.createElement('span');
      label.textContent = bar.name;
      label.title = bar.title;
      const track = document.createElement('span');
      track.className = 'track';
      const fill = document.createElement('span');
      fill.className = bar.value >= 0 ? 'bar up' : 'bar down';
      fill.style.width = `${(bar.fraction * 50).toFixed(1)}%`; // CSSOM: allowed by the CSP
      track.append(fill);
      const value = document.createElement('span');
      value.className = 'num';
      value.textContent = bar.text;
      list.append(label, track, value);
    }
    attribution = section('Attribution per descriptor (raises E_form → right, lowers it ← left)', list, paragraph(model.attribution.note, 'note'));
  }

  const view = section('Generated core');
  if ('unavailable' in model.core) {
    view.append(paragraph(`No 3D view: ${model.core.unavailable}.`, 'note'));
  } else {
    const canvas = document.createElement('canvas');
    canvas.id = 'core-3d';
    canvas.className = 'core';
    canvas.setAttribute('role', 'img');
    // A tab stop of its own (keys turn it; Tab moves on, it traps nothing).
    canvas.tabIndex = 0;
    canvas.setAttribute('aria-label', `${model.core.elements.length}-atom core of ${model.recipe}, ${model.dopant} dopant sites highlighted. ${CORE_KEYS}`);
    const legend = paragraph(`${model.core.elements.length} atoms: ${model.host} translucent, ${model.dopant} (dopant sites) solid. ${model.core.origin}. Drag to rotate, scroll to zoom; or focus the view and ${CORE_KEYS.charAt(0).toLowerCase()}${CORE_KEYS.slice(1)}`, 'note');
    view.append(canvas, legend);
    container.replaceChildren(title, file, energy, terms, attribution, view);
    try {
      core = CoreView.draw(canvas, model.core, model.dopant, {
        host: themeColor('--vscode-charts-yellow', '--vscode-foreground'),
        dopant: themeColor('--vscode-charts-blue', '--vscode-foreground'),
        bond: themeColor('--vscode-descriptionForeground', '--vscode-foreground'),
        background: themeColor('--vscode-editor-background', '--vscode-sideBar-background') || '#000',
      });
    } catch (error) {
      canvas.remove();
      view.append(paragraph(`No 3D view: WebGL is not available here (${error instanceof Error ? error.message : String(error)}).`, 'note'));
    }
    return;
  }
  container.replaceChildren(title, file, energy, terms, attribution, view);
}

/** Empties the view, giving back the 3D view's WebGL context. */
export function clearDetail(container: HTMLElement): void {
  core?.dispose();
  core = undefined;
  container.replaceChildren();
}

function section(heading: string, ...children: Node[]): HTMLElement {
  const s = document.createElement('section');
  const h = document.createElement('h3');
  h.textContent = heading;
  s.append(h, ...children);
  return s;
}

function lines(items: DetailLine[]): HTMLElement {
  const table = document.createElement('table');
  table.className = 'lines';
  for (const item of items) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = item.label;
    const td = document.createElement('td');
    td.className = 'num';
    td.textContent = item.value;
    td.title = item.title;
    tr.append(th, td);
    table.append(tr);
  }
  return table;
}

function paragraph(text: string, className: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}
