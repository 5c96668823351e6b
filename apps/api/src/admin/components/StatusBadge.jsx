import React from 'react';
import { Badge, theme, ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

// The colour of each tone. Which tone a status has is domain/lifecycle.ts's STATUS_TONES, handed to the panel with
// the status property (`custom.tones`), so lists, record pages and the status form colour a status alike.
const TONE_COLOURS = {
  neutral: { bg: 'grey20', color: 'grey80', borderColor: 'grey40' },
  info: { bg: 'info', color: 'white', borderColor: 'info' },
  success: { bg: 'success', color: 'white', borderColor: 'success' },
  warning: { bg: 'warning', color: 'white', borderColor: 'warning' },
  danger: { bg: 'error', color: 'white', borderColor: 'error' },
};

// The same tones as a colour to fill with (the dashboard's bars): a badge's background, a neutral one darker than its grey.
const TONE_FILLS = { neutral: 'grey60', info: 'info', success: 'success', warning: 'warning', danger: 'error' };
export const toneFill = (tones, status) => theme.colors[TONE_FILLS[tones?.[status] ?? 'neutral']];

export const StatusLabel = ({ status, tones, resourceId, testId = 'status-badge' }) => {
  const { translateLabel } = useTranslation();
  const tone = tones?.[status] ?? 'neutral';
  return (
    <Badge {...TONE_COLOURS[tone]} data-testid={testId} data-tone={tone}>
      {translateLabel(`status.${status}`, resourceId, { defaultValue: status })}
    </Badge>
  );
};

// A record's status as a badge coloured by what it means, in lists and on the record's page.
const StatusBadge = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const status = record?.params?.[property.path];
  if (!status) return null;
  const badge = <StatusLabel status={status} tones={property.custom?.tones} resourceId={resource.id} />;
  if (where === 'list') return badge;
  return <ValueGroup label={translateProperty(property.label, resource.id)}>{badge}</ValueGroup>;
};

export default StatusBadge;
