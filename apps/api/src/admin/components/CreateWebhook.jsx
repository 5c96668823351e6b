import React, { useState } from 'react';
import { Link } from 'react-router-dom';
import { Box, Button, FormGroup, FormMessage, Input, Label, MessageBox, Select, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation } from 'adminjs';

const api = new ApiClient();

// Creates a webhook subscription and shows its signing secret this one time: the service keeps it only to sign.
const CreateWebhook = ({ resource, action }) => {
  const { translateComponent, translateMessage } = useTranslation();
  const addNotice = useNotice();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState([]);
  const [errors, setErrors] = useState({});
  const [created, setCreated] = useState(null);
  const options = (action.custom?.eventPatterns ?? []).map((pattern) => ({ value: pattern, label: pattern }));

  const submit = async (event) => {
    event.preventDefault();
    const data = new FormData();
    data.set('url', url);
    data.set('events', events.join(','));
    const response = await api.resourceAction({ resourceId: resource.id, actionName: 'new', method: 'post', data });
    if (response.data.notice) addNotice(response.data.notice);
    if (response.data.record?.params?.secret) setCreated(response.data.record);
    else setErrors(response.data.record?.errors ?? {});
  };

  if (created) {
    return (
      <Box variant="container">
        <MessageBox variant="success" message={translateComponent('CreateWebhook.shownOnce')} mb="lg" />
        <Text mb="sm">{created.params.url}</Text>
        <Text mb="sm">{created.params.events}</Text>
        <Box p="lg" bg="grey20" mb="lg">
          <code data-testid="webhook-secret" style={{ wordBreak: 'break-all', userSelect: 'all' }}>
            {created.params.secret}
          </code>
        </Box>
        <Link to={`/admin/resources/${resource.id}/records/${created.id}/show`}>{translateComponent('CreateWebhook.toSubscription')}</Link>
      </Box>
    );
  }
  const fieldError = (field) => (errors[field] ? translateMessage(errors[field].message, resource.id) : null);
  return (
    <Box as="form" onSubmit={submit} variant="container" data-testid="create-webhook-form">
      <FormGroup error={!!errors.url}>
        <Label required htmlFor="webhook-url">
          {translateComponent('CreateWebhook.url')}
        </Label>
        <Input id="webhook-url" value={url} onChange={(event) => setUrl(event.target.value)} width={1} placeholder="https://" />
        <FormMessage>{fieldError('url') ?? translateComponent('CreateWebhook.urlHint')}</FormMessage>
      </FormGroup>
      <FormGroup error={!!errors.events}>
        <Label required htmlFor="webhook-events">
          {translateComponent('CreateWebhook.events')}
        </Label>
        <Select
          inputId="webhook-events"
          isMulti
          value={options.filter((option) => events.includes(option.value))}
          options={options}
          onChange={(selected) => setEvents((selected ?? []).map((option) => option.value))}
        />
        <FormMessage>{fieldError('events') ?? translateComponent('CreateWebhook.eventsHint')}</FormMessage>
      </FormGroup>
      <Button variant="contained" type="submit">
        {translateComponent('CreateWebhook.create')}
      </Button>
    </Box>
  );
};

export default CreateWebhook;
