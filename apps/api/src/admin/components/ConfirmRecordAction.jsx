import React, { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Box, Button, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation } from 'adminjs';

const api = new ApiClient();

// A record action that changes something (archive, revoke) as a page with a button: the change is a POST carrying
// the version the user saw. AdminJS would call a bare guarded action with GET, and a GET must never change anything.
const ConfirmRecordAction = ({ record, resource, action }) => {
  const { translateMessage, translateAction } = useTranslation();
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
    <Box as="form" onSubmit={submit} variant="container" data-testid="confirm-action-form">
      <MessageBox variant="info" mb="xl" message={translateMessage(action.custom?.message ?? 'confirmDelete', resource.id)} />
      <Text mb="xl">{record?.title}</Text>
      <Button variant="contained" type="submit" disabled={loading} data-testid="confirm-action-submit">
        {translateAction(action.name, resource.id)}
      </Button>
    </Box>
  );
};

export default ConfirmRecordAction;
