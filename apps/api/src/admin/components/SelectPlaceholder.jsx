import React from 'react';
import { useTranslation } from 'adminjs';

// react-select's own placeholder is the English "Select...". AdminJS's edit fields hand `property.props` on to their
// select, so the translated placeholder goes in there (a placeholder set on the property itself still wins).
const SelectPlaceholder = (props) => {
  const { OriginalComponent, property } = props;
  const { translateComponent } = useTranslation();
  const isSelect = property.type === 'reference' || !!property.availableValues;
  if (!isSelect) return <OriginalComponent {...props} />;
  const placeholder = translateComponent('Select.placeholder');
  return <OriginalComponent {...props} property={{ ...property, props: { placeholder, ...property.props } }} />;
};

export default SelectPlaceholder;
