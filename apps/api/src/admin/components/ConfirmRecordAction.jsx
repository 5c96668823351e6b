import React, { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Box, Button, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation } from 'adminjs';

const api = new ApiClient();

// A record action that changes something (archive, revoke) as a page with a button: the change is a POST carrying
// the version the user saw. AdminJS would call a bare guarded action with GET, and a GET must never change anything.
// `action.custom` says what the page reads: `message` (a message key) or `texts` (a component's explain and submit
// texts), and the `testId` prefix of its form.
const ConfirmRecordAction = ({ record, resource, action }) => {
  const { translateMessage, translateAction, translateComponent } = useTranslation();
  const { message = 'confirmDelete', texts, testId = 'confirm-action' } = action.custom ?? {};
  const explain = texts ? translateComponent(`${texts}.explain`) : translateMessage(message, resource.id);
  const label = texts ? translateComponent(`${texts}.submit`) : translateAction(action.name, resource.id);
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [loading, setLoading] = useState(false);

  const submit = async (event) => {
    event.preventDefault();
    setLoading(true);
    const data = new FormData();
    data.set('version', String(record?.params?.version ?? ''));
    try {
      const response = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, method: 'post', data });
      if (response.data.notice) addNotice(response.data.notice);
      if (response.data.redirectUrl) navigate(response.data.redirectUrl);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Box as="form" onSubmit={submit} variant="container" data-testid={`${testId}-form`}>
      <MessageBox variant="info" mb="xl" message={explain} />
      <Text mb="xl">{record?.title}</Text>
      <Button variant="contained" type="submit" disabled={loading} data-testid={`${testId}-submit`}>
        {label}
      </Button>
    </Box>
  );
};

export default ConfirmRecordAction;
