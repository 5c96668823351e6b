import React from 'react';
import { Box, Label, Text } from '@adminjs/design-system';
import { useCurrentAdmin, useTranslation } from 'adminjs';

// Values for people who run the register, not for the staff who read it: the seed key, the record id, an article's
// file name and checksum. Admins find them under a heading of their own at the end of the page; others see nothing.
const TECHNICAL_FIELDS = ['seedKey', 'key', 'sha256', 'id'];

const TechnicalSection = ({ record, resource }) => {
  const [currentAdmin] = useCurrentAdmin();
  const { translateComponent, translateProperty } = useTranslation();
  if (currentAdmin?.role !== 'admin') return null;
  const params = record?.params ?? {};
  const fields = TECHNICAL_FIELDS.filter((field) => params[field] !== undefined && params[field] !== null && params[field] !== '');
  return (
    <Box mb="xl" data-testid="technical-section">
      <Text as="h4" fontWeight="bold" color="grey60" mb="default">
        {translateComponent('Technical.title')}
      </Text>
      {fields.map((field) => (
        <Box key={field} mb="default" data-testid={`technical-${field}`}>
          <Label>{translateProperty(field, resource.id)}</Label>
          <Text style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{String(params[field])}</Text>
        </Box>
      ))}
    </Box>
  );
};

export default TechnicalSection;
