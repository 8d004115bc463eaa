const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function randomString(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** A prefixed, sortable-enough random id: `app_k3j...`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomString(20)}`;
}

/** An unguessable token for links sent by email (160 bits). */
export function newSecretToken(): string {
  return randomString(32);
}
