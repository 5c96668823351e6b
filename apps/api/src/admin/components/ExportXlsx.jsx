import React from 'react';
import { useLocation } from 'react-router-dom';
import { Box, Button, Icon, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

// The list's spreadsheet: the same filters and sort as the list it was opened from (the drawer keeps them in the URL).
const ExportXlsx = ({ resource }) => {
  const { translateComponent: tc } = useTranslation();
  const query = new URLSearchParams(useLocation().search);
  const kept = new URLSearchParams([...query.entries()].filter(([key]) => key.startsWith('filters.') || key === 'sortBy' || key === 'direction'));
  const href = `/admin/export/${encodeURIComponent(resource.id)}${kept.toString() ? `?${kept}` : ''}`;
  const filters = [...kept.keys()].filter((key) => key.startsWith('filters.')).length;
  return (
    <Box variant="container" data-testid="export-xlsx">
      <Text mb="lg">{filters ? tc('ExportXlsx.filtered', { count: filters }) : tc('ExportXlsx.all')}</Text>
      <Button as="a" href={href} download variant="contained" data-testid="export-xlsx-download">
        <Icon icon="Download" />
        {tc('ExportXlsx.download')}
      </Button>
    </Box>
  );
};

export default ExportXlsx;
