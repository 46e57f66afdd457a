// Reading the messages the journey's SMTP server (mailbox.py) received.
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';

/** Where the mailbox of the servers started for the tests on `port` keeps its messages. */
export function mailboxDir(port: number): string {
  return path.join(tmpdir(), `termwise-e2e-mailbox-${port}`);
}

function messages(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.eml'))
      .sort()
      .map((name) => readFileSync(path.join(dir, name), 'utf8'));
  } catch {
    return [];
  }
}

/** The link of `kind` ("invitations", "reset-password") in the newest message to `to`. */
export async function linkSentTo(dir: string, to: string, kind: string): Promise<string> {
  let link = '';
  await expect
    .poll(
      () => {
        const mine = messages(dir).filter((m) => new RegExp(`^To: ${to.replace(/[.+]/g, '\\$&')}$`, 'im').test(m));
        const found = mine.at(-1)?.match(new RegExp(`https?://\\S+/${kind}/[A-Za-z0-9_-]+`));
        link = found?.[0] ?? '';
        return link;
      },
      { message: `an e-mail to ${to} with a ${kind} link`, timeout: 10_000 },
    )
    .not.toBe('');
  return link;
}
