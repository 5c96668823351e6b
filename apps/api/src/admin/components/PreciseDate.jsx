import React from 'react';
import { useTranslation } from 'adminjs';
import DateText from './date-text.jsx';
import { formatPreciseDate } from './formats.js';

// A date as precise as the source (see formatPreciseDate); the precision is the sibling field `<path>Precision`.
const PreciseDate = ({ property, record, where }) => {
  const { i18n } = useTranslation();
  const text = formatPreciseDate(record.params[property.path], record.params[`${property.path}Precision`], i18n.language);
  return <DateText property={property} where={where} text={text} />;
};

export default PreciseDate;
