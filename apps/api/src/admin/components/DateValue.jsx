import React from 'react';
import { useTranslation } from 'adminjs';
import DateText from './date-text.jsx';
import { formatDateTime, formatPreciseDate } from './formats.js';

// AdminJS's date and timestamp values in lists and on record pages (DefaultDatetimeList/ShowProperty), written as
// every other date of the panel is (formats.js) rather than as ISO.
const DateValue = ({ property, record, where }) => {
  const { i18n } = useTranslation();
  const value = record.params[property.path];
  // A day is the calendar day stored, whatever the reader's time zone; a timestamp is read in that zone.
  const text = property.type === 'date' ? formatPreciseDate(value, 'day', i18n.language) : formatDateTime(value, i18n.language) || '—';
  return <DateText property={property} where={where} text={text} listAs="span" />;
};

export default DateValue;
