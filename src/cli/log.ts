// The CLI and trainer log in the seed's format to logs/<component>.log, the same lines the app's log panel
// shows: `[TIMESTAMP] [LEVEL] [COMPONENT] [CODE] message`.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { coded, formatCoded, logLine } from '../core/errors';
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

  /**
   * Appends the lines to logs/<name>.log. Never throws: a log that cannot be written (read-only folder,
   * EMFILE, full disk) is one coded line on stderr, and the run's own result stands.
   */
  async flush(): Promise<void> {
    if (!this.lines.length) return;
    const file = join(this.dir, `${this.name}.log`);
    try {
      // synchronous: a CLI's last step, and two calls through the thread pool cost more than the writes
      mkdirSync(this.dir, { recursive: true });
      appendFileSync(file, this.lines.join('\n') + '\n');
    } catch (e) {
      const why = (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e);
      console.error(`warning ${formatCoded(coded('W093', `${file}: ${why}`))}`);
    }
    this.lines = [];
  }
}
