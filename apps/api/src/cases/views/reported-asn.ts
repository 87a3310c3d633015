/**
 * The reported ASN as the API shows it: one home for the case detail (../views.ts) and the case lists
 * (./case-list.ts), so neither imports the other.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EMPLOYEE_TYPES } from '@netral/domain';

export class ReportedAsnView {
  @ApiProperty({ type: String, nullable: true, example: '198001012005011001' }) nip!: string | null;
  @ApiProperty({ example: 'Dedi Kurniawan' }) name!: string;
  @ApiProperty({ example: 'Kepala Seksi Pelayanan' }) position!: string;
  @ApiProperty({ example: 'Kecamatan Bekasi Timur' }) unit!: string;
  @ApiProperty({ example: 'Pemerintah Kota Bekasi' }) agency!: string;
  @ApiProperty({ enum: EMPLOYEE_TYPES, example: 'PNS' }) employeeType!: string;
  @ApiPropertyOptional({
    description: 'Golongan, when given (the Tim Pemeriksa is held to it)',
    example: 'III/c',
  })
  grade?: string;
}
