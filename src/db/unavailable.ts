/**
 * Whether an error says the database is away (restarting, unreachable, out of
 * connections, too slow) rather than that the query was wrong: such a request
 * gets the Dutch 503 "probeer het opnieuw" page, not a 500.
 */

/** Socket errors of a server that is down or unreachable. */
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** SQLSTATEs of a server that stops, starts, is full or cancelled a statement for taking too long. */
const unavailableStates = new Set([
  '57P01', // admin_shutdown: the server stops (fast mode) and ends the session
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting or stopping
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout
  '25P03', // idle_in_transaction_session_timeout
]);

/** What pg and knex say when a connection breaks, cannot be made or is not handed out in time. */
const unavailableMessages = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^timeout expired$/, // pg.Client: no answer to the connection attempt within connectionTimeoutMillis
  /is not queryable/,
  /^Knex: Timeout acquiring a connection/,
];

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const candidate = error as ErrorLike;
  if (typeof candidate.code === 'string') {
    if (networkCodes.has(candidate.code) || unavailableStates.has(candidate.code)) return true;
    // Class 08: connection exception.
    if (/^08[0-9A-Z]{3}$/.test(candidate.code)) return true;
  }
  if (candidate.name === 'KnexTimeoutError') return true;
  if (
    typeof candidate.message === 'string' &&
    unavailableMessages.some((re) => re.test(candidate.message as string))
  )
    return true;
  // "localhost" resolves to two addresses: both refusals come as one AggregateError.
  if (
    Array.isArray(candidate.errors) &&
    candidate.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))
  )
    return true;
  return isDatabaseUnavailable(candidate.cause, depth + 1);
}
