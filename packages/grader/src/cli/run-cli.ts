import { Command, CommanderError } from 'commander';
import { UserError, formatUserError } from '../errors';

/** The program, set before any command is added (commands copy these settings when created). */
export function newProgram(description: string): Command {
  return new Command('gradient').description(description).exitOverride().showHelpAfterError();
}

/** Runs a program made by newProgram: a user mistake is one line and exit code 2, anything else an internal error (1). */
export async function runCli(program: Command, argv: string[] = process.argv): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
    if (e instanceof UserError || (e as { code?: string }).code?.startsWith?.('E_')) {
      console.error(`gradient: ${e instanceof UserError ? formatUserError(e) : (e as Error).message}`);
      process.exit(2);
    }
    console.error(`gradient: internal error (please report it): ${(e as Error).stack ?? e}`);
    process.exit(1);
  }
}
