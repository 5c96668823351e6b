import React from 'react';
import { Box, FormGroup, Label } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { impliedStatus } from './implied-status.js';

const DATE_FIELDS = ['startDate', 'endDate', 'signedOn'];

// The status of a record being created, shown with the one its dates imply ("By its dates: completed") so a visit
// that happened is not saved as "planned" by oversight. Only on create: later changes go through "Change status".
const StatusOnCreate = ({ property, record, onChange, resource }) => {
  const { translateComponent, translateLabel, translateProperty } = useTranslation();
  if (record?.id) return null;
  const { entity, statuses } = property.custom;
  const dates = Object.fromEntries(
    DATE_FIELDS.map((field) => [field, { date: record?.params?.[field] ?? '', precision: record?.params?.[`${field}Precision`] || 'day' }]),
  );
  const implied = translateLabel(`status.${impliedStatus(entity, dates)}`, resource.id);
  return (
    <FormGroup>
      <Label htmlFor="status-on-create">{translateProperty('status', resource.id)}</Label>
      <Box>
        <select
          id="status-on-create"
          value={record?.params?.status ?? ''}
          onChange={(event) => onChange(property.path, event.target.value)}
          data-testid="status-on-create"
          style={{ padding: 8, minWidth: 260 }}
        >
          <option value="">{translateComponent('Intake.statusByDates', { status: implied })}</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {translateLabel(`status.${status}`, resource.id)}
            </option>
          ))}
        </select>
      </Box>
    </FormGroup>
  );
};

export default StatusOnCreate;
