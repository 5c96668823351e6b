import React from 'react';
import { Text, ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { formatDateTime, formatPreciseDate } from './formats.js';

// AdminJS's date and timestamp values in lists and on record pages (DefaultDatetimeList/ShowProperty), written as
// every other date of the panel is (formats.js) rather than as ISO.
const DateValue = ({ property, record, where }) => {
  const { translateProperty, i18n } = useTranslation();
  const value = record.params[property.path];
  // A day is the calendar day stored, whatever the reader's time zone; a timestamp is read in that zone.
  const text = property.type === 'date' ? formatPreciseDate(value, 'day', i18n.language) : formatDateTime(value, i18n.language) || '—';
  if (where === 'list')
    return (
      <Text as="span" style={{ whiteSpace: 'nowrap' }} data-testid={`date-${property.path}`}>
        {text}
      </Text>
    );
  return (
    <ValueGroup label={translateProperty(property.label, property.resourceId)}>
      <Text data-testid={`date-${property.path}`}>{text}</Text>
    </ValueGroup>
  );
};

export default DateValue;
