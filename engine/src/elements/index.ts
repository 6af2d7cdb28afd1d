/**
 * Element properties by symbol, from the table scripts/generate-elements.ts writes from the shared
 * data (every column's source in ELEMENT_DATA_SOURCES). Descriptors and features read them here.
 */
import { isMetal } from '../periodicTable';
import { ELEMENT_DATA, SOURCES } from './elementData.generated';
import type { ElementData } from './types';

export type { Block, ElementColumn, ElementData, MiedemaParameters } from './types';

const BY_SYMBOL: ReadonlyMap<string, ElementData> = new Map(ELEMENT_DATA.map((e) => [e.symbol, e]));

/** Provenance of every element-data column. */
export const ELEMENT_DATA_SOURCES = SOURCES;

/** Every element the engine has properties for (the supported metals and coordinating atoms). */
export const ALL_ELEMENTS: readonly ElementData[] = ELEMENT_DATA;

/**
 * The metals a recipe may name as host or dopant, by atomic number: those the engine has data
 * for. Any other metal (Mg, Li, Tl, U, …) would get no descriptors and no prediction.
 */
export const SUPPORTED_METALS: readonly string[] = ELEMENT_DATA.filter((e) => isMetal(e.symbol))
  .sort((a, b) => a.z - b.z)
  .map((e) => e.symbol);

/** Properties of `symbol` (case-sensitive, e.g. `Au`), or undefined if the engine has none. */
export function getElement(symbol: string): ElementData | undefined {
  return BY_SYMBOL.get(symbol);
}

/** Like `getElement`, but throws for a symbol without data (use where validation already ran). */
export function requireElement(symbol: string): ElementData {
  const element = BY_SYMBOL.get(symbol);
  if (!element) throw new Error(`No element data for '${symbol}'`);
  return element;
}
