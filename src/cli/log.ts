// The CLI and trainer log in the seed's format to logs/<component>.log, the same lines the app's log panel
// shows: `[TIMESTAMP] [LEVEL] [COMPONENT] [CODE] message`.
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { logLine } from '../core/errors';
import type { CodedMessage } from '../core/types';

export class CliLog {
  private lines: string[] = [];
  constructor(
    private readonly name: string,
    private readonly dir = process.env.PERFDNA_LOG_DIR ?? 'logs',
  ) {}

  write(component: string, m: CodedMessage): void {
    this.lines.push(logLine(component, m));
  }

  async flush(): Promise<void> {
    if (!this.lines.length) return;
    await mkdir(this.dir, { recursive: true });
    await appendFile(join(this.dir, `${this.name}.log`), this.lines.join('\n') + '\n');
    this.lines = [];
  }
}
