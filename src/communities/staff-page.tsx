import type { Community, StaffMember } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { formatDate } from "../ui/format";
import { AdminLayout } from "./admin-layout";
import { RadioGroup, TextField } from "./fields";
import type { FieldErrors } from "./forms";

const ROLE_OPTIONS = [
  { value: "moderator", label: "Moderator", explanation: "Reviews applications: reads, adds notes, decides." },
  { value: "owner", label: "Owner", explanation: "Everything a moderator does, plus settings, questions and staff." },
] as const;

export interface StaffPageProps {
  community: Community;
  role: StaffAccess;
  staff: StaffMember[];
  values?: { email: string; role: string };
  errors?: FieldErrors;
  flash?: string | null;
  error?: string | null;
}

export function StaffPage({ community, role, staff, values, errors = {}, flash, error }: StaffPageProps) {
  const base = `/c/${community.slug}/admin/staff`;
  return (
    <AdminLayout community={community} role={role} title="Staff" current="staff" flash={flash} error={error}>
      <h1>Staff</h1>
      <p class="lead">Owners run the community; moderators help review applications. Staff sign in with the email listed here.</p>
      <table>
        <caption class="visually-hidden">Staff of {community.name}</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {staff.map((s) => (
            <tr>
              <td>{s.email}</td>
              <td>
                <span class="badge">{s.role}</span>
              </td>
              <td>{formatDate(s.createdAt)}</td>
              <td>
                <form method="post" action={`${base}/remove`}>
                  <input type="hidden" name="email" value={s.email} />
                  <button type="submit" class="btn small secondary">
                    Remove<span class="visually-hidden"> {s.email}</span>
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section class="card" aria-labelledby="add-staff">
        <h2 id="add-staff">Add a staff member or change a role</h2>
        <form method="post" action={base} novalidate>
          <TextField id="staff-email" name="email" label="Email" type="email" value={values?.email} error={errors.email} />
          <RadioGroup id="staff-role" name="role" label="Role" value={values?.role ?? "moderator"} error={errors.role} options={ROLE_OPTIONS} />
          <div class="actions">
            <button type="submit" class="btn">
              Save staff member
            </button>
          </div>
        </form>
      </section>
    </AdminLayout>
  );
}
