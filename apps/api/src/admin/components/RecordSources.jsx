import React from 'react';
import { Link } from 'react-router-dom';
import { Box, Label, Text } from '@adminjs/design-system';
import { useCurrentAdmin, useTranslation } from 'adminjs';
import { formatPreciseDate } from './formats.js';
import { recordUrl } from './titles.js';

// The passages of source articles that support this record, each linking to its article.
const RecordSources = ({ record, property }) => {
  const { translateProperty, translateComponent, i18n } = useTranslation();
  const [currentAdmin] = useCurrentAdmin();
  // The file name is how the API's `sources[].article` and the seed data name an article: admins' business, not
  // staff's, who know an article by its title, outlet and date.
  const showKey = currentAdmin?.role === 'admin';
  let sources;
  try {
    sources = JSON.parse(record.params[property.path] || '[]');
  } catch {
    sources = [];
  }
  return (
    <Box mb="xl" data-testid="record-sources">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {sources.length === 0 ? (
        <Text color="grey60">{translateComponent('RecordSources.empty')}</Text>
      ) : (
        sources.map((source, index) => (
          <Box key={index} mb="lg" p="lg" bg="grey20" style={{ borderLeft: '4px solid #4268F6' }}>
            <Text mb="sm" style={{ fontStyle: 'italic', whiteSpace: 'pre-wrap' }}>
              «{source.quote}»
            </Text>
            <Text fontSize="sm">
              {translateComponent('RecordSources.article')}:{' '}
              <Link to={recordUrl('SourceArticle', source.article.id)}>{source.article.title || source.article.key}</Link>
              {showKey && source.article.title && source.article.title !== source.article.key ? (
                <Text as="span" color="grey60">
                  {' '}
                  ({source.article.key})
                </Text>
              ) : null}
              {source.article.outlet ? ` — ${source.article.outlet}` : ''}
              {source.article.publishedOn ? `, ${formatPreciseDate(source.article.publishedOn, source.article.publishedOnPrecision, i18n.language)}` : ''}
            </Text>
          </Box>
        ))
      )}
    </Box>
  );
};

export default RecordSources;
