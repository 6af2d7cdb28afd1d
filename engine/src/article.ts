/** `word` after its indefinite article, by its first letter: "an oxide", "a zeolite", "an icosahedron". */
export function withArticle(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}
