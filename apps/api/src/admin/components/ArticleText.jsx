import React from 'react';
import { Box, Label, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

const ArticleText = ({ record, property }) => {
  const { translateProperty } = useTranslation();
  return (
    <Box mb="xl">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      <Box bg="grey20" p="lg" style={{ maxHeight: '60vh', overflowY: 'auto' }}>
        <Text style={{ whiteSpace: 'pre-wrap', lineHeight: 1.6 }} data-testid="article-text">
          {record.params[property.path]}
        </Text>
      </Box>
    </Box>
  );
};

export default ArticleText;
