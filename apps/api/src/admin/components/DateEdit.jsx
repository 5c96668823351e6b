import React from 'react';
import { DatePicker, FormGroup, FormMessage } from '@adminjs/design-system';
import { PropertyLabel, useTranslation } from 'adminjs';
import { datePickerProps, dayOfPickerValue, pickerValueOfDay } from './date-picker.js';

// AdminJS's date and time field (DefaultDatetimeEditProperty) with the picker in the reader's language; a day field
// stores the day the reader picked (see dayOfPickerValue).
const DateEdit = (props) => {
  const { property, record, onChange, OriginalComponent } = props;
  const { i18n, tm } = useTranslation();
  const pickerProps = datePickerProps(property.type, i18n.language);
  if (property.type !== 'date') return <OriginalComponent {...props} property={{ ...property, props: { ...pickerProps, ...property.props } }} />;
  const error = record.errors?.[property.path];
  return (
    <FormGroup error={!!error}>
      <PropertyLabel property={property} />
      <DatePicker
        value={pickerValueOfDay(record.params?.[property.path])}
        disabled={property.isDisabled}
        onChange={(iso) => onChange(property.path, dayOfPickerValue(iso))}
        propertyType="date"
        {...pickerProps}
        {...property.props}
      />
      <FormMessage>{error && tm(error.message, property.resourceId)}</FormMessage>
    </FormGroup>
  );
};

export default DateEdit;
