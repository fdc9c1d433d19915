import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import type { Logger } from '../../logger.js';
import { sendDueMails, type SendRun } from './sender.js';

/** How long a run waits before looking again at due mails another transaction held locked. */
const LOCKED_RETRY_MS = 100;
/** How many times it looks again before leaving them to the scheduled run. */
const LOCKED_RETRIES = 50;

/**
 * Sends the outbox soon after a change committed (kick), and on every run of
 * the scheduled job (flush), which also retries what failed earlier. A kicked
 * run that leaves due mails behind runs again: at once when it stopped at its
 * limit, shortly when another transaction held them locked (a concurrent
 * request that touched the row, or another process sending it), so a mail
 * never waits for the scheduled run merely because a row was busy.
 */
export class MailDispatcher {
  private running: Promise<unknown> | undefined;
  private again = false;
  /** Set by stop(): no run starts any more, and the one under way ends after the mail it is sending. */
  private stopping = false;
  private lockedRetries = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Knex,
    /** A transport for one run: its connection is opened by the run's first mail and closed after its last. */
    private readonly openTransport: () => Transporter,
    private readonly options: { from: string; logger: Logger },
  ) {}

  /** Starts a send run in the background; requests during a run coalesce into one more run. */
  kick(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.flush()
      .then((run) => this.followUp(run))
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

  async flush(): Promise<SendRun> {
    // One connection carries the run's mails, one after the other, and is closed when the run
    // ends: no connection idles between runs (a mail server drops idle ones, and a server being
    // restarted would wait for it).
    const transport = this.openTransport();
    try {
      return await sendDueMails(this.db, transport, { ...this.options, carryOn: () => !this.stopping });
    } finally {
      transport.close();
    }
  }

  /** Waits for the outbox to be sent as far as it can be: the background runs and a pending look again (tests; a shutdown uses stop). */
  async idle(): Promise<void> {
    while (this.running || this.retryTimer) {
      if (this.running) await this.running;
      else await new Promise((resolve) => setTimeout(resolve, LOCKED_RETRY_MS));
    }
  }

  /**
   * Shutdown: no run starts any more; the one under way finishes the mail it is
   * sending (marked sent in its transaction) and stops. What is left stays due
   * in the outbox for the next process, however long the backlog: waiting for it
   * (idle) would hold a shutdown past its grace time, and a process that is then
   * killed half-way through a send rolls back the mark of a mail the SMTP server
   * already took, which would go out twice.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.running;
  }

  private followUp(run: SendRun): void {
    if (run.stillDue === 0) {
      this.lockedRetries = 0;
      return;
    }
    if (run.sent + run.failed > 0) {
      // Progress, and more is due: over the limit, or a row freed meanwhile.
      this.lockedRetries = 0;
      this.again = true;
      return;
    }
    if (this.lockedRetries >= LOCKED_RETRIES || this.retryTimer) return;
    this.lockedRetries += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, LOCKED_RETRY_MS);
    this.retryTimer.unref();
  }
}
