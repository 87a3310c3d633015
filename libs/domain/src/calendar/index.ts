// @netral/domain/calendar — for activities and the API, not for workflow code: it loads the date-holidays
// library and the holiday data file, and returns a plain WorkingCalendar for the pure functions in
// @netral/domain (addWorkingDays, workingDaysBetween, computeDueDate, planDeadline).
export * from './holiday-data';
export * from './indonesia';
