import React from 'react';
import { Text, ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

// A formatted date as a property shows it: unbroken in a list cell, under its label on a record page. `listAs` is
// the list cell's element (AdminJS's own date cells are inline).
const DateText = ({ property, where, text, listAs }) => {
  const { translateProperty } = useTranslation();
  if (where === 'list')
    return (
      <Text as={listAs} style={{ whiteSpace: 'nowrap' }} data-testid={`date-${property.path}`}>
        {text}
      </Text>
    );
  return (
    <ValueGroup label={translateProperty(property.label, property.resourceId)}>
      <Text data-testid={`date-${property.path}`}>{text}</Text>
    </ValueGroup>
  );
};

export default DateText;
