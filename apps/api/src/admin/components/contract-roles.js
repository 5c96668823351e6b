// Which side of a contract each party of a cited passage is on, guessed from the words of its clause: «поставщик»,
// «жеткізуші», "supplier" make a supplier; «покупатель», «сатып алушы», "buyer" a buyer; any other is a partner.
// A proposal the editor confirms on the card, never a decision. test/admin/contract-roles.spec.ts has the cases.

// \b is ASCII-only in JavaScript: a word ends where no letter follows (?!\p{L}), in any script.
const ROLE_WORDS = {
  supplier: /поставщик|постав(ит|ят|ляет|ляют)(?!\p{L})|жеткізуші|жеткізеді|supplier|(?<!\p{L})suppl(y|ies)(?!\p{L})/iu,
  buyer:
    /покупател|закуп(ит|ят|ает|ают)(?!\p{L})|приобрет(ет|ут|ает|ают)(?!\p{L})|сатып\s+алушы|сатып\s+алады|(?<!\p{L})buyers?(?!\p{L})|purchaser|(?<!\p{L})buys?(?!\p{L})/iu,
};
// Words of the subject («контракт на поставку зерна», «жеткізу туралы») name no side and are not in the lists.
// A clause ends at a full stop, semicolon, comma or line break: «Поставщик — ТОО «А», покупатель — Омская область».
const CLAUSE_END = /[.;,\n]/;

function clauseAround(text, start, end) {
  let from = start;
  while (from > 0 && !CLAUSE_END.test(text[from - 1])) from -= 1;
  let to = end;
  while (to < text.length && !CLAUSE_END.test(text[to])) to += 1;
  return text.slice(from, to);
}

/** `mentions`: the party mentions inside the passage (offsets into `text`); the answer lists party ids per role. */
export function guessContractRoles(text, mentions) {
  const roles = { supplier: [], buyer: [], partner: [] };
  for (const mention of mentions) {
    if (mention.kind !== 'party' || !mention.partyId) continue;
    const clause = clauseAround(text, mention.start, mention.end);
    const role = Object.keys(ROLE_WORDS).find((candidate) => ROLE_WORDS[candidate].test(clause)) ?? 'partner';
    if (!Object.values(roles).some((ids) => ids.includes(mention.partyId))) roles[role].push(mention.partyId);
  }
  return roles;
}
