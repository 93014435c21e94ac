// Process entry of the fixture MUD: `node mud-fixtures/server.ts --port 0 [--quirks] ...`.
// Prints `[LOG_JSON] {"event":"server_ready","port":...}` when listening; stops on SIGINT/SIGTERM.

import { runMudServerCli } from './lib/cli.ts';

process.exitCode = await runMudServerCli(process.argv.slice(2));
process.exit();
