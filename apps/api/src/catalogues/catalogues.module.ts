/** The catalogues feature: read-only codes and legal basis for every authenticated role. */
import { Module } from '@nestjs/common';
import { CataloguesController } from './catalogues.controller';

@Module({ controllers: [CataloguesController] })
export class CataloguesModule {}
