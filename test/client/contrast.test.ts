/**
 * The panel's colour arithmetic (client/src/results/contrast.ts) on the four default themes' own
 * colours (as VS Code 1.10x sets them): heatmap text reads at 4.5:1 on every fill, and the
 * out-of-domain markers are opaque with an outline at 3:1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { contrast, markerColours, mix, over, parseColour, textOn, WHITE } from '../../client/src/results/contrast';

/** The variables that matter here, per default theme. */
export const THEMES = {
  'Dark Modern': { background: '#1f1f1f', foreground: '#cccccc', green: '#89d185', red: '#f14c4c', orange: 'rgba(234, 92, 0, 0.33)' },
  'Light Modern': { background: '#ffffff', foreground: '#3b3b3b', green: '#388a34', red: '#e51400', orange: 'rgba(234, 92, 0, 0.33)' },
  'High Contrast': { background: '#000000', foreground: '#ffffff', green: '#89d185', red: '#f48771', orange: '#ffd370' },
  'High Contrast Light': { background: '#ffffff', foreground: '#292929', green: '#374e06', red: '#b5200d', orange: '#895503' },
} as const;

const colour = (text: string) => {
  const c = parseColour(text);
  assert.ok(c, text);
  return c;
};

test('colours parse from hex and rgb()/rgba() text', () => {
  assert.deepEqual(parseColour('#f85149'), { r: 248, g: 81, b: 73, a: 1 });
  assert.deepEqual(parseColour('#fff'), { r: 255, g: 255, b: 255, a: 1 });
  assert.deepEqual(parseColour('rgba(234, 92, 0, 0.33)'), { r: 234, g: 92, b: 0, a: 0.33 });
  assert.deepEqual(parseColour('rgb(1 2 3 / 50%)'), { r: 1, g: 2, b: 3, a: 0.5 });
  assert.equal(parseColour('color-mix(in srgb, red, blue)'), undefined);
  assert.equal(contrast(colour('#000'), WHITE), 21);
});

test('heatmap text reaches 4.5:1 on every fill of the green–red scale, in every theme', () => {
  for (const [name, t] of Object.entries(THEMES)) {
    const [bg, fg, green, red] = [t.background, t.foreground, t.green, t.red].map(colour);
    for (let p = 0; p <= 1; p += 0.05) {
      const fill = mix(red, green, p);
      const text = textOn(fill, [fg, bg]);
      assert.ok(contrast(text, fill) >= 4.5, `${name} at ${p.toFixed(2)}: ${contrast(text, fill).toFixed(2)}:1`);
    }
  }
});

test('text on any opaque fill reaches 4.5:1 (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (r, g, b) => {
      const fill = { r, g, b, a: 1 };
      assert.ok(contrast(textOn(fill, [colour('#cccccc'), colour('#1f1f1f')]), fill) >= 4.5);
    }),
  );
});

test('out-of-domain markers: an opaque fill and an outline at 3:1 off the background, in every theme', () => {
  for (const [name, t] of Object.entries(THEMES)) {
    const { fill, outline } = markerColours(t.orange, t.foreground, t.background);
    const bg = colour(t.background);
    assert.equal(colour(fill).a, 1, `${name}: ${fill}`);
    assert.ok(contrast(colour(outline), bg) >= 3, `${name}: outline ${outline}`);
  }
  // Modern's 33 % orange becomes the full orange, not a faint one.
  assert.equal(markerColours('rgba(234, 92, 0, 0.33)', '#cccccc', '#1f1f1f').fill, 'rgb(234, 92, 0)');
  // A foreground too close to the background gives way to black or white.
  const { outline } = markerColours('#ea5c00', '#333333', '#1f1f1f');
  assert.ok(contrast(colour(outline), over(colour('#1f1f1f'), WHITE)) >= 3);
});
