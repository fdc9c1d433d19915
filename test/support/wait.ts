/**
 * Waits until `condition` holds, asking again every `intervalMs`; fails with
 * `message` when it still does not hold at the deadline. Tests wait for what
 * they need to see, never for a fixed time.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<void> {
  const { timeoutMs = 10_000, intervalMs = 20, message = 'condition not met in time' } = options;
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${message} (waited ${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Lets every callback already due run (promise reactions, nextTicks, then I/O callbacks of this turn). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
