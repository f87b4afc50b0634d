import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/server/errors";

/** Service "not found" errors become the 404 page; anything else goes on to the error boundary. */
export async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  }
}

/** For optional data (a fleet without a spec): "not found" means absent, not an error. */
export async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") return null;
    throw e;
  }
}
