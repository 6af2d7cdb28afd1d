import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_COVERAGE, DEFAULT_MAX_FAMILY_SIZE, DEFAULT_PHI_THRESHOLD } from '../../pipeline/src/index';
import { DEFAULT_SETTINGS, overrideSettings, readSettings, scoringSettingsChanged, SETTING_BOUNDS } from '../../report/src/settings';

test('readSettings takes the VS Code section shape, nested keys included', () => {
  const settings = readSettings({ coverage: 0.8, phiThreshold: -0.5, maxFamilySize: 500, inlayHints: { enabled: false }, codeLens: { enabled: false }, calibration: { enabled: false } });
  assert.deepEqual(settings, { coverage: 0.8, phiThreshold: -0.5, maxFamilySize: 500, inlayHintsEnabled: false, codeLensEnabled: false, calibrationEnabled: false });
});

test('readSettings falls back to defaults for missing or out-of-range values', () => {
  assert.deepEqual(readSettings(undefined), DEFAULT_SETTINGS);
  const settings = readSettings({ coverage: 1.5, phiThreshold: 'low', maxFamilySize: -3, inlayHints: { enabled: 'yes' } });
  assert.deepEqual(settings, DEFAULT_SETTINGS);
});

test('overrideSettings replaces only the valid keys present; null, missing and invalid keep the base', () => {
  const base = readSettings({ coverage: 0.5, inlayHints: { enabled: false } });
  assert.deepEqual(overrideSettings(base, null), base);
  assert.deepEqual(overrideSettings(base, undefined), base);
  assert.deepEqual(overrideSettings(base, 'bimetal' as never), base);
  assert.deepEqual(overrideSettings(base, { coverage: 2, inlayHints: null as never }), base);
  assert.deepEqual(overrideSettings(base, { phiThreshold: -0.5, codeLens: { enabled: false } }), { ...base, phiThreshold: -0.5, codeLensEnabled: false });
});

test('only coverage, threshold and family size require rescoring', () => {
  assert.equal(scoringSettingsChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, inlayHintsEnabled: false }), false);
  assert.equal(scoringSettingsChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, coverage: 0.95 }), true);
});

test('the editor scores with the same defaults as the command line', () => {
  assert.equal(DEFAULT_SETTINGS.coverage, DEFAULT_COVERAGE);
  assert.equal(DEFAULT_SETTINGS.phiThreshold, DEFAULT_PHI_THRESHOLD);
  assert.equal(DEFAULT_SETTINGS.maxFamilySize, DEFAULT_MAX_FAMILY_SIZE);
});

test("package.json's contributed settings default to what the server assumes without them", () => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const declared = manifest.contributes.configuration.properties;
  assert.equal(declared['bimetal.coverage'].default, DEFAULT_SETTINGS.coverage);
  assert.equal(declared['bimetal.phiThreshold'].default, DEFAULT_SETTINGS.phiThreshold);
  assert.equal(declared['bimetal.maxFamilySize'].default, DEFAULT_SETTINGS.maxFamilySize);
  assert.equal(declared['bimetal.inlayHints.enabled'].default, DEFAULT_SETTINGS.inlayHintsEnabled);
  assert.equal(declared['bimetal.codeLens.enabled'].default, DEFAULT_SETTINGS.codeLensEnabled);
  assert.equal(declared['bimetal.calibration.enabled'].default, DEFAULT_SETTINGS.calibrationEnabled);
});

test("package.json bounds each numeric setting as the server reads it, so the Settings editor flags what would be ignored", () => {
  const declared = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).contributes.configuration.properties as Record<string, { minimum?: number; maximum?: number }>;
  for (const [key, [minimum, maximum]] of Object.entries(SETTING_BOUNDS)) {
    assert.deepEqual([declared[`bimetal.${key}`].minimum, declared[`bimetal.${key}`].maximum], [minimum, maximum], key);
    assert.equal(readSettings({ [key]: maximum * 2 + 1 })[key as keyof typeof SETTING_BOUNDS], DEFAULT_SETTINGS[key as keyof typeof SETTING_BOUNDS], `${key} beyond its maximum is ignored`);
  }
});

test('package.json: a name with hyphens is one word to double-click (S-c-hex), and an untrusted workspace cannot raise the family limit', () => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const separators: string = manifest.contributes.configurationDefaults['[bimetal]']['editor.wordSeparators'];
  // VS Code's default separators, but for '-', which names and signed numbers hold.
  assert.equal(separators, '`~!@#$%^&*()=+[{]}\\|;:\'",.<>/?');
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['bimetal.maxFamilySize']);
});

test('docs/editors.md lists every setting the extension declares, with its default', () => {
  const root = path.resolve(__dirname, '../..');
  const declared = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).contributes.configuration.properties as Record<string, { default: unknown }>;
  const doc = readFileSync(path.join(root, 'docs/editors.md'), 'utf8');
  const block = /Keys and defaults:\n\n```json\n([\s\S]*?)\n```/.exec(doc);
  assert.ok(block, 'the settings block of docs/editors.md');
  const documented: Record<string, unknown> = {};
  const flatten = (value: unknown, prefix: string) => {
    if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k);
    else documented[`bimetal.${prefix}`] = value;
  };
  flatten(JSON.parse(block[1]).settings, '');
  assert.deepEqual(documented, Object.fromEntries(Object.entries(declared).map(([key, p]) => [key, p.default])));
});
