// The app's one API instance: same origin as the page, tokens in this tab's sessionStorage.
import { createApi } from './apiClient';
import { createTokenStore, memoryStorage } from './tokenStore';

function sessionStorageOrMemory() {
  try {
    const probe = '__termwise_probe__';
    window.sessionStorage.setItem(probe, probe);
    window.sessionStorage.removeItem(probe);
    return window.sessionStorage;
  } catch {
    return memoryStorage();
  }
}

export const api = createApi({
  baseUrl: '',
  store: createTokenStore(sessionStorageOrMemory()),
});
