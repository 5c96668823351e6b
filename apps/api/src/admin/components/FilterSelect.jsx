import React, { useEffect, useState } from 'react';
import { FormGroup, Label, Select, SelectAsync } from '@adminjs/design-system';
import { ApiClient, useTranslation } from 'adminjs';

const api = new ApiClient();

// AdminJS's filter selects (enum values, references, yes/no) pass no props to react-select, whose placeholder is the
// English "Select...". These render the same selects with the placeholder in the reader's language; every other
// filter is AdminJS's own.
const FilterSelect = (props) => {
  const { OriginalComponent, property, filter = {}, onChange } = props;
  const { translateComponent, translateProperty, tl } = useTranslation();
  const kind = property.type === 'reference' ? 'reference' : property.type === 'boolean' ? 'boolean' : property.availableValues ? 'enum' : null;
  const current = filter[property.path];
  // A reference filter's titles by record id, from every search so far: the chosen option keeps its title whatever
  // the reader searches next.
  const [titles, setTitles] = useState({});
  // The options shown before anything is typed, fetched when the menu first opens rather than with every list page:
  // the filter drawer is rendered (hidden) on each list, and three searches at load competed with the list itself.
  const [defaultOptions, setDefaultOptions] = useState(null);
  const [loadingDefaults, setLoadingDefaults] = useState(false);
  const remember = (options) => setTitles((known) => Object.assign({}, known, ...options.map((option) => ({ [option.value]: option.label }))));
  const search = async (query) => {
    const records = await api.searchRecords({ resourceId: property.reference, query });
    const options = records.map((record) => ({ value: record.id, label: record.title }));
    remember(options);
    return options;
  };
  const untitled = kind === 'reference' && current !== undefined && current !== '' && titles[current] === undefined;
  useEffect(() => {
    // A filter already set (from the address) shows its record's title, read once by id.
    if (!untitled) return;
    api
      .recordAction({ resourceId: property.reference, recordId: String(current), actionName: 'show' })
      .then((response) => response.data.record && remember([{ value: String(current), label: response.data.record.title }]))
      .catch(() => remember([{ value: String(current), label: String(current) }]));
  }, [untitled, current]);
  if (!kind) return <OriginalComponent {...props} />;

  const common = {
    variant: 'filter',
    isClearable: true,
    placeholder: translateComponent('Select.placeholder'),
    inputId: `filter-${property.path}`,
  };
  const label = <Label htmlFor={common.inputId}>{translateProperty(property.label, property.resourceId)}</Label>;

  if (kind === 'reference') {
    const loadDefaults = () => {
      if (defaultOptions || loadingDefaults) return;
      setLoadingDefaults(true);
      search('')
        .then(setDefaultOptions, () => setDefaultOptions([]))
        .finally(() => setLoadingDefaults(false));
    };
    const selected = current === undefined || current === '' ? '' : { value: String(current), label: titles[current] ?? '…' };
    return (
      <FormGroup variant="filter">
        {label}
        <SelectAsync
          {...common}
          value={selected}
          cacheOptions
          defaultOptions={defaultOptions ?? []}
          isLoading={loadingDefaults}
          onMenuOpen={loadDefaults}
          loadOptions={search}
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
