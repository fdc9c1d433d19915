import type { Knex } from 'knex';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../../logger.js';
import { sendDueMails } from './sender.js';

export function createTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

/**
 * Sends the outbox soon after a change committed (kick), and on every run of
 * the scheduled job (flush), which also retries what failed earlier.
 */
export class MailDispatcher {
  private running: Promise<unknown> | undefined;
  private again = false;

  constructor(
    private readonly db: Knex,
    private readonly transport: Transporter,
    private readonly options: { from: string; logger: Logger },
  ) {}

  /** Starts a send run in the background; requests during a run coalesce into one more run. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.flush()
      .catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'mail run failed; the scheduled run retries'),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  flush(): Promise<{ sent: number; failed: number }> {
    return sendDueMails(this.db, this.transport, this.options);
  }

  /** Waits for a background run to finish (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  close(): void {
    this.transport.close();
  }
}
