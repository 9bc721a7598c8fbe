import { isatty } from 'node:tty';
import { pino, type Logger, type LoggerOptions } from 'pino';
import { PinoPretty } from 'pino-pretty';

/**
 * The process's root logger. On a terminal the lines are made readable (time, level, message, then the fields);
 * anywhere else (a file, a pipe, a log collector) they stay JSON, one object a line. `fd` is where the lines go:
 * the server writes its logs to stderr, because stdout carries the start-up lines that scripts read.
 */
export function createLogger(options: LoggerOptions & { fd?: 1 | 2; pretty?: boolean }): Logger {
  const { fd = 1, pretty = isatty(fd), ...rest } = options;
  if (!pretty) return pino(rest, pino.destination(fd));
  return pino(
    rest,
    PinoPretty({
      destination: fd,
      colorize: true,
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      singleLine: false,
    }),
  );
}
