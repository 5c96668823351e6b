import React from 'react';
import { Text, ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { formatPreciseDate } from './formats.js';

// A date as precise as the source (see formatPreciseDate); the precision is the sibling field `<path>Precision`.
const PreciseDate = ({ property, record, where }) => {
  const { translateProperty, i18n } = useTranslation();
  const text = formatPreciseDate(record.params[property.path], record.params[`${property.path}Precision`], i18n.language);
  if (where === 'list')
    return (
      <Text style={{ whiteSpace: 'nowrap' }} data-testid={`date-${property.path}`}>
        {text}
      </Text>
    );
  return (
    <ValueGroup label={translateProperty(property.label, property.resourceId)}>
      <Text data-testid={`date-${property.path}`}>{text}</Text>
    </ValueGroup>
  );
};

export default PreciseDate;
