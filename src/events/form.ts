import type { Community, Event, Tier } from "../../drizzle";
import { formatMajorAmount, formText, parseMajorAmount, parseOptionalInt, validate, type FieldErrors, type FormBody, type Parsed } from "../communities/forms";
import { eventInputSchema, type EventInput } from "./schemas";
import { utcToZoned } from "./time";

/** The create/edit form's fields as typed, so a refused form comes back as the host left it. */
export interface EventFormValues {
  title: string;
  description: string;
  kind: string;
  city: string;
  address: string;
  link: string;
  timeZone: string;
  start: string;
  end: string;
  capacity: string;
  waitlist: boolean;
  /** "" (every member), "rank:<n>" or "tier:<id>". */
  gate: string;
  price: string;
}

export function emptyEventForm(timeZone: string): EventFormValues {
  return { title: "", description: "", kind: "in_person", city: "", address: "", link: "", timeZone, start: "", end: "", capacity: "", waitlist: true, gate: "", price: "0" };
}

export function eventFormValues(event: Event): EventFormValues {
  return {
    title: event.title,
    description: event.description,
    kind: event.kind,
    city: event.city,
    address: event.address,
    link: event.link,
    timeZone: event.timeZone,
    start: utcToZoned(event.startsAt, event.timeZone),
    end: utcToZoned(event.endsAt, event.timeZone),
    capacity: event.capacity == null ? "" : String(event.capacity),
    waitlist: event.waitlist,
    gate: event.tierId ? `tier:${event.tierId}` : event.minRank != null ? `rank:${event.minRank}` : "",
    price: formatMajorAmount(event.priceAmount, event.currency),
  };
}

export function readEventForm(form: FormBody): EventFormValues {
  const text = (name: string) => formText(form, name);
  return {
    title: text("title"),
    description: text("description"),
    kind: text("kind"),
    city: text("city"),
    address: text("address"),
    link: text("link"),
    timeZone: text("timeZone"),
    start: text("start"),
    end: text("end"),
    capacity: text("capacity"),
    waitlist: text("waitlist") === "on",
    gate: text("gate"),
    price: text("price"),
  };
}

/** The gate choices: every member, each tier's rank and up, or one tier only. */
export function gateOptions(tiers: Tier[]): { value: string; label: string }[] {
  return [
    { value: "", label: "Every member" },
    ...tiers.flatMap((t) => [
      { value: `rank:${t.rank}`, label: `${t.name} and above` },
      { value: `tier:${t.id}`, label: `${t.name} only` },
    ]),
  ];
}

/** Form values -> the input the API takes too; the form's own errors (numbers, money) join zod's. */
export function parseEventForm(values: EventFormValues, community: Pick<Community, "currency">): Parsed<EventInput> {
  const errors: FieldErrors = {};
  const capacity = parseOptionalInt(values.capacity);
  if ("error" in capacity) errors.capacity = capacity.error;
  const price = values.price.trim() === "" ? { amount: 0 } : parseMajorAmount(values.price, community.currency);
  if ("error" in price) errors.price = price.error.replace("fee", "price").replace("Fee", "Price");
  const [gateKind, gateValue] = values.gate.split(":", 2);
  const input = {
    title: values.title,
    description: values.description.replace(/\r\n/g, "\n"),
    kind: values.kind,
    city: values.city,
    address: values.address,
    link: values.link,
    timeZone: values.timeZone,
    start: values.start,
    end: values.end,
    capacity: "value" in capacity ? capacity.value : null,
    waitlist: values.waitlist,
    minRank: gateKind === "rank" ? Number(gateValue) : null,
    tierId: gateKind === "tier" ? (gateValue ?? null) : null,
    priceAmount: "amount" in price ? price.amount : 0,
  };
  return validate(eventInputSchema, input, errors, { priceAmount: "price", tierId: "gate", minRank: "gate" });
}
