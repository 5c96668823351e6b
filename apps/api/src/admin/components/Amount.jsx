import React from 'react';
import { Text, ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { formatAmount } from './formats.js';

// A contract amount with its currency's sign, as the reader's language writes it (see formatAmount).
const Amount = ({ property, record, where }) => {
  const { translateProperty, i18n } = useTranslation();
  const text = formatAmount(record.params[property.path], record.params.currency, i18n.language);
  if (where === 'list')
    return (
      <Text style={{ whiteSpace: 'nowrap' }} data-testid={`amount-${property.path}`}>
        {text}
      </Text>
    );
  return (
    <ValueGroup label={translateProperty(property.label, property.resourceId)}>
      <Text data-testid={`amount-${property.path}`}>{text}</Text>
    </ValueGroup>
  );
};

export default Amount;
