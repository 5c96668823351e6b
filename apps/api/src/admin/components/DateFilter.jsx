import React from 'react';
import { DatePicker, FormGroup, Label } from '@adminjs/design-system';
import { PropertyLabel, useTranslation } from 'adminjs';
import { datePickerProps } from './date-picker.js';

const pad = (number) => String(number).padStart(2, '0');
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A day field's bound as the day the reader picked (`2026-11-20`). The picker answers with the instant of that day's
 * local midnight, which east of Greenwich is the evening before in UTC, so the server, reading the day of that instant,
 * started the range a day early and ended it a day early (Astana is UTC+5).
 */
const pickedDay = (iso) => {
  if (!iso) return '';
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};
/** The picker shows a day bound (from the address, say) as that day at local midnight, not as UTC midnight's local day. */
const shownDay = (value) => {
  const day = typeof value === 'string' && DAY.exec(value);
  return day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : value;
};

// AdminJS's date range filter (DefaultDatetimeFilterProperty) with both pickers in the reader's language. The values
// it sets are AdminJS's own (`<field>~~from`, `<field>~~to`): days for a date field, instants for a date and time.
const DateFilter = ({ property, filter, onChange }) => {
  const { i18n, translateProperty } = useTranslation();
  const pickerProps = datePickerProps(property.type, i18n.language);
  const days = property.type === 'date';
  const bound = (key) => (
    <DatePicker
      value={days ? shownDay(filter[`${property.path}~~${key}`]) : filter[`${property.path}~~${key}`]}
      onChange={(date) => onChange(`${property.path}~~${key}`, days ? pickedDay(date) : date)}
      propertyType={property.type}
      {...pickerProps}
    />
  );
  return (
    <FormGroup variant="filter">
      <PropertyLabel property={property} filter />
      <Label>{`- ${translateProperty('from')}: `}</Label>
      {bound('from')}
      <Label mt="default">{`- ${translateProperty('to')}: `}</Label>
      {bound('to')}
    </FormGroup>
  );
};

export default DateFilter;
