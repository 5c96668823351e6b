import React, { useEffect, useState } from 'react';
import { Box, Button, Input, Label, MessageBox, SelectAsync } from '@adminjs/design-system';
import { ApiClient } from 'adminjs';
import { pickTitle } from './titles.js';

export const PARTY_KINDS = ['region', 'foreign_region', 'city', 'district', 'country', 'organisation', 'agency'];
const api = new ApiClient();
const entryOf = (similar) => ({ id: similar.id, nameKk: similar.name.kk, nameRu: similar.name.ru, nameEn: similar.name.en });

/**
 * A party or person the directory lacks, added without leaving the page (the intake page and every record form).
 * A near name found first is offered instead ("Павлодарская область already exists"). `kinds` are what may be added:
 * 'person' and the party kinds. `post(op, json)` calls the server's quick-add operations and resolves to its answer.
 */
const NewDirectoryEntry = ({ t, translateLabel, language, kinds, initialName = '', selectedText, post, onAdd, testId = 'new-entry' }) => {
  const [name, setName] = useState(initialName);
  const [kind, setKind] = useState(kinds[0]);
  const [countries, setCountries] = useState(null);
  const [countryCode, setCountryCode] = useState('');
  const [party, setParty] = useState(null);
  const [similar, setSimilar] = useState(null);
  const [error, setError] = useState('');
  const isPerson = kind === 'person';
  const entryKind = isPerson ? 'person' : 'party';

  useEffect(() => {
    if (isPerson || countries) return;
    post('countries', {}).then((result) => setCountries(result.countries ?? []));
  }, [isPerson, countries]);

  const reset = () => {
    setName('');
    setSimilar(null);
    setError('');
  };
  const create = async () => {
    const result = isPerson
      ? await post('createPerson', { name, partyId: party?.value })
      : await post('createParty', { name, kind, countryCode: countryCode || undefined });
    if (result.created) {
      onAdd(entryKind, result.created);
      reset();
    } else setError(result.refusal?.errors?.map((e) => e.message).join('; ') || result.refusal?.message || '');
  };
  const check = async () => {
    const result = await post('similar', { name, kind: entryKind });
    if (result.similar?.length) setSimilar(result.similar);
    else await create();
  };
  const use = (entry) => {
    onAdd(entryKind, entryOf(entry));
    reset();
  };
  const loadParties = async (query) => (await api.searchRecords({ resourceId: 'Party', query })).map((record) => ({ value: record.id, label: record.title }));

  return (
    <Box mt="lg" p="md" bg="white" style={{ border: '1px dashed #bbb' }} data-testid={testId}>
      <Label>{t(kinds.length === 1 ? (isPerson ? 'newPerson' : 'newParty') : 'newEntry')}</Label>
      <Box flex flexWrap="wrap" style={{ gap: 8 }}>
        <Input value={name} onChange={(event) => setName(event.target.value)} data-testid={`${testId}-name`} style={{ flex: '1 1 200px' }} />
        {selectedText !== undefined ? (
          <Button size="sm" type="button" disabled={!selectedText} onClick={() => setName(selectedText)} data-testid={`${testId}-from-selection`}>
            {t('useSelection')}
          </Button>
        ) : null}
        {kinds.length > 1 ? (
          <select value={kind} onChange={(event) => setKind(event.target.value)} data-testid={`${testId}-kind`} style={{ padding: 6 }}>
            {kinds.map((value) => (
              <option key={value} value={value}>
                {value === 'person' ? t('kind.person') : translateLabel(`kind.${value}`, 'Party')}
              </option>
            ))}
          </select>
        ) : null}
        {!isPerson ? (
          <select
            value={countryCode}
            onChange={(event) => setCountryCode(event.target.value)}
            data-testid={`${testId}-country`}
            aria-label={t('country')}
            style={{ padding: 6 }}
          >
            <option value="">{t('homeCountry')}</option>
            {(countries ?? []).map((country) => (
              <option key={country.id} value={country.countryCode}>
                {pickTitle(country, language) ?? country.countryCode}
              </option>
            ))}
          </select>
        ) : null}
        <Button size="sm" type="button" disabled={!name.trim()} onClick={check} data-testid={`${testId}-add`}>
          {t('addToDirectory')}
        </Button>
      </Box>
      {isPerson ? (
        <Box mt="sm" data-testid={`${testId}-party`}>
          <Label>{t('personParty')}</Label>
          <SelectAsync cacheOptions defaultOptions isClearable loadOptions={loadParties} value={party} onChange={setParty} />
        </Box>
      ) : null}
      {similar ? (
        <MessageBox variant="warning" mt="md" data-testid="similar-warning">
          {similar.map((entry) => (
            <Box key={entry.id} mb="sm" data-testid="similar-entry">
              {t('exists', { name: pickTitle(entryOf(entry), language) })}{' '}
              <Button size="sm" type="button" onClick={() => use(entry)} data-testid="use-similar">
                {t('useIt')}
              </Button>
            </Box>
          ))}
          <Button size="sm" type="button" onClick={create} data-testid="create-anyway">
            {t('createAnyway')}
          </Button>
        </MessageBox>
      ) : null}
      {error ? <MessageBox variant="danger" mt="md" message={error} data-testid={`${testId}-error`} /> : null}
    </Box>
  );
};

export default NewDirectoryEntry;
