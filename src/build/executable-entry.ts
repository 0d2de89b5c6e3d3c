/** The single executable's entry: its bundle is CommonJS, which has no top-level await. */
import { main } from '../cli/main.js';

void main(process.argv);
