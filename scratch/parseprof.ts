import { recipeFile } from '../bench/server.bench';
import { IncrementalParser } from '../grammar/src/index';
let text = recipeFile(1000);
const parser = new IncrementalParser(); parser.parse(text);
const pt: number[] = [];
for (let v = 2; v < 400; v++) {
  const at = text.indexOf('ligands', text.length / 2 + (v % 2) * 100) + 20;
  text = text.slice(0, at) + String(v % 10) + text.slice(at + 1);
  const t = performance.now(); parser.parse(text); pt.push(performance.now() - t);
}
console.log(pt.sort((a, b) => a - b)[pt.length >> 1].toFixed(2));
