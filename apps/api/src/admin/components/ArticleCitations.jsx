import React from 'react';
import { Link } from 'react-router-dom';
import { Box, Label, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { pickTitle, recordUrl } from './titles.js';

// The register's records that quote this article, with the passage each one quotes.
const ArticleCitations = ({ record, property }) => {
  const { translateProperty, translateComponent, translateLabel, i18n } = useTranslation();
  let citations;
  try {
    citations = JSON.parse(record.params[property.path] || '[]');
  } catch {
    citations = [];
  }
  return (
    <Box mb="xl" data-testid="article-citations">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {citations.length === 0 ? (
        <Text color="grey60">{translateComponent('RecordSources.empty')}</Text>
      ) : (
        citations.map((citation, index) => (
          <Box key={index} mb="md" p="md" bg="grey20">
            <Text mb="sm">
              <Text as="span" color="grey60" mr="sm">
                {translateLabel(`entityType.${citation.entityType}`, 'Memorandum', { defaultValue: citation.entityType })}:
              </Text>
              <Link to={recordUrl(citation.resourceId, citation.record.id)}>{pickTitle(citation.record, i18n.language) ?? citation.record.id}</Link>
            </Text>
            <Text style={{ fontStyle: 'italic', whiteSpace: 'pre-wrap' }}>«{citation.quote}»</Text>
          </Box>
        ))
      )}
    </Box>
  );
};

export default ArticleCitations;
