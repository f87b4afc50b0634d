import { describe, expect, it } from "vitest";
import {
  DONE_HOST_STATUSES,
  FINAL_REQUEST_STATUSES,
  HOST_STATUSES,
  IN_PROGRESS_HOST_STATUSES,
  NOT_STARTED_HOST_STATUSES,
  hostStatusesIn,
  OPEN_HOST_STATUSES,
  OPEN_REQUEST_STATUSES,
  REQUEST_STATUSES,
  isDoneHostStatus,
  isFinalRequestStatus,
  requestPhaseOf,
  requestStatusesIn,
} from "./rebuild-status";

describe("request statuses", () => {
  it("splits into open and final with nothing left over or counted twice", () => {
    expect(FINAL_REQUEST_STATUSES).toEqual(["succeeded", "failed", "rejected", "expired", "cancelled"]);
    expect(OPEN_REQUEST_STATUSES).toEqual(["pending", "approved", "running", "verifying"]);
    expect([...OPEN_REQUEST_STATUSES, ...FINAL_REQUEST_STATUSES].sort()).toEqual([...REQUEST_STATUSES].sort());
  });

  it("groups by phase: pending alone, then the ones being carried out, then the final ones", () => {
    expect(requestStatusesIn("pending")).toEqual(["pending"]);
    expect(requestStatusesIn("active")).toEqual(["approved", "running", "verifying"]);
    expect(requestStatusesIn("final")).toEqual(FINAL_REQUEST_STATUSES);
    expect(requestPhaseOf("verifying")).toBe("active");
  });

  it("answers for any string, unknown ones included", () => {
    expect(isFinalRequestStatus("expired")).toBe(true);
    expect(isFinalRequestStatus("running")).toBe(false);
    expect(isFinalRequestStatus("done")).toBe(false);
  });
});

describe("host statuses", () => {
  it("splits into open and done", () => {
    expect(DONE_HOST_STATUSES).toEqual(["succeeded", "failed", "skipped"]);
    expect(OPEN_HOST_STATUSES).toEqual(["waiting", "queued", "running", "verifying"]);
    expect([...OPEN_HOST_STATUSES, ...DONE_HOST_STATUSES].sort()).toEqual([...HOST_STATUSES].sort());
    expect(NOT_STARTED_HOST_STATUSES).toEqual(["waiting", "queued"]);
    expect(IN_PROGRESS_HOST_STATUSES).toEqual(["running", "verifying"]);
    expect([...NOT_STARTED_HOST_STATUSES, ...IN_PROGRESS_HOST_STATUSES]).toEqual(OPEN_HOST_STATUSES);
    expect(hostStatusesIn("done")).toEqual(DONE_HOST_STATUSES);
    expect(isDoneHostStatus("skipped")).toBe(true);
    expect(isDoneHostStatus("verifying")).toBe(false);
  });
});
