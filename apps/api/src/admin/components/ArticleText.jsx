import React, { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Box, Button, Label, Text } from '@adminjs/design-system';
import { ApiClient, useCurrentAdmin, useTranslation, ViewHelpers } from 'adminjs';
import ArticlePassage, { MENTION_COLOURS } from './ArticlePassage.jsx';
import { formatAmount, formatPreciseDate } from './formats.js';

const api = new ApiClient();
const h = new ViewHelpers();
/** The record types a passage can start, by their panel resource. */
const CITING = ['Visit', 'Memorandum', 'Contract', 'FollowUp'];

// The source's text with what it names marked (parties, people, dates, amounts, counts; found by the server's mention
// finder through the read-only `mentions` action), and for staff who may create records, a toolbar that starts a
// record citing the passage they select.
const ArticleText = ({ record, property, resource }) => {
  const { translateProperty, translateComponent, i18n } = useTranslation();
  const [currentAdmin] = useCurrentAdmin();
  const navigate = useNavigate();
  const [found, setFound] = useState({ mentions: [], names: {} });
  const [quote, setQuote] = useState(null);
  const text = record.params[property.path] ?? '';
  const mayCreate = ['admin', 'editor'].includes(currentAdmin?.role) && !record.params.archivedAt;

  useEffect(() => {
    api
      .recordAction({ resourceId: resource.id, recordId: record.id, actionName: 'mentions' })
      .then((response) => setFound({ mentions: response.data.mentions ?? [], names: response.data.names ?? {} }))
      // Without mentions the text still reads and can still be cited.
      .catch(() => undefined);
  }, [record.id]);

  const kind = (name) => translateComponent(`SourceMentions.${name}`);
  const describe = (mention) => {
    const value = mention.value ?? {};
    const what =
      mention.kind === 'party' || mention.kind === 'person'
        ? found.names[mention.partyId ?? mention.personId]
        : mention.kind === 'date'
          ? formatPreciseDate(value.date, value.precision, i18n.language)
          : mention.kind === 'amount'
            ? formatAmount(value.amount, value.currency, i18n.language)
            : `${value.atLeast ? '≥ ' : ''}${value.count}`;
    return `${kind(mention.kind)}: ${what ?? mention.text}`;
  };
  const onSelect = useCallback((passage) => setQuote(passage), []);
  const start = (resourceId) =>
    navigate(h.resourceActionUrl({ resourceId, actionName: 'new', search: `?${new URLSearchParams({ sourceArticle: record.params.key, quote })}` }));

  return (
    <Box mb="xl">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      <Box flex flexWrap="wrap" mb="default" data-testid="mention-legend" style={{ gap: 8 }}>
        {Object.entries(MENTION_COLOURS).map(([name, colour]) => (
          <Text as="span" key={name} fontSize="sm" px="sm" style={{ background: colour, borderRadius: 3 }}>
            {kind(name)}
          </Text>
        ))}
      </Box>
      {mayCreate ? (
        <Box flex flexWrap="wrap" alignItems="center" mb="default" style={{ gap: 8, minHeight: 32 }} data-testid="passage-toolbar">
          {quote ? (
            <>
              <Text fontSize="sm">{translateComponent('SourceMentions.createFrom')}</Text>
              {CITING.map((resourceId) => (
                <Button key={resourceId} type="button" size="sm" variant="outlined" onClick={() => start(resourceId)} data-testid={`create-${resourceId}`}>
                  {translateComponent(`SourceMentions.create${resourceId}`)}
                </Button>
              ))}
            </>
          ) : (
            <Text fontSize="sm" color="grey60">
              {translateComponent('SourceMentions.selectHint')}
            </Text>
          )}
        </Box>
      ) : null}
      <ArticlePassage text={text} mentions={found.mentions} describe={describe} onSelect={mayCreate ? onSelect : undefined} />
    </Box>
  );
};

export default ArticleText;
