/**
 * Reads one uploaded file (multipart/form-data, field `file`) into memory with the configured size limit,
 * and turns every multer failure into a problem document instead of a generic error.
 */
import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { type Observable, from, switchMap } from 'rxjs';
import type { DocumentsConfig } from '@netral/documents';
import { fileRequiredProblem, malformedUploadProblem, tooLargeProblem } from './problems';
import { DOCUMENTS_CONFIG } from './tokens';

export const UPLOAD_FIELD = 'file';

@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  private readonly parse: ReturnType<multer.Multer['single']>;

  constructor(@Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig) {
    this.parse = multer({
      storage: multer.memoryStorage(),
      // Browsers and fetch send a file name as raw UTF-8 in Content-Disposition (WHATWG HTML, multipart/
      // form-data encoding); busboy's default (latin1) turned "Ñ" into "Ã\u0091" and stored that.
      defParamCharset: 'utf8',
      limits: { fileSize: config.maxBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25 },
    }).single(UPLOAD_FIELD);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (!req.is('multipart/form-data')) return from(Promise.reject(fileRequiredProblem()));
    const parsed = new Promise<void>((resolve, reject) => {
      this.parse(req, res, (error: unknown) => {
        if (!error) return resolve();
        if (error instanceof MulterError) {
          if (error.code === 'LIMIT_FILE_SIZE') return reject(tooLargeProblem(this.config.maxBytes));
          if (error.code === 'LIMIT_UNEXPECTED_FILE') {
            return reject(malformedUploadProblem(`one file, in the field "${UPLOAD_FIELD}"`));
          }
          return reject(malformedUploadProblem(error.message.toLowerCase()));
        }
        reject(malformedUploadProblem('the multipart body is malformed'));
      });
    });
    return from(parsed).pipe(switchMap(() => next.handle()));
  }
}
