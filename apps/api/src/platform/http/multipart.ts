/**
 * Routes that take a file upload (multipart/form-data). Every other route accepts JSON bodies only (a body
 * in another format would be silently ignored, so it is refused with 415); a feature module that parses
 * uploads itself names its routes here when it is loaded.
 */
const MULTIPART_ROUTES: RegExp[] = [];

/** Lets multipart/form-data bodies through to routes whose path (without query) matches. */
export function acceptMultipartOn(path: RegExp): void {
  if (!MULTIPART_ROUTES.some((p) => p.source === path.source)) MULTIPART_ROUTES.push(path);
}

export function acceptsMultipart(method: string, path: string): boolean {
  return method === 'POST' && MULTIPART_ROUTES.some((p) => p.test(path));
}
