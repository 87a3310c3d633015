// The Indonesian holiday and cuti bersama data file (libs/domain/data/holidays-id.json). Imported only by the
// calendar entry point (@netral/domain/calendar), never by the main index used inside workflows.
import holidaysIdJson from '../data/holidays-id.json';

export const bundledHolidayData: unknown = holidaysIdJson;
