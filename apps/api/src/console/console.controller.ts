/**
 * Serves the officer and auditor console (static files built from apps/console) under /console, with a
 * fallback to its index page so that bookmarked screens (`/console/kasus/NTR-…`) load, and redirects `/`
 * there. The files are public like any web page; every piece of data they show comes from the API with
 * the user's token.
 */
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { join, normalize, sep } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { notFoundProblem, Public } from '../platform';
import { CONSOLE_DIR } from './console.tokens';

export const CONSOLE_PATH = '/console';

@ApiExcludeController()
@Controller()
export class ConsoleController {
  constructor(@Inject(CONSOLE_DIR) private readonly dir: string | undefined) {}

  @Get()
  @Public()
  root(@Res() res: Response): void {
    res.redirect(302, `${CONSOLE_PATH}/`);
  }

  @Get(['console', 'console/*path'])
  @Public()
  console(@Req() req: Request, @Res() res: Response): void {
    if (!this.dir) throw notFoundProblem('console (run `npm run build` to build it)');
    const relative = decodeURIComponent(req.path.slice(CONSOLE_PATH.length)).replace(/^\/+/, '');
    const file = normalize(join(this.dir, relative));
    const inside = file.startsWith(this.dir + sep);
    if (relative && inside && existsSync(file) && statSync(file).isFile()) {
      // Vite names assets by content hash: they never change, the index page always may.
      const immutable = relative.startsWith('assets/');
      res.sendFile(file, {
        headers: { 'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' },
      });
      return;
    }
    if (relative.startsWith('assets/')) throw notFoundProblem('file');
    res.sendFile(join(this.dir, 'index.html'), { headers: { 'Cache-Control': 'no-cache' } });
  }
}
