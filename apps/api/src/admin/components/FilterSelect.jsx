import React, { useState } from 'react';
import { FormGroup, Label, Select, SelectAsync } from '@adminjs/design-system';
import { ApiClient, useTranslation } from 'adminjs';

const api = new ApiClient();

// AdminJS's filter selects (enum values, references, yes/no) pass no props to react-select, whose placeholder is the
// English "Select...". These render the same selects with the placeholder in the reader's language; every other
// filter is AdminJS's own.
const FilterSelect = (props) => {
  const { OriginalComponent, property, filter = {}, onChange } = props;
  const { translateComponent, translateProperty, tl } = useTranslation();
  const [loaded, setLoaded] = useState([]);
  const kind = property.type === 'reference' ? 'reference' : property.type === 'boolean' ? 'boolean' : property.availableValues ? 'enum' : null;
  if (!kind) return <OriginalComponent {...props} />;

  const common = {
    variant: 'filter',
    isClearable: true,
    placeholder: translateComponent('Select.placeholder'),
    inputId: `filter-${property.path}`,
  };
  const current = filter[property.path];
  const label = <Label htmlFor={common.inputId}>{translateProperty(property.label, property.resourceId)}</Label>;

  if (kind === 'reference') {
    const loadOptions = async (query) => {
      const records = await api.searchRecords({ resourceId: property.reference, query });
      const options = records.map((record) => ({ value: record.id, label: record.title }));
      setLoaded(options);
      return options;
    };
    const selected = loaded.find((option) => String(option.value) === String(current ?? ''));
    return (
      <FormGroup variant="filter">
        {label}
        <SelectAsync
          {...common}
          value={selected ?? ''}
          cacheOptions
          defaultOptions
          loadOptions={loadOptions}
          onChange={(option) => onChange(property.path, option ? option.value : '')}
        />
      </FormGroup>
    );
  }

  const options =
    kind === 'boolean'
      ? [true, false].map((value) => ({
          value: String(value),
          label: tl(`${property.path}.${value}`, property.resourceId, { defaultValue: translateComponent(`Filter.${value}`) }),
        }))
      : property.availableValues.map((option) => ({
          ...option,
          label: tl(`${property.path}.${option.value}`, property.resourceId, { defaultValue: option.label ?? option.value }),
        }));
  const selected = options.find((option) => option.value === (current === undefined ? '' : String(current)));
  return (
    <FormGroup variant="filter">
      {label}
      <Select {...common} value={selected ?? ''} options={options} onChange={(option) => onChange(property.path, option ? option.value : '')} />
    </FormGroup>
  );
};

export default FilterSelect;
