// Signing in with the platform's account: OpenID Connect authorization code with PKCE (RFC 7636), run by the page
// against the identity provider the gateway names (/sign-in/oidc). The access token then lives in the tab's session
// like a token handed over by link.
import { signIn } from './api.js';

const PENDING = 'projectchat.oidc';
const PROVIDER_SESSION = 'projectchat.oidc.session';

/** The gateway's OIDC settings: { issuer, clientId, scope }, or {} when sign-in is by handed-over token only. */
export async function oidcSettings() {
  const response = await fetch('/sign-in/oidc');
  return response.ok ? response.json() : {};
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function discover(issuer) {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`The identity provider cannot be reached (HTTP ${response.status}).`);
  return response.json();
}

function redirectUri() {
  return `${location.origin}/`;
}

/** Sends the browser to the identity provider, remembering the PKCE verifier and state in this tab. */
export async function startSignIn(settings) {
  const provider = await discover(settings.issuer);
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PENDING, JSON.stringify({
    verifier, state, tokenEndpoint: provider.token_endpoint, endSession: provider.end_session_endpoint, hash: location.hash,
  }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: settings.clientId, redirect_uri: redirectUri(), scope: settings.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign(`${provider.authorization_endpoint}?${query}`);
}

/**
 * Back from the identity provider (?code=...&state=...): trades the code and the verifier for the access token.
 * Returns false when this page load is not such an answer; throws what went wrong.
 */
export async function finishSignIn(settings) {
  const answer = new URLSearchParams(location.search);
  if (!answer.has('code') && !answer.has('error')) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `/${pending?.hash || ''}`); // the code leaves the address bar at once
  if (answer.has('error')) throw new Error(`Sign-in refused: ${answer.get('error_description') || answer.get('error')}`);
  if (!pending || pending.state !== answer.get('state')) throw new Error('This sign-in answer was not asked for here: sign in again.');
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: answer.get('code'), redirect_uri: redirectUri(),
      client_id: settings.clientId, code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`The identity provider did not accept the sign-in (HTTP ${response.status}).`);
  const tokens = await response.json();
  signIn(tokens.access_token);
  if (pending.endSession && tokens.id_token) {
    sessionStorage.setItem(PROVIDER_SESSION, JSON.stringify({
      endSession: pending.endSession, idToken: tokens.id_token, clientId: settings.clientId,
    }));
  }
  return true;
}

/**
 * Signing out of a sign-in made at the identity provider ends the provider's session too (OpenID Connect RP-Initiated
 * Logout): otherwise the next "sign in with your account", on a shared computer by someone else, would be let in
 * without a password. The provider sends the browser back here. Returns false when this tab did not sign in there.
 */
export function endProviderSession() {
  const session = JSON.parse(sessionStorage.getItem(PROVIDER_SESSION) || 'null');
  sessionStorage.removeItem(PROVIDER_SESSION);
  if (!session) return false;
  const query = new URLSearchParams({
    id_token_hint: session.idToken, client_id: session.clientId, post_logout_redirect_uri: redirectUri(),
  });
  location.assign(`${session.endSession}?${query}`);
  return true;
}
