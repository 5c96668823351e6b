import React, { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Box, Button, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { StatusLabel } from './StatusBadge.jsx';
import { StatusChoice } from './status-choice.jsx';

const api = new ApiClient();

// A status change with one reason for all selected records, or their archive (admin/bulk-actions.ts): each record
// is changed on its own through its domain service, and the answer lists what happened to each of them.
const BulkRecordAction = ({ records, resource, action }) => {
  const { translateComponent, translateLabel, translateMessage } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const { mode, statuses = [] } = action.custom ?? {};
  const [to, setTo] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState({});
  const [outcomes, setOutcomes] = useState(null);
  const [loading, setLoading] = useState(false);
  const status = (value) => translateLabel(`status.${value}`, resource.id, { defaultValue: value });
  const options = statuses.map((value) => ({ value, label: status(value) }));
  const tones = resource.properties.status?.custom?.tones;
  if (!records?.length) return <MessageBox variant="info" message={translateComponent('BulkRecordAction.nothingSelected')} />;

  const submit = async (event) => {
    event.preventDefault();
    setLoading(true);
    const data = new FormData();
    if (mode === 'status') {
      data.set('to', to);
      data.set('comment', comment);
    }
    for (const record of records) data.set(`versions.${record.id}`, String(record.params.version ?? ''));
    try {
      const response = await api.bulkAction({
        resourceId: resource.id,
        actionName: action.name,
        recordIds: records.map((record) => record.id),
        method: 'post',
        data,
      });
      if (response.data.notice) addNotice(response.data.notice);
      setErrors(response.data.errors ?? {});
      if (response.data.outcomes) setOutcomes(response.data.outcomes);
    } finally {
      setLoading(false);
    }
  };

  const outcome = (id) => outcomes?.find((item) => item.id === id);
  return (
    <Box as="form" onSubmit={submit} variant="container" data-testid="bulk-action-form">
      <Text mb="lg">{translateComponent(mode === 'status' ? 'BulkRecordAction.statusIntro' : 'BulkRecordAction.archiveIntro', { count: records.length })}</Text>
      <Table mb="xl">
        <TableHead>
          <TableRow>
            <TableCell>{translateComponent('BulkRecordAction.record')}</TableCell>
            <TableCell>{translateComponent('BulkRecordAction.status')}</TableCell>
            <TableCell>{translateComponent('BulkRecordAction.result')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {records.map((record) => {
            const result = outcome(record.id);
            return (
              <TableRow key={record.id} data-testid="bulk-record">
                <TableCell>{record.title}</TableCell>
                <TableCell>
                  {record.params.status ? (
                    <StatusLabel
                      status={result?.done && mode === 'status' ? to : record.params.status}
                      tones={tones}
                      resourceId={resource.id}
                      testId="bulk-status"
                    />
                  ) : null}
                </TableCell>
                <TableCell data-testid="bulk-outcome">
                  {result
                    ? result.done
                      ? translateComponent(mode === 'status' ? 'BulkRecordAction.moved' : 'BulkRecordAction.archived')
                      : translateMessage(result.reason, resource.id)
                    : ''}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {outcomes ? (
        <Button type="button" onClick={() => navigate(`/admin/resources/${resource.id}`)} data-testid="bulk-back">
          {translateComponent('BulkRecordAction.back')}
        </Button>
      ) : (
        <>
          {mode === 'status' ? (
            <>
              <StatusChoice
                idPrefix="bulk-status"
                options={options}
                to={to}
                onTo={setTo}
                comment={comment}
                onComment={setComment}
                errors={errors}
                resourceId={resource.id}
                rows={3}
              />
            </>
          ) : null}
          <Button variant="contained" type="submit" disabled={loading} data-testid="bulk-submit">
            {translateComponent(mode === 'status' ? 'ChangeStatus.submit' : 'BulkRecordAction.archiveSubmit')}
          </Button>
        </>
      )}
    </Box>
  );
};

export default BulkRecordAction;
