import React from 'react';
import { Text, ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/** The items of an array property in a flattened record (`spheres.0`, `spheres.1`, …), in their order. */
const itemsOf = (params, path) =>
  Object.keys(params)
    .map((key) => [key, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)$`).exec(key)])
    .filter(([, match]) => match)
    .sort(([, a], [, b]) => Number(a[1]) - Number(b[1]))
    .map(([key]) => params[key]);

// An empty list (no contracts yet, no signatories named) reads as a dash, not as an empty dashed box; a list of enum
// values (a memorandum's spheres) as one line of their names in the reader's language («Торговля, Туризм»), not as a
// numbered box per item with the raw key. Other lists are AdminJS's own.
const ArrayShow = (props) => {
  const { OriginalComponent, property, record } = props;
  const { translateProperty, tl } = useTranslation();
  const items = itemsOf(record?.params ?? {}, property.path);
  const prefix = `${property.path}.`;
  const empty = !Object.keys(record?.params ?? {}).some((key) => key.startsWith(prefix));
  const label = translateProperty(property.label, property.resourceId);
  if (empty) {
    return (
      <ValueGroup label={label}>
        <Text color="grey60" data-testid={`empty-${property.path}`}>
          —
        </Text>
      </ValueGroup>
    );
  }
  if (!property.availableValues || items.length === 0) return <OriginalComponent {...props} />;
  const names = items.map((value) =>
    tl(`${property.path}.${value}`, property.resourceId, { defaultValue: property.availableValues.find((option) => option.value === value)?.label ?? value }),
  );
  return (
    <ValueGroup label={label}>
      <Text data-testid={`values-${property.path}`}>{names.join(', ')}</Text>
    </ValueGroup>
  );
};

export default ArrayShow;
