import { SelectField } from "../communities/fields";
import { MAX_LEVELS } from "./levels";

/** "No minimum" or Level 2..10: the level gate's field on the space and drop forms. */
export const LEVEL_GATE_OPTIONS = [{ value: "", label: "No minimum level" }, ...Array.from({ length: MAX_LEVELS - 1 }, (_, i) => ({ value: String(i + 2), label: `Level ${i + 2} and up` }))];

export function LevelSelect({ id, label, value, error }: { id: string; label: string; value: string; error?: string }) {
  return <SelectField id={id} name={id} label={label} hint="Members below this honours level do not see it. Staff always do." value={value} options={LEVEL_GATE_OPTIONS} error={error} />;
}
