import React, { useEffect, useMemo, useState } from 'react';
import { Box, Button, FormGroup, FormMessage, Icon, Label, Select, Text, TextArea } from '@adminjs/design-system';
import { ApiClient, useTranslation } from 'adminjs';

const api = new ApiClient();

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
  const [rows, setRows] = useState(() => initialRows(record.params));
  const [articles, setArticles] = useState([]);

  useEffect(() => {
    // Few articles exist (they are loaded from the seed, never typed in), so all of them are offered at once.
    api.searchRecords({ resourceId: 'SourceArticle', query: '' }).then((found) => {
      setArticles(
        found.map((article) => ({
          value: article.params.key,
          label: article.params.title && article.params.title !== article.params.key ? `${article.params.title} (${article.params.key})` : article.params.key,
        })),
      );
    });
  }, []);

  const options = useMemo(() => {
    const known = new Set(articles.map((option) => option.value));
    return [...articles, ...rows.filter((row) => row.article && !known.has(row.article)).map((row) => ({ value: row.article, label: row.article }))];
  }, [articles, rows]);

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
              <Select
                inputId={`source-article-${index}`}
                value={options.find((option) => option.value === row.article) ?? null}
                options={options}
                placeholder={translateComponent('SourcesEdit.chooseArticle')}
                noOptionsMessage={() => translateComponent('SourcesEdit.noArticles')}
                onChange={(selected) => change(index, 'article', selected?.value ?? '')}
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
