// `netwright mud-server [options]`: run the fixture MUD in the foreground (see --help).

export async function run(argv: string[]): Promise<number> {
  const { runMudServerCli } = await import('../../mud-fixtures/lib/cli.ts');
  return runMudServerCli(argv);
}
