/** The bundled CLI's entry (out/cli/escape-studio.mjs): run the command line and set the exit code. */
import { main } from './index';

process.exitCode = await main(process.argv.slice(2));
