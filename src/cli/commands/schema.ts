import type { Command } from '../command.js';
import { environmentJsonSchema } from '../../model/schema.js';

const command: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of the model',
  usage: 'oh-env schema',
  help: `Prints the JSON Schema (draft 2020-12) of the environment model on stdout. The same schema is
committed as schema/oh-env.schema.json; point your editor at it (the example models do, with a
"# yaml-language-server: $schema=..." line) to get completion and checks while you type.`,
  options: {},
  optionHelp: {},
  async run(ctx) {
    ctx.io.stdout.write(`${JSON.stringify(environmentJsonSchema(), null, 2)}\n`);
    return 0;
  },
};
export default command;
