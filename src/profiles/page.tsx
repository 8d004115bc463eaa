import type { Community } from "../../drizzle";
import { ErrorSummary, FieldError } from "../communities/admin-layout";
import { Checkbox, TextArea, TextField } from "../communities/fields";
import { Layout, page } from "../ui/layout";
import { MAX_AVATAR_BYTES } from "./avatars";
import { labelledAnswers } from "./answers";
import type { DisplayName } from "./names";
import { Badges } from "../honours/badge-list";
import { MAX_BIO, MAX_CITY, MAX_LINKS, MAX_NAME, MIN_NAME } from "./schemas";
import type { OwnProfile } from "./service";

/** The signed-in person's own profile in one community: how others see them, and the form to change it. */

export interface ProfilePageProps {
  community: Community;
  own: OwnProfile;
  values: { displayName: string; bio: string; city: string; links: string; shownQuestions: string[] };
  errors?: Record<string, string>;
  saved?: boolean;
}

const LABELS = { displayName: "Display name", bio: "Short bio", avatar: "Avatar", city: "City", links: "Links", shownQuestions: "Answers to show", body: "Form" };

/** A person's avatar, or the first letter of their name in a circle. */
export function Avatar({ shown, size = 48 }: { shown: DisplayName; size?: number }) {
  const style = `width:${size}px;height:${size}px;border-radius:50%;flex:none;object-fit:cover`;
  return shown.avatarUrl ? (
    <img src={shown.avatarUrl} alt="" width={size} height={size} style={style} />
  ) : (
    <span aria-hidden="true" style={`${style};display:inline-flex;align-items:center;justify-content:center;background:#334155;color:#fff;font-weight:700`}>
      {[...shown.name][0]?.toUpperCase()}
    </span>
  );
}

export function ProfilePage({ community, own, values, errors = {}, saved }: ProfilePageProps) {
  const { shown } = own;
  // Only questions the person answered can be shown; an unanswered one is left out of the list.
  const choices = labelledAnswers(own.questions, (id) => own.applied?.[id]);
  return (
    <Layout title={`Your profile · ${community.name}`} narrow>
      <p class="muted">
        <a href={`/c/${community.slug}/home`}>← {community.name}</a>
      </p>
      <h1>Your profile</h1>
      <p>How other members of {community.name} see you. Your email address is never shown to them.</p>
      {saved ? (
        <div class="notice ok" role="status">
          Profile saved.
        </div>
      ) : null}
      <ErrorSummary errors={errors} labels={LABELS} />
      <section class="card" aria-labelledby="shown-h">
        <h2 id="shown-h">Others see</h2>
        <div style="display:flex;gap:.75rem;align-items:center">
          <Avatar shown={shown} />
          <strong data-testid="shown-name">{shown.name}</strong>
          <span class="muted">Level {shown.level}</span>
        </div>
        <Badges names={shown.badges} />
        {own.profile?.city ? <p>{own.profile.city}</p> : null}
        {own.profile?.bio ? <p style="white-space:pre-line">{own.profile.bio}</p> : null}
        {own.shownQuestions.length ? (
          <dl>
            {choices
              .filter((q) => own.shownQuestions.includes(q.questionId))
              .map((q) => (
                <>
                  <dt class="muted">{q.label}</dt>
                  <dd>{q.text}</dd>
                </>
              ))}
          </dl>
        ) : null}
        {own.profile?.publicId ? (
          <p>
            <a href={`/c/${community.slug}/people/${own.profile.publicId}`}>See your profile page</a> · <a href={`/c/${community.slug}/people`}>People</a>
          </p>
        ) : null}
      </section>
      <form method="post" action={`/c/${community.slug}/profile`} enctype="multipart/form-data" class="card">
        <TextField
          id="displayName"
          name="displayName"
          label="Display name"
          hint={`${MIN_NAME}–${MAX_NAME} characters, unique in this community. Members @mention you by it.`}
          value={values.displayName}
          maxlength={MAX_NAME}
          required
          error={errors.displayName}
        />
        <TextArea id="bio" name="bio" label="Short bio (optional)" hint={`Up to ${MAX_BIO} characters.`} value={values.bio} rows={3} maxlength={MAX_BIO} error={errors.bio} />
        <TextField id="city" name="city" label="City (optional)" hint="Where you are based: members nearby are introduced to you." value={values.city} maxlength={MAX_CITY} error={errors.city} />
        <TextArea
          id="links"
          name="links"
          label="Links (optional)"
          hint={`Up to ${MAX_LINKS}, one per line, each starting with https://`}
          value={values.links}
          rows={3}
          error={errors.links}
        />
        {choices.length ? (
          <fieldset class={errors.shownQuestions ? "invalid" : undefined} aria-describedby="shown-hint">
            <legend>Answers to show</legend>
            <p class="hint" id="shown-hint">
              From your application. Nothing is shown until you tick it; introductions use only what you show.
            </p>
            {choices.map((q) => (
              <label class="choice" for={`shown-${q.questionId}`}>
                <input type="checkbox" id={`shown-${q.questionId}`} name="shown" value={q.questionId} checked={values.shownQuestions.includes(q.questionId)} />
                <span>
                  {q.label} <span class="muted">{q.text}</span>
                </span>
              </label>
            ))}
            <FieldError id="shownQuestions" message={errors.shownQuestions} />
          </fieldset>
        ) : null}
        <div class={errors.avatar ? "field invalid" : "field"}>
          <label for="avatar">Avatar (optional)</label>
          <p class="hint" id="avatar-hint">
            A PNG, JPEG, WebP or GIF image up to {MAX_AVATAR_BYTES / 1024} KB. Only people in this community see it.
          </p>
          <input
            id="avatar"
            name="avatar"
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            aria-invalid={errors.avatar ? "true" : undefined}
            aria-describedby={errors.avatar ? "avatar-hint avatar-error" : "avatar-hint"}
          />
          <FieldError id="avatar" message={errors.avatar} />
        </div>
        {shown.avatarUrl ? <Checkbox id="removeAvatar" name="removeAvatar" label="Remove my current avatar" /> : null}
        <div class="actions">
          <button class="btn" type="submit">
            Save profile
          </button>
        </div>
      </form>
    </Layout>
  );
}

export const renderProfilePage = (props: ProfilePageProps) => page(<ProfilePage {...props} />);
