// Helpers shared by the panel's components.

// A record's title or name in the reader's language, else in another one.
const SUFFIX = { kk: 'Kk', ru: 'Ru', en: 'En' };
const LANGUAGES = ['ru', 'kk', 'en'];

export const pickTitle = (values, language) => {
  if (!values) return undefined;
  const order = [language, ...LANGUAGES.filter((candidate) => candidate !== language)];
  for (const prefix of ['title', 'name']) {
    for (const candidate of order) {
      const value = values[`${prefix}${SUFFIX[candidate] ?? ''}`];
      if (typeof value === 'string' && value.trim()) return value;
    }
  }
  return undefined;
};

export const recordUrl = (resourceId, recordId) => `/admin/resources/${resourceId}/records/${recordId}/show`;

// The seed loader (seed.service.ts) records its changes as the system actor "seed": staff read it as the initial
// load, in their language, not as the loader's name.
export const SEED_ACTOR_NAME = 'seed';
export const actorLabel = (name, translateComponent) => (name === SEED_ACTOR_NAME ? translateComponent('Actors.seed') : name);
