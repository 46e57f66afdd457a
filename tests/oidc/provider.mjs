// A real, OpenID Certified provider (panva's oidc-provider) for the school-account sign-in
// tests: `node provider.mjs PORT REDIRECT_URI [REDIRECT_URI…]`. It prints "ready" once listening.
// Its developer interactions serve a login form that takes any account id with any password, and
// a consent form; the accounts below decide the claims a signed-in person gets.
import Provider from 'oidc-provider';

const [port, ...redirectUris] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

// Account id (what is typed at the login form) → e-mail and whether the provider verified it.
const ACCOUNTS = {
  unverified: { email: 'unverified@larkspur.example', email_verified: false },
  foreign: { email: 'someone@elsewhere.example', email_verified: true },
};

function claimsFor(id) {
  // Any other id is an e-mail address the provider vouches for.
  return ACCOUNTS[id] ?? { email: id, email_verified: true };
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'termwise',
      client_secret: 'termwise-test-client-secret-0123456789',
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  scopes: ['openid', 'email'],
  pkce: { required: () => true },
  // Put the e-mail claims in the ID token itself, as Microsoft and Google do.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    return { accountId: id, async claims() { return { sub: id, ...claimsFor(id) }; } };
  },
});
provider.proxy = false;
const server = provider.listen(Number(port), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
