/** The remote payload codec for the Temporal UI (see codec.controller.ts). */
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { CodecController, CodecCorsMiddleware } from './codec.controller';

@Module({ controllers: [CodecController], providers: [CodecCorsMiddleware] })
export class CodecModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CodecCorsMiddleware).forRoutes({ path: 'codec/*path', method: RequestMethod.ALL });
  }
}
