import React from 'react';
import { Text, ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

const LOCALES = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

// A contract amount with its currency, grouped by thousands in the reader's convention: "60 000 000 KZT".
const Amount = ({ property, record, where }) => {
  const { translateProperty, i18n } = useTranslation();
  const raw = record.params[property.path];
  const currency = record.params.currency;
  const number = raw === null || raw === undefined || raw === '' ? NaN : Number(raw);
  const text = Number.isFinite(number)
    ? `${new Intl.NumberFormat(LOCALES[i18n.language] ?? 'ru-RU', { maximumFractionDigits: 2 }).format(number)}${currency ? ` ${currency}` : ''}`
    : '—';
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
