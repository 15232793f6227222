/** The `hotline` command line: dispatches to the sub-commands. Returns the process exit code. */
const USAGE = `Usage: hotline <command> [options]

Commands:
  start            run the platform (SIP, media, HTTP API) with settings from the environment
  import FILE      create or update trunks, tenants, 400 numbers, bound phones and SIP users
  help             show this text
`;

export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`hotline: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}
