/** The optional promotion code on each tier's join form (ids per tier: the page has one form per tier). */
export function JoinCodeField({ tierId }: { tierId: string }) {
  const id = `code-${tierId}`;
  return (
    <div class="field">
      <label for={id}>Promotion code (optional)</label>
      <input type="text" id={id} name="promotion_code" maxlength={32} autocomplete="off" />
    </div>
  );
}
