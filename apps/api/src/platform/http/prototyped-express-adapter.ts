/**
 * The Express adapter, with the HTTP server building each request and response on Express's own prototypes.
 *
 * Express gives every request its methods with `Object.setPrototypeOf(req, app.request)` (and the same for the
 * response). V8 then keeps the request and response, and everything reachable from them (pino's child
 * loggers, Nest's context, the page being answered), through every young-generation collection until the next
 * mark-compact (#15: a 10-line Express server promoted 8.5 KB per request to the old generation, 0.85 KB with
 * this; a GET /cases of 50 cases 66-80 KB, 47-58 KB with this). Node's server builds them from the
 * `IncomingMessage` and `ServerResponse` it is given: when their prototypes already are Express's, the
 * `setPrototypeOf` changes nothing.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Application } from 'express';

export class PrototypedExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: {
    httpsOptions?: https.ServerOptions;
    forceCloseConnections?: boolean;
  }): void {
    const app = this.getInstance<Application & { request: object; response: object }>();
    // Plain constructor functions, as Node's own are: `new` runs Node's constructor on an object whose
    // prototype is Express's (which itself inherits from Node's).
    function Request(this: http.IncomingMessage, socket: import('node:net').Socket) {
      (http.IncomingMessage as unknown as (this: unknown, s: unknown) => void).call(this, socket);
    }
    function Response(this: http.ServerResponse, req: http.IncomingMessage, opts?: unknown) {
      (http.ServerResponse as unknown as (this: unknown, r: unknown, o: unknown) => void).call(
        this,
        req,
        opts,
      );
    }
    Request.prototype = app.request;
    Response.prototype = app.response;
    const serverOptions = {
      IncomingMessage: Request as unknown as typeof http.IncomingMessage,
      ServerResponse: Response as unknown as typeof http.ServerResponse,
    };
    this.httpServer = options?.httpsOptions
      ? https.createServer({ ...options.httpsOptions, ...serverOptions }, app)
      : http.createServer(serverOptions, app);
    if (options?.forceCloseConnections) {
      (this as unknown as { trackOpenConnections(): void }).trackOpenConnections();
    }
  }
}
