/**
 * The catalogues feature: read-only codes and legal basis for every authenticated role, and the SKB 2022
 * reading each agency's administrator chooses (read by case registration).
 */
import { Module } from '@nestjs/common';
import { CataloguesController } from './catalogues.controller';
import { ViolationReadingController } from './violation-reading.controller';
import { ViolationReadingService } from './violation-reading.service';

@Module({
  controllers: [CataloguesController, ViolationReadingController],
  providers: [ViolationReadingService],
  exports: [ViolationReadingService],
})
export class CataloguesModule {}
