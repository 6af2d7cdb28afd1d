/**
 * Predictions as they cross from the inference worker to the language server's thread. Every
 * E_form prediction carries its terms' symbols, units, definitions and sources, texts that are the
 * same for thousands of rows; cloning them per row made the reply for 10,000 recipes 32 MB, and
 * taking it in cost the server's thread about 300 ms. So the worker sends each distinct term
 * text once, and predictions refer to it by number. The texts come from the terms file and the
 * elements, so the table stays small however long the worker runs.
 */
import type { EnergyTerm } from './energyTerms';
import type { Prediction } from './runtime';

type TermText = 'symbol' | 'unit' | 'definition' | 'source';
const TERM_TEXTS: readonly TermText[] = ['symbol', 'unit', 'definition', 'source'];

export type WireTerm = Omit<EnergyTerm, TermText> & { texts: number[] };
export type WirePrediction = Omit<Prediction, 'terms'> & { terms: WireTerm[] };

/** The worker's side: numbers the texts, and hands over those the other side has not had yet. */
export class TermTextWriter {
  private readonly ids = new Map<string, number>();
  private unsent: string[] = [];

  write(predictions: readonly Prediction[]): WirePrediction[] {
    return predictions.map(({ terms, ...rest }) => ({
      ...rest,
      terms: terms.map((term) => ({
        key: term.key,
        value: term.value,
        inputs: term.inputs,
        supported: term.supported,
        texts: TERM_TEXTS.map((field) => this.id(term[field])),
      })),
    }));
  }

  /** Texts numbered since the last call, in number order; send them with the predictions that use them. */
  takeUnsent(): string[] {
    const texts = this.unsent;
    this.unsent = [];
    return texts;
  }

  private id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(text, id);
      this.unsent.push(text);
    }
    return id;
  }
}

/** The receiving side: takes in new texts in the order they were sent, and rebuilds predictions. */
export class TermTextReader {
  private readonly texts: string[] = [];

  read(predictions: readonly WirePrediction[], newTexts: readonly string[]): Prediction[] {
    for (const text of newTexts) this.texts.push(text);
    return predictions.map(({ terms, ...rest }) => ({
      ...rest,
      terms: terms.map(({ key, value, inputs, supported, texts }): EnergyTerm => {
        const [symbol, unit, definition, source] = texts.map((id) => this.text(id));
        return { key, symbol, value, unit, definition, source, inputs, supported };
      }),
    }));
  }

  private text(id: number): string {
    const text = this.texts[id];
    if (text === undefined) throw new Error(`the inference worker referred to term text ${id}, which it never sent`);
    return text;
  }
}
