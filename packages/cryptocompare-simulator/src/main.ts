// Service-style entry point (the same as cli.ts), for images that run `node dist/main.js`.
import { runCli } from './cli';

void runCli(process.argv.slice(2), process.env);
