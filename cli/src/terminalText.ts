/**
 * Text from recipe files made safe to print on a terminal. A recipe file is untrusted input
 * (docs/cli.md): a name, string or SMILES holding ESC or BEL would otherwise recolour the terminal,
 * clear it or set its title when `check` quotes it, and a bidirectional control would reorder the
 * rest of the line. Each such character is written as its escape, `\u001B` (a line break and a tab
 * stay, to lay out lines of messages); JSON and CSV output keep the text as it is, since they are data.
 */
const ACTING_CHARACTERS = /(?![\n\t])[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

export function terminalText(text: string): string {
  return text.replace(ACTING_CHARACTERS, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
