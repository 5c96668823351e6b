import React from 'react';
import { useTranslation } from 'adminjs';

// react-select's own placeholder is the English "Select...". AdminJS's edit fields hand `property.props` on to their
// select, so the translated placeholder goes in there (a placeholder set on the property itself still wins).
// An item of an enum array (a memorandum's spheres) is looked up by AdminJS under its item path (`spheres.0.trade`),
// where there is no label: its options get the field's labels (`spheres.trade`) as their own.
const SelectPlaceholder = (props) => {
  const { OriginalComponent, property } = props;
  const { translateComponent, translateLabel } = useTranslation();
  const isSelect = property.type === 'reference' || !!property.availableValues;
  if (!isSelect) return <OriginalComponent {...props} />;
  const placeholder = translateComponent('Select.placeholder');
  const isArrayItem = property.path !== property.propertyPath;
  const availableValues =
    isArrayItem && property.availableValues
      ? property.availableValues.map((option) => ({
          ...option,
          label: translateLabel(`${property.propertyPath}.${option.value}`, property.resourceId, { defaultValue: option.label ?? option.value }),
        }))
      : property.availableValues;
  return <OriginalComponent {...props} property={{ ...property, availableValues, props: { placeholder, ...property.props } }} />;
};

export default SelectPlaceholder;
