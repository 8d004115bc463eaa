/** Badges beside a name: small labels, as a list so screen readers count them. */
export function Badges({ names }: { names: string[] }) {
  if (!names.length) return null;
  return (
    <ul class="badges" aria-label="Badges" style="list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.35rem">
      {names.map((n) => (
        <li style="border:1px solid #64748b;border-radius:999px;padding:0 .55rem;font-size:.85rem">🏅 {n}</li>
      ))}
    </ul>
  );
}
