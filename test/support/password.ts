import argon2 from 'argon2';

/**
 * argon2id at the cheapest cost it allows, for the demo accounts of the test
 * databases only. A sign-in verifies at the cost stored in the hash: at the
 * portal's production cost (64 MiB, 3 passes, 4 lanes) every one of the
 * suite's hundreds of sign-ins held both cores for half a second. The portal's
 * own hashing (src/auth/password.ts) has no such setting, so production cannot
 * get this cost: new passwords (sign-up, change, forgotten login) are still
 * hashed at production cost in the tests too.
 */
export function cheapPasswordHash(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
}
