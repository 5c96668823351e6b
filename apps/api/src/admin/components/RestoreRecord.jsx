import React, { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Box, Button, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation } from 'adminjs';

const api = new ApiClient();

// A page with a button rather than a bare action: the restore is a POST carrying the version the user saw.
const RestoreRecord = ({ record, resource }) => {
  const { translateComponent } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [loading, setLoading] = useState(false);

  const submit = async (event) => {
    event.preventDefault();
    setLoading(true);
    const data = new FormData();
    data.set('version', String(record?.params?.version ?? ''));
    try {
      const response = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: 'restore', method: 'post', data });
      if (response.data.notice) addNotice(response.data.notice);
      if (response.data.redirectUrl) navigate(response.data.redirectUrl);
    } finally {
      setLoading(false);
    }
  };

  return (
    <Box as="form" onSubmit={submit} variant="container" data-testid="restore-form">
      <MessageBox variant="info" mb="xl" message={translateComponent('RestoreRecord.explain')} />
      <Text mb="xl">{record?.title}</Text>
      <Button variant="contained" type="submit" disabled={loading} data-testid="restore-submit">
        {translateComponent('RestoreRecord.submit')}
      </Button>
    </Box>
  );
};

export default RestoreRecord;
