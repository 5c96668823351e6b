import React from 'react';
import { Box, FormGroup, FormMessage, Label, MessageBox, TextArea } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import ArticlePassage from './ArticlePassage.jsx';

// A source's text in its edit form: editable while nothing quotes it; once cited it is sealed (the quotes must keep
// matching it verbatim), so it is shown read-only with a note saying why. The server refuses the change either way.
const SourceTextEdit = ({ record, property, onChange, resource }) => {
  const { translateProperty, translateComponent, translateMessage } = useTranslation();
  const text = record.params[property.path] ?? '';
  const error = record.errors?.[property.path];
  const label = <Label htmlFor={property.path}>{translateProperty(property.label, resource.id)}</Label>;
  if (Number(record.params.citationCount) > 0) {
    return (
      <Box mb="xl" data-testid="source-text-sealed">
        {label}
        <MessageBox variant="info" mb="default" message={translateComponent('SourceMentions.textSealed', { count: Number(record.params.citationCount) })} />
        <ArticlePassage text={text} testId="source-text-readonly" maxHeight="40vh" />
      </Box>
    );
  }
  return (
    <FormGroup error={!!error}>
      {label}
      <TextArea id={property.path} width={1} rows={12} value={text} onChange={(event) => onChange(property.path, event.target.value)} />
      <FormMessage>{error ? translateMessage(error.message, resource.id) : null}</FormMessage>
    </FormGroup>
  );
};

export default SourceTextEdit;
