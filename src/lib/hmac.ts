/**
 * HMAC-SHA256 signatures as base64 (44 characters, `=`-padded), for values we hand to a browser
 * and must recognise as ours: the session cookie (src/auth/session-cookie.ts) and the landing
 * page's assignment cookie (src/experiments/assignment-cookie.ts). Keys are imported once per
 * secret per isolate; verification is Web Crypto's, in constant time.
 */

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

/** The signature of `message` under `secret`. */
export async function hmacSignature(message: string, secret: string): Promise<string> {
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", await keyFor(secret), encoder.encode(message)));
  return btoa(String.fromCharCode(...signature));
}

/** Whether `signature` is `message`'s under `secret`; anything not shaped like one is not. */
export async function hasHmacSignature(message: string, signature: string, secret: string): Promise<boolean> {
  if (signature.length !== 44 || !signature.endsWith("=")) return false;
  try {
    const bytes = Uint8Array.from(atob(signature), (ch) => ch.charCodeAt(0));
    return await crypto.subtle.verify("HMAC", await keyFor(secret), bytes, encoder.encode(message));
  } catch {
    return false;
  }
}
