import React, { useState } from 'react';
import { Link } from 'react-router-dom';
import { Box, Button, FormGroup, FormMessage, Input, Label, MessageBox, Select, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation } from 'adminjs';

const api = new ApiClient();

// Creates an API key and shows its secret this one time: only its hash is stored.
const CreateApiKey = ({ resource }) => {
  const { translateComponent, translateMessage } = useTranslation();
  const addNotice = useNotice();
  const [name, setName] = useState('');
  const [scope, setScope] = useState('read');
  const [errors, setErrors] = useState({});
  const [created, setCreated] = useState(null);
  const options = [
    { value: 'read', label: translateComponent('CreateApiKey.read') },
    { value: 'write', label: translateComponent('CreateApiKey.write') },
  ];

  const submit = async (event) => {
    event.preventDefault();
    const data = new FormData();
    data.set('name', name);
    data.set('scope', scope);
    const response = await api.resourceAction({ resourceId: resource.id, actionName: 'new', method: 'post', data });
    if (response.data.notice) addNotice(response.data.notice);
    if (response.data.record?.params?.secret) setCreated(response.data.record.params);
    else setErrors(response.data.record?.errors ?? {});
  };

  if (created) {
    return (
      <Box variant="container">
        <MessageBox variant="success" message={translateComponent('CreateApiKey.shownOnce')} mb="lg" />
        <Text mb="sm">{created.name}</Text>
        <Box p="lg" bg="grey20" mb="lg">
          <code data-testid="api-key-secret" style={{ wordBreak: 'break-all', userSelect: 'all' }}>
            {created.secret}
          </code>
        </Box>
        <Link to={`/admin/resources/${resource.id}`}>{translateComponent('CreateApiKey.backToList')}</Link>
      </Box>
    );
  }
  return (
    <Box as="form" onSubmit={submit} variant="container">
      <FormGroup error={!!errors.name}>
        <Label required htmlFor="api-key-name">
          {translateComponent('CreateApiKey.name')}
        </Label>
        <Input id="api-key-name" value={name} onChange={(event) => setName(event.target.value)} width={1} />
        <FormMessage>{errors.name ? translateMessage(errors.name.message, resource.id) : null}</FormMessage>
      </FormGroup>
      <FormGroup>
        <Label>{translateComponent('CreateApiKey.scope')}</Label>
        <Select value={options.find((option) => option.value === scope)} options={options} onChange={(selected) => setScope(selected?.value ?? 'read')} />
      </FormGroup>
      <Button variant="contained" type="submit">
        {translateComponent('CreateApiKey.create')}
      </Button>
    </Box>
  );
};

export default CreateApiKey;
