import type { Community, Event, Tier } from "../../drizzle";
import { ErrorSummary } from "../communities/admin-layout";
import { Checkbox, RadioGroup, SelectField, TextArea, TextField } from "../communities/fields";
import type { FieldErrors } from "../communities/forms";
import { Layout, page } from "../ui/layout";
import { gateOptions, type EventFormValues } from "./form";
import { eventsBase } from "./list-page";
import { MAX_DESCRIPTION, MAX_TITLE } from "./schemas";

/** Create and edit an event: one form, posted without JavaScript, refused fields named. */

const LABELS: Record<string, string> = {
  title: "Title",
  description: "Description",
  kind: "Online or in person",
  city: "City",
  address: "Address",
  link: "Join link",
  timeZone: "Time zone",
  start: "Starts",
  end: "Ends",
  capacity: "Seats",
  gate: "Who may come",
  price: "Ticket price",
};

export function renderEventForm(props: { community: Community; event?: Event; values: EventFormValues; errors: FieldErrors; tiers: Tier[]; zones: string[] }): string {
  const { community, event, values: v, errors, tiers, zones } = props;
  const action = event ? `${eventsBase(community)}/${event.id}/edit` : eventsBase(community);
  const title = event ? `Edit ${event.title}` : "New event";
  return page(
    <Layout title={`${title} · ${community.name}`} narrow>
      <p class="muted">
        <a href={event ? `${eventsBase(community)}/${event.id}` : eventsBase(community)}>← {event ? event.title : "Events"}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form method="post" action={action}>
        <TextField id="title" name="title" label="Title" value={v.title} maxlength={MAX_TITLE} required error={errors.title} />
        <TextArea id="description" name="description" label="Description" hint="Markdown: **bold**, lists, links." value={v.description} rows={6} maxlength={MAX_DESCRIPTION} error={errors.description} />
        <RadioGroup
          id="kind"
          name="kind"
          label="Online or in person"
          value={v.kind}
          error={errors.kind}
          options={[
            { value: "in_person", label: "In person", explanation: "everyone sees the city; only people with a seat see the address" },
            { value: "online", label: "Online", explanation: "only people with a seat see the join link" },
          ]}
        />
        <TextField id="city" name="city" label="City" value={v.city} maxlength={80} error={errors.city} hint="In person only." />
        <TextField id="address" name="address" label="Address" value={v.address} maxlength={300} error={errors.address} hint="In person only; shown to people with a seat." />
        <TextField id="link" name="link" label="Join link" type="url" value={v.link} maxlength={500} error={errors.link} hint="Online only; shown to people with a seat." />
        <SelectField id="timeZone" name="timeZone" label="Time zone" value={v.timeZone} error={errors.timeZone} options={zones.map((z) => ({ value: z, label: z.replace(/_/g, " ") }))} />
        <TextField id="start" name="start" label="Starts" type="datetime-local" value={v.start} required error={errors.start} hint="In the event's time zone." />
        <TextField id="end" name="end" label="Ends" type="datetime-local" value={v.end} required error={errors.end} />
        <TextField id="capacity" name="capacity" label="Seats" inputmode="numeric" value={v.capacity} error={errors.capacity} hint="Leave empty for no limit." />
        <Checkbox id="waitlist" name="waitlist" label="When full, put newcomers on a waitlist" checked={v.waitlist} />
        <SelectField id="gate" name="gate" label="Who may come" value={v.gate} error={errors.gate} options={gateOptions(tiers)} />
        <TextField id="price" name="price" label={`Ticket price (${community.currency.toUpperCase()})`} inputmode="decimal" value={v.price} error={errors.price} hint="0 for a free event. Paid through Stripe Checkout; cancelling 24 hours or more before the start refunds the ticket." />
        <p>
          <button type="submit" class="btn">
            {event ? "Save changes" : "Create event"}
          </button>
        </p>
      </form>
    </Layout>,
  );
}
