import "server-only";
// Next's front door to the machine routes (scripts/server.mjs answers the same paths before Next's router).
import { NextResponse } from "next/server";
import { answerMachine, MACHINE_HEADERS, REPORT_LIMIT, type MachineRequest } from "./machine-api";
import { clientIp, errorResponse, readRawBody } from "./http";

export function machineRoute(path: string) {
  return async (req: Request): Promise<Response> => {
    let body: Buffer;
    try {
      body = await readRawBody(req, REPORT_LIMIT);
    } catch (e) {
      const refused = errorResponse(e);
      for (const [k, v] of Object.entries(MACHINE_HEADERS)) refused.headers.set(k, v);
      return refused;
    }
    const request: MachineRequest = { header: (n) => req.headers.get(n), body, ip: clientIp(req) };
    const answer = await answerMachine(path, request);
    return NextResponse.json(answer.json, { status: answer.status, headers: { ...MACHINE_HEADERS, ...answer.headers } });
  };
}
