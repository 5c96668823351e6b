import React, { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Box, Button, FormGroup, Label, MessageBox } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { StatusLabel } from './StatusBadge.jsx';
import { StatusChoice } from './status-choice.jsx';

const api = new ApiClient();

// Offers only the statuses the lifecycle table allows next; the comment is kept in the history with the user's name.
const ChangeStatus = ({ record, resource }) => {
  const { translateComponent, translateLabel } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [to, setTo] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState({});
  const [loading, setLoading] = useState(false);
  const params = record?.params ?? {};
  const label = (value) => translateLabel(`status.${value}`, resource.id, { defaultValue: value });
  const targets = Object.keys(params)
    .filter((key) => key.startsWith('allowedTransitions.'))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map((key) => params[key]);
  const options = targets.map((value) => ({ value, label: label(value) }));

  const submit = async (event) => {
    event.preventDefault();
    setLoading(true);
    const data = new FormData();
    data.set('to', to);
    data.set('comment', comment);
    data.set('version', String(params.version ?? ''));
    try {
      const response = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: 'changeStatus', method: 'post', data });
      if (response.data.notice) addNotice(response.data.notice);
      if (response.data.redirectUrl) navigate(response.data.redirectUrl);
      else setErrors(response.data.record?.errors ?? {});
    } finally {
      setLoading(false);
    }
  };

  if (!targets.length) return <MessageBox variant="info" message={translateComponent('ChangeStatus.final')} />;
  return (
    <Box as="form" onSubmit={submit} variant="container" data-testid="change-status-form">
      <FormGroup>
        <Label>{translateComponent('ChangeStatus.current')}</Label>
        <StatusLabel status={params.status} tones={resource.properties.status?.custom?.tones} resourceId={resource.id} testId="current-status" />
      </FormGroup>
      <StatusChoice
        idPrefix="change-status"
        options={options}
        to={to}
        onTo={setTo}
        comment={comment}
        onComment={setComment}
        errors={errors}
        resourceId={resource.id}
        hint
      />
      <Button variant="contained" type="submit" disabled={loading} data-testid="change-status-submit">
        {translateComponent('ChangeStatus.submit')}
      </Button>
    </Box>
  );
};

export default ChangeStatus;
