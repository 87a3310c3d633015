/** What every gRPC handler gets besides its request, and the shapes handlers share. */
export interface CallContext {
  signal: AbortSignal;
  /** Milliseconds until the caller's deadline (Infinity when none). */
  timeLeftMs(): number;
}

export type Handler = (req: never, ctx: CallContext) => Promise<object>;

/** Long operations answer a little before the caller's deadline so that the answer arrives. */
export function waitBudget(ctx: CallContext, cap: number): number {
  return Math.max(0, Math.min(cap, ctx.timeLeftMs() - 1000));
}

/** Checks a request's namespace (set, and known) and answers its name. */
export type NamespaceCheck = (name: string | null | undefined) => string;
