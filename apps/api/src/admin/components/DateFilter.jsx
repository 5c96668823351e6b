import React from 'react';
import { DatePicker, FormGroup, Label } from '@adminjs/design-system';
import { PropertyLabel, useTranslation } from 'adminjs';
import { datePickerProps } from './date-picker.js';

// AdminJS's date range filter (DefaultDatetimeFilterProperty) with both pickers in the reader's language. The values
// it sets are AdminJS's own (`<field>~~from`, `<field>~~to`).
const DateFilter = ({ property, filter, onChange }) => {
  const { i18n, translateProperty } = useTranslation();
  const pickerProps = datePickerProps(property.type, i18n.language);
  const bound = (key) => (
    <DatePicker
      value={filter[`${property.path}~~${key}`]}
      onChange={(date) => onChange(`${property.path}~~${key}`, date)}
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
