import React from 'react';
import { DatePicker, FormGroup, Label } from '@adminjs/design-system';
import { PropertyLabel, useTranslation } from 'adminjs';
import { datePickerProps, dayOfPickerValue, pickerValueOfDay } from './date-picker.js';

// AdminJS's date range filter (DefaultDatetimeFilterProperty) with both pickers in the reader's language. The values
// it sets are AdminJS's own (`<field>~~from`, `<field>~~to`): for a date field the day the reader picked (2026-11-25),
// not the instant of its local midnight, which east of Greenwich is the evening before in UTC, so a range started and
// ended a day early; for a date and time, the instant.
const DateFilter = ({ property, filter, onChange }) => {
  const { i18n, translateProperty } = useTranslation();
  const pickerProps = datePickerProps(property.type, i18n.language);
  const days = property.type === 'date';
  const bound = (key) => (
    <DatePicker
      value={days ? pickerValueOfDay(filter[`${property.path}~~${key}`]) : filter[`${property.path}~~${key}`]}
      onChange={(date) => onChange(`${property.path}~~${key}`, days ? dayOfPickerValue(date) : date)}
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
