// Where the signed-in session's tokens live: sessionStorage, so they go with the tab and never
// outlive the browser session (never localStorage).
import type { TokenRead } from '../api/types';

export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  /** When the access token stops being accepted, in epoch milliseconds. */
  expiresAt: number;
}

export interface TokenStore {
  get(): StoredTokens | null;
  set(tokens: StoredTokens): void;
  clear(): void;
}

export const STORAGE_KEY = 'termwise.session';

/** Refresh this long before the server's expiry, so a request never races the clock. */
export const EXPIRY_SKEW_MS = 30_000;

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function isStoredTokens(value: unknown): value is StoredTokens {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.accessToken === 'string' &&
    v.accessToken.length > 0 &&
    typeof v.refreshToken === 'string' &&
    v.refreshToken.length > 0 &&
    typeof v.expiresAt === 'number' &&
    Number.isFinite(v.expiresAt)
  );
}

export function createTokenStore(storage: KeyValueStorage, key: string = STORAGE_KEY): TokenStore {
  return {
    get() {
      let raw: string | null;
      try {
        raw = storage.getItem(key);
      } catch {
        return null; // storage disabled by the browser
      }
      if (!raw) return null;
      try {
        const parsed: unknown = JSON.parse(raw);
        return isStoredTokens(parsed) ? parsed : null;
      } catch {
        return null;
      }
    },
    set(tokens) {
      storage.setItem(key, JSON.stringify(tokens));
    },
    clear() {
      try {
        storage.removeItem(key);
      } catch {
        // nothing stored, nothing to clear
      }
    },
  };
}

/** A token response as stored tokens. A user's grant always carries a refresh token. */
export function tokensFromResponse(body: TokenRead, now: number): StoredTokens {
  if (!body.refresh_token) {
    throw new Error('The server issued no refresh token for this sign-in.');
  }
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expiresAt: now + Math.max(0, body.expires_in) * 1000,
  };
}

export function isAccessTokenExpired(
  tokens: StoredTokens,
  now: number,
  skewMs: number = EXPIRY_SKEW_MS,
): boolean {
  return tokens.expiresAt - skewMs <= now;
}

/** An in-memory stand-in for sessionStorage, for tests and for browsers that refuse storage. */
export function memoryStorage(): KeyValueStorage & { dump(): Record<string, string> } {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
    dump: () => Object.fromEntries(data),
  };
}
