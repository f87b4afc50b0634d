// One account per role on each test server, made the way a real installation makes them: the bootstrap token
// creates the first admin (it is refused once an admin exists), the admin's token the others; each signs in and
// makes a personal API token. Plus the two that must be refused: a revoked token and the token of a user who was
// disabled afterwards.
import { createToken, createUser, signIn } from "../../../scripts/auth-http";
import type { Role } from "../../../lib/server/principal";

export const PASSWORD = "it-password-0123";

export interface Person {
  id: string;
  email: string;
  role: Role;
  token: string;
}

export interface People {
  admin: Person;
  operator: Person;
  approver: Person;
  viewer: Person;
  /** A viewer's token that was revoked. */
  revokedToken: string;
  /** An admin's token; the admin was disabled after making it. */
  disabled: Person;
}

export async function provisionPeople(url: string, bootstrap: string): Promise<People> {
  let creator = bootstrap;
  const make = async (role: Role, label: string = role): Promise<Person> => {
    const email = `${label}@it.fleetprint`;
    const { id } = await createUser(url, creator, { email, name: `IT ${label}`, password: PASSWORD, role });
    const { token } = await createToken(url, await signIn(url, email, PASSWORD), `it-${label}`);
    return { id, email, role, token };
  };
  const admin = await make("admin");
  creator = admin.token;
  const operator = await make("operator");
  const approver = await make("approver");
  const viewer = await make("viewer");
  const disabled = await make("admin", "disabled-admin");
  const revoked = await createToken(url, await signIn(url, viewer.email, PASSWORD), "it-revoked");
  await expectOk(fetch(`${url}/api/v1/tokens/${revoked.id}`, { method: "DELETE", headers: { authorization: `Bearer ${viewer.token}` } }));
  await expectOk(
    fetch(`${url}/api/v1/users/${disabled.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
      body: JSON.stringify({ disabled: true }),
    }),
  );
  return { admin, operator, approver, viewer, revokedToken: revoked.token, disabled };
}

async function expectOk(p: Promise<Response>) {
  const r = await p;
  if (!r.ok) throw new Error(`${r.url}: ${r.status} ${await r.text()}`);
}
