import type { CliCommand } from './command';
import { analyzeCommand } from './analyze';

/** Every CLI command; add new ones here (one line each). */
export const COMMANDS: readonly CliCommand[] = [analyzeCommand];
