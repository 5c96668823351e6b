import React from 'react';
import { Text, ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/** The items of an array property in a flattened record (`spheres.0`, `spheres.1`, …), in their order. */
const itemsOf = (params, path) => {
  const prefix = `${path}.`;
  return Object.keys(params)
    .filter((key) => key.startsWith(prefix) && /^\d+$/.test(key.slice(prefix.length)))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
    .map((key) => params[key]);
};

// An empty list (no contracts yet, no signatories named) reads as a dash, not as an empty dashed box; a list of enum
// values (a memorandum's spheres) as one line of their names in the reader's language («Торговля, Туризм»), not as a
// numbered box per item with the raw key. Other lists are AdminJS's own.
const ArrayShow = (props) => {
  const { OriginalComponent, property, record } = props;
  const { translateProperty, tl } = useTranslation();
  const params = record?.params ?? {};
  // Nothing under the path at all (an array of objects is flattened deeper, `parties.0.role`, so `itemsOf` alone
  // would not tell).
  const empty = !Object.keys(params).some((key) => key.startsWith(`${property.path}.`));
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
  const items = property.availableValues ? itemsOf(params, property.path) : [];
  if (items.length === 0) return <OriginalComponent {...props} />;
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
