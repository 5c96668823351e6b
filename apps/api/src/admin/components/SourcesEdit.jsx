import React, { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { Box, Button, FormGroup, FormMessage, Icon, Label, SelectAsync, Text, TextArea } from '@adminjs/design-system';
import { ApiClient, useTranslation } from 'adminjs';
import ArticlePassage from './ArticlePassage.jsx';

const api = new ApiClient();

const optionOf = (article) => ({
  value: article.params.key,
  label: article.params.title && article.params.title !== article.params.key ? `${article.params.title} (${article.params.key})` : article.params.key,
  text: article.params.text,
});
// AdminJS's search API over the sources (title or file name); archived sources are not offered.
const searchArticles = (query) => api.searchRecords({ resourceId: 'SourceArticle', query }).then((found) => found.map(optionOf));

// "Create from this passage" on a source's page opens a new record's form with `?sourceArticle=<key>&quote=<passage>`.
const prefilledRow = (search) => {
  const query = new URLSearchParams(search);
  return query.get('sourceArticle') && query.get('quote') ? { article: query.get('sourceArticle'), quote: query.get('quote') } : undefined;
};

// Rows the page already holds: the posted `sources.N.*` params after a refused save, else the record's citations.
const initialRows = (params) => {
  const posted = Object.keys(params).filter((key) => /^sources\.\d+\.(article|quote)$/.test(key));
  if (posted.length) {
    const rows = [];
    for (const key of posted) {
      const [, index, field] = key.split('.');
      rows[Number(index)] = { ...(rows[Number(index)] ?? { article: '', quote: '' }), [field]: params[key] ?? '' };
    }
    return rows.filter(Boolean);
  }
  try {
    return JSON.parse(params.sourcesJson || '[]').map((source) => ({ article: source.article.key, quote: source.quote }));
  } catch {
    return [];
  }
};

// The record's citations, edited as rows of article and verbatim quote. The service checks each quote against its
// article when the form is saved; its refusals come back per row (`sources.N.quote`) and are shown under that row.
const SourcesEdit = ({ record, property, onChange, resource }) => {
  const { translateProperty, translateComponent, translateMessage, translateButton } = useTranslation();
  const location = useLocation();
  const prefilled = record.id ? undefined : prefilledRow(location.search);
  const [rows, setRows] = useState(() =>
    prefilled && !Object.keys(record.params).some((key) => key.startsWith('sources.')) ? [prefilled] : initialRows(record.params),
  );
  // The chosen articles by key (label and text), and the rows whose text box is open for selecting a passage.
  const [chosen, setChosen] = useState({});
  const [open, setOpen] = useState({});

  useEffect(() => {
    // A prefilled citation is part of the form from the start, as if typed in.
    if (prefilled) update(rows);
    // The rows' articles, so their select shows the title and their text box can open.
    for (const key of new Set(rows.map((row) => row.article).filter(Boolean))) {
      searchArticles(key).then((found) => {
        const option = found.find((candidate) => candidate.value === key);
        if (option) setChosen((known) => ({ ...known, [key]: option }));
      });
    }
  }, []);

  const update = (next) => {
    setRows(next);
    onChange(
      property.path,
      next.map((row) => ({ article: row.article, quote: row.quote })),
    );
  };
  const change = (index, field, value) => update(rows.map((row, i) => (i === index ? { ...row, [field]: value } : row)));
  const error = (index, field) => record.errors?.[`${property.path}.${index}.${field}`];

  return (
    <Box mb="xl" data-testid="sources-edit">
      <Label>{translateProperty(property.label, resource.id)}</Label>
      {rows.length === 0 ? (
        <Text color="grey60" mb="default">
          {translateComponent('RecordSources.empty')}
        </Text>
      ) : null}
      {rows.map((row, index) => (
        <Box key={index} p="lg" mb="default" bg="grey20" style={{ borderLeft: '4px solid #4268F6' }} data-testid="source-row">
          <FormGroup error={!!error(index, 'article')}>
            <Label required>{translateComponent('RecordSources.article')}</Label>
            <Box data-testid="source-article">
              <SelectAsync
                inputId={`source-article-${index}`}
                value={row.article ? (chosen[row.article] ?? { value: row.article, label: row.article }) : null}
                defaultOptions
                cacheOptions
                loadOptions={searchArticles}
                placeholder={translateComponent('SourcesEdit.chooseArticle')}
                noOptionsMessage={() => translateComponent('SourcesEdit.noArticles')}
                onChange={(selected) => {
                  if (selected) setChosen((known) => ({ ...known, [selected.value]: selected }));
                  setOpen((rowsOpen) => ({ ...rowsOpen, [index]: !!selected }));
                  change(index, 'article', selected?.value ?? '');
                }}
              />
            </Box>
            <FormMessage>{error(index, 'article') ? translateMessage(error(index, 'article').message, resource.id) : null}</FormMessage>
          </FormGroup>
          <FormGroup error={!!error(index, 'quote')}>
            <Label required htmlFor={`source-quote-${index}`}>
              {translateComponent('RecordSources.quote')}
            </Label>
            <TextArea
              id={`source-quote-${index}`}
              name={`${property.path}.${index}.quote`}
              width={1}
              rows={3}
              value={row.quote}
              onChange={(event) => change(index, 'quote', event.target.value)}
            />
            <Text fontSize="sm" color="grey60" mt="sm">
              {translateComponent('SourcesEdit.quoteHint')}
            </Text>
            <FormMessage>{error(index, 'quote') ? translateMessage(error(index, 'quote').message, resource.id) : null}</FormMessage>
          </FormGroup>
          {chosen[row.article]?.text ? (
            <Box mb="default" data-testid="source-passage">
              <Button type="button" size="sm" variant="text" onClick={() => setOpen((rowsOpen) => ({ ...rowsOpen, [index]: !rowsOpen[index] }))}>
                <Icon icon={open[index] ? 'ChevronUp' : 'ChevronDown'} />
                {translateComponent(open[index] ? 'SourceMentions.hideText' : 'SourceMentions.showText')}
              </Button>
              {open[index] ? (
                <>
                  <Text fontSize="sm" color="grey60" my="sm">
                    {translateComponent('SourceMentions.passageHint')}
                  </Text>
                  <ArticlePassage
                    text={chosen[row.article].text}
                    testId={`source-passage-text-${index}`}
                    maxHeight="40vh"
                    onSelect={(quote) => quote && change(index, 'quote', quote)}
                  />
                </>
              ) : null}
            </Box>
          ) : null}
          <Button
            type="button"
            size="sm"
            variant="outlined"
            color="danger"
            onClick={() => update(rows.filter((_, i) => i !== index))}
            data-testid="source-remove"
          >
            <Icon icon="Trash2" />
            {translateComponent('SourcesEdit.remove')}
          </Button>
        </Box>
      ))}
      <Button type="button" size="sm" variant="outlined" onClick={() => update([...rows, { article: '', quote: '' }])} data-testid="source-add">
        <Icon icon="Plus" />
        {translateButton('addNewItem', resource.id)}
      </Button>
    </Box>
  );
};

export default SourcesEdit;
