import type { CliCommand } from './command';
import { analyzeCommand } from './analyze';
import { serveCommand } from './serve';
import { splitCommand } from './split';
import { trainCommand } from './train';

/** Every CLI command; add new ones here (one line each). */
export const COMMANDS: readonly CliCommand[] = [analyzeCommand, serveCommand, trainCommand, splitCommand];
