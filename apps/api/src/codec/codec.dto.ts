import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsObject, IsOptional, ValidateNested } from 'class-validator';

/** One Temporal payload in proto3 JSON: metadata values and data in base64. */
export class CodecPayloadDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string', format: 'byte' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ type: 'string', format: 'byte' })
  @IsOptional()
  @IsBase64()
  data?: string;
}

export class CodecPayloadsDto {
  @ApiProperty({ type: [CodecPayloadDto], maxItems: 1000 })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CodecPayloadDto)
  payloads!: CodecPayloadDto[];
}
