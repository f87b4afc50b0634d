import { describe, expect, it } from "vitest";
import { hideReceiverText, HIDDEN_ANSWER, receiverSaid } from "./receiver-text";

describe("receiverSaid", () => {
  it("is one short marked line", () => {
    expect(receiverSaid("  Bad\n\tGateway ")).toBe("receiver said “Bad Gateway”");
    expect(receiverSaid("")).toBe("");
    expect(receiverSaid("x".repeat(20) + " " + "y ".repeat(300), 30)).toBe(`receiver said “${("x".repeat(20) + " " + "y ".repeat(300)).slice(0, 30)}…”`);
  });

  it("redacts what looks like a credential", () => {
    const said = receiverSaid(
      '{"AccessKeyId":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","Token":"abc"} Authorization: Bearer eyJhbGciOiJIUzI1NiJ9 postgres://app:hunter2@db:5432 password=hunter2',
      1000,
    );
    for (const secret of ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "eyJhbGciOiJIUzI1NiJ9", "hunter2", '"abc"']) expect(said).not.toContain(secret);
    expect(said).toContain("[redacted]");
  });

  it("cannot be closed early by the receiver", () => {
    expect(receiverSaid("a” then our text “b")).toBe('receiver said “a" then our text "b”');
  });
});

describe("hideReceiverText", () => {
  it("replaces every marked answer and keeps our own words", () => {
    const msg = `the webhook at https://ci.example failed (HTTP 502); ${receiverSaid("upstream db-7 is down")}`;
    expect(hideReceiverText(msg)).toBe(`the webhook at https://ci.example failed (HTTP 502); ${HIDDEN_ANSWER}`);
    expect(hideReceiverText(`${receiverSaid("a")} / ${receiverSaid("b")}`)).toBe(`${HIDDEN_ANSWER} / ${HIDDEN_ANSWER}`);
    expect(hideReceiverText(null)).toBeNull();
  });
});
