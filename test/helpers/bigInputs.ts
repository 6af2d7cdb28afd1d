/**
 * Large inputs for the limit tests and the limits benchmark: seeded garbage (random tokens and
 * characters, several syntax errors per line) and real recipes under distinct names.
 */
import { seededRandom } from './random';

export function garbage(chars: number, seed = 7): string {
  const random = seededRandom(seed);
  const words = ['recipe ', '{', '}', 'host Au 12 ', '[', ',', '@', '$', 'foo ', '\n', '"C"', 'x 2 '];
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const part = random() < 0.7 ? words[Math.floor(random() * words.length)] : String.fromCharCode(33 + Math.floor(random() * 90));
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/** Real recipes, each under its own name, repeated to `chars`; every other block has errors. */
export function recipes(chars: number): string {
  const blocks: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const errors = i % 2 === 1 ? '  hots Au @\n  dopant Xx\n' : '';
    const block = `ligand L${i} = "SCCc1ccccc1" binds S\nrecipe R${i} {\n  host     Au 12\n  dopant   [Pt, Pd] 1\n  topology icosahedron\n  ligands  L${i} x 6\n${errors}}\n`;
    blocks.push(block);
    length += block.length;
  }
  return blocks.join('');
}
