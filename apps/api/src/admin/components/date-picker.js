// The design system's date picker (react-datepicker) in the reader's language: month and weekday names, Monday first,
// and the input in the day format the panel writes dates in (formats.js), typed through a mask.
import enGB from 'date-fns/esm/locale/en-GB/index.js';
import kk from 'date-fns/esm/locale/kk/index.js';
import ru from 'date-fns/esm/locale/ru/index.js';
import { DAY_FORMATS } from './formats.js';

const DATE_FNS_LOCALES = { ru, kk, en: enGB };
const MONDAY = 1;

const digits = (count) => Array.from({ length: count }, () => ({ regex: '\\d' }));

/** Props for `DatePicker` (which hands them on to react-datepicker): `date` is a day, `datetime` a day and a time. */
export function datePickerProps(propertyType, language) {
  const known = language in DAY_FORMATS ? language : 'ru';
  const { pattern, separator } = DAY_FORMATS[known];
  const day = [...digits(2), separator, ...digits(2), separator, ...digits(4)];
  const withTime = propertyType === 'datetime';
  return {
    locale: DATE_FNS_LOCALES[known],
    calendarStartDay: MONDAY,
    dateFormat: withTime ? `${pattern} HH:mm` : pattern,
    inputMask: { mask: withTime ? [...day, ' ', ...digits(2), ':', ...digits(2)] : day },
  };
}

/** A calendar day (YYYY-MM-DD) as the picker's Date: that day's local midnight. */
export const pickerValueOfDay = (day) => (day ? `${String(day).slice(0, 10)}T00:00:00` : '');

/**
 * The day the reader picked. The picker answers with its local midnight as an ISO timestamp, which east of Greenwich
 * falls on the day before in UTC: AdminJS's own field cut the time off that timestamp and stored 19.11 for a picked
 * 20.11 in Astana. The day is read in the reader's time zone instead.
 */
export function dayOfPickerValue(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (number) => String(number).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
