// The log panel's store: coded entries in the seed's format (`[TIMESTAMP] [LEVEL] [COMPONENT] [CODE]
// message`), the same line the CLI and the trainer write to logs/ (core/errors.ts `logLine`).
import { coded, logLine, type ErrorCode } from '../core/errors';
import type { CodedMessage } from '../core/types';

export interface LogEntry {
  at: Date;
  component: string;
  message: CodedMessage;
  /** The seed-format line. */
  line: string;
}

/** The app's own info lines use codes of the table where one fits, else this one (I000, information). */
export const INFO_CODE: ErrorCode = 'I000';

class LogStore {
  entries = $state<LogEntry[]>([]);

  add(component: string, message: CodedMessage, at: Date = new Date()): void {
    this.entries.push({ at, component, message, line: logLine(component, message, at) });
    if (this.entries.length > 2000) this.entries.splice(0, this.entries.length - 2000);
  }

  code(component: string, code: ErrorCode, detail?: string): void {
    this.add(component, coded(code, detail));
  }

  info(component: string, message: string): void {
    this.add(component, { code: INFO_CODE, message });
  }

  text(): string {
    return this.entries.map((e) => e.line).join('\n') + (this.entries.length ? '\n' : '');
  }

  /** Saves the log as dna_analyzer.log (the seed's file name). */
  download(): void {
    const url = URL.createObjectURL(new Blob([this.text()], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'dna_analyzer.log';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  clear(): void {
    this.entries = [];
  }
}

export const log = new LogStore();
