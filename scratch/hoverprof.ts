import { hoverWhileScoring } from '../bench/server.bench';
void hoverWhileScoring(['--cpu-prof', '--cpu-prof-dir=/tmp/prof/hv']);
