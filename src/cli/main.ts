/** The `hotline` command line: dispatches to the sub-commands. Returns the process exit code. */
import { SettingsError } from '../config/settings.ts';
import { ImportFileError } from '../provisioning/read-import-file.ts';

const USAGE = `Usage: hotline <command> [options]

Commands:
  start            run the platform (SIP, media, HTTP API) with settings from the environment
  import FILE      create or update trunks, tenants, 400 numbers, bound phones and SIP users
  month-close [YYYY-MM]  book monthly fees and minimum-spend true-ups (idempotent)
  user add NAME --role ROLE [--tenant CODE] [--name TEXT]
                   create a user (operator_admin: no tenant) and print its password once
  user reset-password NAME
                   give a user a fresh password (printed once) and end their sessions
  help             show this text

Settings (environment): HOTLINE_DATA_DIR, HOTLINE_SIP_ADDRESS, HOTLINE_SIP_PORT, HOTLINE_HTTP_PORT,
HOTLINE_RTP_PORTS, DATABASE_URL, HOTLINE_DEMO, HOTLINE_CONFIG (a YAML/JSON file with the same settings).
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return 0;
      case 'start':
        return await (await import('./start-command.ts')).startCommand();
      case 'import':
        return await (await import('./import-command.ts')).importCommand(args);
      case 'month-close':
        return await (await import('./month-close-command.ts')).monthCloseCommand(args);
      case 'user':
        return await (await import('./user-command.ts')).userCommand(args);
      default:
        process.stderr.write(`hotline: unknown command '${command}'\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    // Known user errors get their message alone; anything else its stack, for the bug report.
    const known = err instanceof SettingsError || err instanceof ImportFileError || (err as { code?: unknown }).code !== undefined;
    process.stderr.write(`hotline: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`);
    return 1;
  }
}
