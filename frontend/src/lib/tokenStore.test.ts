import { describe, expect, it } from 'vitest';
import {
  EXPIRY_SKEW_MS,
  STORAGE_KEY,
  createTokenStore,
  isAccessTokenExpired,
  memoryStorage,
  tokensFromResponse,
} from './tokenStore';

const tokens = { accessToken: 'a1', refreshToken: 'r1', expiresAt: 1_000_000 };

describe('token store', () => {
  it('round-trips tokens through storage under one key', () => {
    const storage = memoryStorage();
    const store = createTokenStore(storage);
    store.set(tokens);
    expect(Object.keys(storage.dump())).toEqual([STORAGE_KEY]);
    expect(store.get()).toEqual(tokens);
  });

  it('clears the tokens', () => {
    const store = createTokenStore(memoryStorage());
    store.set(tokens);
    store.clear();
    expect(store.get()).toBeNull();
  });

  it('treats corrupt or partial stored data as no session', () => {
    const storage = memoryStorage();
    const store = createTokenStore(storage);
    for (const raw of ['not json', '{}', '[]', 'null', '{"accessToken":"a","refreshToken":""}']) {
      storage.setItem(STORAGE_KEY, raw);
      expect(store.get(), raw).toBeNull();
    }
    storage.setItem(STORAGE_KEY, JSON.stringify({ ...tokens, expiresAt: 'soon' }));
    expect(store.get()).toBeNull();
  });

  it('survives a browser that refuses storage', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const store = createTokenStore(refusing);
    expect(store.get()).toBeNull();
    expect(() => store.clear()).not.toThrow();
  });
});

describe('token lifetimes', () => {
  it('turns expires_in seconds into an absolute expiry', () => {
    const stored = tokensFromResponse(
      { access_token: 'a', refresh_token: 'r', token_type: 'bearer', expires_in: 900 },
      5_000,
    );
    expect(stored).toEqual({ accessToken: 'a', refreshToken: 'r', expiresAt: 5_000 + 900_000 });
  });

  it('refuses a token response without a refresh token', () => {
    expect(() =>
      tokensFromResponse(
        { access_token: 'a', refresh_token: null, token_type: 'bearer', expires_in: 900 },
        0,
      ),
    ).toThrow(/refresh token/);
  });

  it('counts a token as expired slightly before the server does', () => {
    expect(isAccessTokenExpired(tokens, tokens.expiresAt - EXPIRY_SKEW_MS - 1)).toBe(false);
    expect(isAccessTokenExpired(tokens, tokens.expiresAt - EXPIRY_SKEW_MS)).toBe(true);
    expect(isAccessTokenExpired(tokens, tokens.expiresAt + 1)).toBe(true);
  });
});
