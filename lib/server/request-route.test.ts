import { describe, expect, it } from "vitest";
import { routeOf } from "./request-route";

describe("routeOf", () => {
  it("names the API route a path belongs to", () => {
    expect(routeOf("/api/v1/hosts/web-17/drift")).toBe("/api/v1/hosts/{hostname}/drift");
    expect(routeOf("/api/v1/fleets/web/spec")).toBe("/api/v1/fleets/{name}/spec");
    expect(routeOf("/api/v1/fleets/web/alerts/3/test")).toBe("/api/v1/fleets/{name}/alerts/{id}/test");
  });

  it("prefers a literal route over a template that would also match", () => {
    expect(routeOf("/api/v1/rebuilds/dispatched")).toBe("/api/v1/rebuilds/dispatched");
    expect(routeOf("/api/v1/fleets/web/alerts/deliveries")).toBe("/api/v1/fleets/{name}/alerts/deliveries");
    expect(routeOf("/api/v1/checkin")).toBe("/api/v1/checkin");
  });

  it("keeps a page's path, and a path no route has", () => {
    expect(routeOf("/fleets/web/hosts/web-17")).toBe("/fleets/web/hosts/web-17");
    expect(routeOf("/api/v1/nothing/here")).toBe("/api/v1/nothing/here");
  });
});
