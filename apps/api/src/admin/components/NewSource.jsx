import React, { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Box, Button, FormGroup, FormMessage, Input, Label, MessageBox, TextArea } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation } from 'adminjs';

const api = new ApiClient();
const LANGUAGES = ['auto', 'kk', 'ru', 'en'];
const PRECISIONS = ['day', 'month', 'year'];
const FIELDS = ['title', 'outlet', 'url', 'publishedOn'];

// Screen 1 of the core loop: a press release pasted or uploaded. The file goes as multipart (AdminJS's own upload
// path); the server reads it, checks its size and type, and on success sends the editor on to enter its records.
const NewSource = ({ resource }) => {
  const { translateComponent: t, translateLabel, translateProperty, translateMessage } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [values, setValues] = useState({ title: '', text: '', outlet: '', url: '', publishedOn: '', publishedOnPrecision: 'day', language: 'auto' });
  const [file, setFile] = useState(null);
  const [refusal, setRefusal] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name) => (event) => setValues({ ...values, [name]: event.target.value });
  // The server sends one message per field, already in the user's language; a field shows the first that concerns it.
  const errorOf = (name) => refusal?.errors?.find((error) => error.field === name || error.field.startsWith(`${name}.`))?.message;

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    const data = new FormData();
    for (const [name, value] of Object.entries(values)) if (name !== 'publishedOnPrecision' || values.publishedOn) data.set(name, value);
    if (file) data.set('file', file);
    try {
      const response = await api.resourceAction({ resourceId: resource.id, actionName: 'new', method: 'post', data });
      if (response.data.notice) addNotice({ ...response.data.notice, message: translateMessage(response.data.notice.message, resource.id) });
      if (response.data.redirectUrl) navigate(response.data.redirectUrl);
      else setRefusal(response.data.refusal ?? { errors: [], message: '' });
    } finally {
      setBusy(false);
    }
  };

  const field = (name, input) => (
    <FormGroup error={!!errorOf(name)} key={name}>
      <Label htmlFor={`source-${name}`}>{translateProperty(name, resource.id)}</Label>
      {input}
      <FormMessage data-testid={`error-${name}`}>{errorOf(name) || null}</FormMessage>
    </FormGroup>
  );
  const nativeSelect = (name, options, labelOf) => (
    <select id={`source-${name}`} value={values[name]} onChange={set(name)} style={{ padding: 8, minWidth: 160 }}>
      {options.map((option) => (
        <option key={option} value={option}>
          {labelOf(option)}
        </option>
      ))}
    </select>
  );

  return (
    <Box as="form" onSubmit={submit} variant="container" data-testid="new-source-form">
      {refusal?.existing ? (
        <MessageBox variant="danger" mb="lg" data-testid="source-duplicate">
          {t('Intake.duplicate')} <Link to={`/admin/resources/${resource.id}/records/${refusal.existing.id}/show`}>«{refusal.existing.title}»</Link>
        </MessageBox>
      ) : refusal?.message ? (
        <MessageBox variant="danger" mb="lg" message={refusal.message} data-testid="source-refusal" />
      ) : null}
      {field('title', <Input id="source-title" value={values.title} onChange={set('title')} width={1} />)}
      {field('text', <TextArea id="source-text" value={values.text} onChange={set('text')} rows={14} width={1} placeholder={t('Intake.pasteHere')} />)}
      {field('file', <input id="source-file" type="file" accept=".txt,.html,.htm,.docx,.pdf" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />)}
      <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 16 }}>
        {field(
          'language',
          nativeSelect('language', LANGUAGES, (code) => (code === 'auto' ? t('Intake.detect') : translateLabel(`language.${code}`, resource.id))),
        )}
        {FIELDS.slice(1).map((name) =>
          field(name, <Input id={`source-${name}`} type={name === 'publishedOn' ? 'date' : 'text'} value={values[name]} onChange={set(name)} />),
        )}
        {field(
          'publishedOnPrecision',
          nativeSelect('publishedOnPrecision', PRECISIONS, (precision) => translateLabel(`publishedOnPrecision.${precision}`, resource.id)),
        )}
      </Box>
      <Button variant="contained" type="submit" disabled={busy} data-testid="new-source-submit">
        {t('Intake.createSource')}
      </Button>
    </Box>
  );
};

export default NewSource;
