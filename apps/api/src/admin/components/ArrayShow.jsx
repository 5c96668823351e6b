import React from 'react';
import { Text, ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

// An empty list (no contracts yet, no signatories named) reads as a dash, not as an empty dashed box.
const ArrayShow = (props) => {
  const { OriginalComponent, property, record } = props;
  const { translateProperty } = useTranslation();
  const prefix = `${property.path}.`;
  const empty = !Object.keys(record?.params ?? {}).some((key) => key.startsWith(prefix));
  if (!empty) return <OriginalComponent {...props} />;
  return (
    <ValueGroup label={translateProperty(property.label, property.resourceId)}>
      <Text color="grey60" data-testid={`empty-${property.path}`}>
        —
      </Text>
    </ValueGroup>
  );
};

export default ArrayShow;
