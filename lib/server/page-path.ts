// The path of the page being rendered (proxy.ts writes it for every page request), for layouts that must check
// what a deeper segment names: a layout only receives its own and its parents' params.
import { headers } from "next/headers";
import { PATH_HEADER } from "./auth";

/** Decoded path segments of the page being rendered ("/fleets/web/hosts/web-1?x" → ["fleets","web","hosts","web-1"]). */
export async function pageSegments(): Promise<string[]> {
  const path = ((await headers()).get(PATH_HEADER) ?? "/").split("?")[0];
  return path.split("/").filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}
